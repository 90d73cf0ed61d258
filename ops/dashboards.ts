// `ops dashboards`, the pure part: Grafana's answers (GET /api/search, GET /api/dashboards/uid/<uid>) against the code's
// dashboards, in the canonical form the program deploys (dashboards/normalize.ts).
import * as path from "path";
import { normalizeDashboardJson } from "../dashboards/normalize";
import { GrafanaDashboardResponse, GrafanaSearchHit } from "./api-types";
import { usageError } from "./errors";

export type Origin = "built-in" | "custom" | "only in Grafana";

export interface DashboardRow {
    readonly uid: string;
    readonly title: string;
    readonly folder: string;
    readonly url: string;
    readonly origin: Origin;
}

/** One row per dashboard Grafana has (search hits of type dash-db), sorted by uid, with where its code lives. */
export function dashboardRows(
    hits: readonly GrafanaSearchHit[],
    grafanaUrl: string,
    builtIn: ReadonlySet<string>,
    custom: ReadonlySet<string>,
): DashboardRow[] {
    return hits
        .filter((h) => h.type === "dash-db")
        .map((h) => ({
            uid: h.uid,
            title: h.title,
            folder: h.folderTitle ?? "General",
            url: `${grafanaUrl.replace(/\/+$/, "")}${h.url}`,
            origin: builtIn.has(h.uid) ? ("built-in" as const) : custom.has(h.uid) ? ("custom" as const) : ("only in Grafana" as const),
        }))
        .sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
}

/**
 * The file `dashboards export` writes: the model normalised as deployed (no id or version, sorted keys), indented for
 * review. Loading it from user/dashboards/ and normalising gives exactly what Grafana holds.
 */
export function exportText(response: GrafanaDashboardResponse): string {
    return `${JSON.stringify(JSON.parse(normalizeDashboardJson(response.dashboard)), null, 2)}\n`;
}

/**
 * Where the export goes: --output, else user/dashboards/<uid>.json. A built-in uid cannot go to user/dashboards/
 * (the next `pulumi up` would refuse the duplicate), and an existing file is kept unless --force.
 */
export function exportTarget(
    uid: string,
    output: string | undefined,
    customDir: string,
    builtIn: ReadonlySet<string>,
    exists: (file: string) => boolean,
    force: boolean,
): string {
    const target = output ?? path.join(customDir, `${uid}.json`);
    if (builtIn.has(uid) && path.resolve(path.dirname(target)) === path.resolve(customDir)) {
        throw usageError(
            `${uid} is a built-in dashboard (dashboards/*.ts): a copy in user/dashboards/ would clash with it; change its code, or pass --output <file> elsewhere`,
        );
    }
    if (exists(target) && !force) throw usageError(`${target} exists; pass --force to overwrite it`);
    return target;
}

export interface JsonDifference {
    /** JSON path such as panels[2].targets[0].expr. */
    readonly path: string;
    /** undefined: the key is absent on that side. */
    readonly code: unknown;
    readonly grafana: unknown;
}

function walk(code: unknown, grafana: unknown, at: string, out: JsonDifference[]): void {
    const isObj = (v: unknown) => v !== null && typeof v === "object";
    if (Array.isArray(code) && Array.isArray(grafana)) {
        for (let i = 0; i < Math.max(code.length, grafana.length); i++) walk(code[i], grafana[i], `${at}[${i}]`, out);
        return;
    }
    if (isObj(code) && isObj(grafana) && !Array.isArray(code) && !Array.isArray(grafana)) {
        const a = code as Record<string, unknown>;
        const b = grafana as Record<string, unknown>;
        for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[key], b[key], at === "" ? key : `${at}.${key}`, out);
        return;
    }
    if (JSON.stringify(code) !== JSON.stringify(grafana)) out.push({ path: at === "" ? "(whole dashboard)" : at, code, grafana });
}

/** How Grafana's copy differs from the code's, both in the deployed canonical form; empty when the same. */
export function diffDashboards(codeModel: Record<string, unknown>, grafanaModel: Record<string, unknown>): JsonDifference[] {
    const out: JsonDifference[] = [];
    walk(JSON.parse(normalizeDashboardJson(codeModel)), JSON.parse(normalizeDashboardJson(grafanaModel)), "", out);
    return out;
}

/** One line per difference: `path: code <value> | grafana <value>`. */
export function renderDifferences(differences: readonly JsonDifference[]): string {
    const show = (v: unknown) => (v === undefined ? "(absent)" : JSON.stringify(v).slice(0, 160));
    return differences.map((d) => `${d.path}: code ${show(d.code)} | grafana ${show(d.grafana)}`).join("\n");
}
