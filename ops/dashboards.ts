// `ops dashboards list|export|diff` on Grafana's HTTP API, against the code's dashboards in the canonical form the program deploys (dashboards/normalize.ts).
import * as fs from "fs";
import * as path from "path";
import { buildDashboards, DashboardDefinition, normalizeDashboardJson, userDashboards } from "../dashboards";
import { configKeys } from "../model/config/schema";
import { readStackFileConfig } from "../model/config/stack-file";
import { readUserFiles, userDirs } from "../model/user-files";
import type { Context } from "./cli";
import { byName, table } from "./format";
import { call, exitCodes, send, unhealthyError, usageError } from "./http";

export type GrafanaSearchHit = { uid: string; title: string; url: string; type: string; folderTitle?: string };
export type GrafanaDashboardResponse = { dashboard: Record<string, unknown> };

export function dashboardRows(hits: readonly GrafanaSearchHit[], grafanaUrl: string, builtIn: ReadonlySet<string>, custom: ReadonlySet<string>) {
    return hits
        .filter((h) => h.type === "dash-db")
        .map((h) => ({
            uid: h.uid,
            title: h.title,
            folder: h.folderTitle ?? "General",
            url: `${grafanaUrl.replace(/\/+$/, "")}${h.url}`,
            origin: builtIn.has(h.uid) ? "built-in" : custom.has(h.uid) ? "custom" : "only in Grafana",
        }))
        .sort((a, b) => byName(a.uid, b.uid));
}

/** The file `dashboards export` writes: the model as deployed (no id or version, sorted keys), indented for review. */
export function exportText(response: GrafanaDashboardResponse): string {
    return `${JSON.stringify(JSON.parse(normalizeDashboardJson(response.dashboard)), null, 2)}\n`;
}

/** Where the export goes: --output, else user/dashboards/<uid>.json; never a built-in uid there (the next `pulumi up` would refuse the duplicate). */
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

/** A JSON path such as panels[2].targets[0].expr, and the value on each side (undefined: the key is absent there). */
export type JsonDifference = { path: string; code: unknown; grafana: unknown };

/** How Grafana's copy differs from the code's, both in the deployed canonical form; empty when the same. */
export function diffDashboards(codeModel: Record<string, unknown>, grafanaModel: Record<string, unknown>): JsonDifference[] {
    const out: JsonDifference[] = [];
    const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
    const walk = (code: unknown, grafana: unknown, at: string): void => {
        if (Array.isArray(code) && Array.isArray(grafana)) {
            for (let i = 0; i < Math.max(code.length, grafana.length); i++) walk(code[i], grafana[i], `${at}[${i}]`);
        } else if (isObject(code) && isObject(grafana)) {
            for (const key of [...new Set([...Object.keys(code), ...Object.keys(grafana)])].sort())
                walk(code[key], grafana[key], at === "" ? key : `${at}.${key}`);
        } else if (JSON.stringify(code) !== JSON.stringify(grafana)) out.push({ path: at === "" ? "(whole dashboard)" : at, code, grafana });
    };
    walk(JSON.parse(normalizeDashboardJson(codeModel)), JSON.parse(normalizeDashboardJson(grafanaModel)), "");
    return out;
}

const projectDir = path.join(__dirname, "..");
/** Where `dashboards export` writes: the user's dashboards, deployed as code by the next `pulumi up`. */
const userDashboardsDir = path.join(projectDir, userDirs.dashboards);

/** The user's dashboards (user/dashboards/); a bad file is a usage error naming it, as `pulumi up` would refuse it. */
function ownDashboards(): DashboardDefinition[] {
    const { dashboards, problems } = userDashboards(readUserFiles(projectDir).dashboards);
    if (problems.length > 0) throw usageError(problems.join("; "));
    return dashboards;
}

/** The stack's runbookBaseUrl from its Pulumi.<stack>.yaml, so built-in dashboards compare as that stack deploys them. */
function stackRunbookBase(stack: string): string | undefined {
    if (!fs.existsSync(path.join(projectDir, `Pulumi.${stack}.yaml`))) return undefined;
    const value = readStackFileConfig(projectDir, stack).raw["monitoring:runbookBaseUrl"];
    if (value === undefined) return undefined;
    const checked = configKeys.runbookBaseUrl.schema.safeParse(value);
    if (!checked.success) throw usageError(`Pulumi.${stack}.yaml: monitoring:runbookBaseUrl: ${checked.error.issues[0].message}`);
    return value;
}

export async function dashboardsListCommand(ctx: Context): Promise<number> {
    const grafana = ctx.endpoint("grafana");
    const hits = await call<GrafanaSearchHit[]>(grafana, "GET", "/api/search?type=dash-db&limit=5000");
    const uids = (dashboards: readonly DashboardDefinition[]) => new Set(dashboards.map((d) => d.uid));
    const rows = dashboardRows(hits, grafana.baseUrl, uids(buildDashboards()), uids(ownDashboards()));
    const cells = rows.map((r) => [r.uid, r.title, r.folder, r.origin, r.url]);
    ctx.show(rows, () => table(["UID", "TITLE", "FOLDER", "CODE", "URL"], cells));
    return exitCodes.ok;
}

async function fetchDashboard(ctx: Context, uid: string): Promise<GrafanaDashboardResponse> {
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(uid))
        throw usageError(`bad dashboard uid ${JSON.stringify(uid)}: expected 1-40 characters of A-Z, a-z, 0-9, _ and - (dashboards list shows them)`);
    const grafana = ctx.endpoint("grafana");
    const { status, text } = await send(grafana, "GET", `/api/dashboards/uid/${uid}`);
    if (status === 404) throw unhealthyError(`Grafana at ${grafana.baseUrl} has no dashboard ${uid} (npm run ops -- dashboards list shows them)`);
    if (status === 401 || status === 403)
        throw usageError(`Grafana refused the credentials (${status}): check GRAFANA_USER and GRAFANA_PASSWORD or the stack outputs`);
    if (status !== 200) throw unhealthyError(`Grafana answered ${status} to GET ${grafana.baseUrl}/api/dashboards/uid/${uid}`);
    return JSON.parse(text) as GrafanaDashboardResponse;
}

export async function dashboardsExportCommand(ctx: Context, uid: string, opts: { readonly output?: string; readonly force: boolean }): Promise<number> {
    const builtIn = new Set(buildDashboards().map((d) => d.uid));
    // npm runs scripts in the package root; a relative --output means the caller's directory (npm's INIT_CWD).
    const output = opts.output === undefined ? undefined : path.resolve(process.env.INIT_CWD ?? process.cwd(), opts.output);
    // Checked before the request, so a refused export costs no credentials.
    exportTarget(uid, output, userDashboardsDir, builtIn, () => false, true);
    const response = await fetchDashboard(ctx, uid);
    const target = exportTarget(uid, output, userDashboardsDir, builtIn, fs.existsSync, opts.force);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, exportText(response));
    const deployed = path.resolve(path.dirname(target)) === path.resolve(userDashboardsDir) ? "; the next pulumi up deploys it as code" : "";
    ctx.show({ uid, file: target }, () => `Wrote ${target}${deployed}.`);
    return exitCodes.ok;
}

export async function dashboardsDiffCommand(ctx: Context, uid: string): Promise<number> {
    const code = [...buildDashboards(stackRunbookBase(ctx.options.stack)), ...ownDashboards()].find((d) => d.uid === uid);
    if (!code) throw usageError(`no dashboard ${uid} in the code (dashboards/*.ts or user/dashboards/*.json); dashboards list shows which are`);
    const differences = diffDashboards(code.json, (await fetchDashboard(ctx, uid)).dashboard);
    const show = (v: unknown) => (v === undefined ? "(absent)" : JSON.stringify(v).slice(0, 160));
    ctx.show({ uid, same: differences.length === 0, differences }, () =>
        differences.length === 0
            ? `${uid}: Grafana's copy is the code's.`
            : [
                  `${uid}: ${differences.length} difference(s), code | grafana:`,
                  ...differences.map((d) => `${d.path}: code ${show(d.code)} | grafana ${show(d.grafana)}`),
              ],
    );
    return differences.length === 0 ? exitCodes.ok : exitCodes.unhealthy;
}
