// Dashboards a user exported from Grafana and dropped into dashboards/custom/, loaded next to the built-in ones.
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { resolveExportInputs } from "./export-inputs";
import { DashboardDefinition, DashboardJson, dashboardFolders } from "./types";

/** Where custom dashboards live: every `*.json` file here is provisioned. */
export const customDashboardsDir = path.join(__dirname, "custom");

/** Grafana's limit on a uid, and the characters it accepts. */
const uidPattern = /^[A-Za-z0-9_-]{1,40}$/;

/** A uid from a file name: `My Dashboard (v2).json` → `my-dashboard-v2`; stable as long as the file keeps its name. */
export function uidFromFileName(fileName: string): string {
    const slug = path
        .basename(fileName, path.extname(fileName))
        .toLowerCase()
        .replace(/[^a-z0-9_-]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 40)
        .replace(/-+$/, "");
    if (slug === "") throw new Error(`${fileName}: cannot derive a dashboard uid from the file name; set "uid" in the dashboard`);
    return slug;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * One custom dashboard from the text of its file: a bare dashboard model, or the `{ "dashboard": {...} }` wrapper of
 * Grafana's HTTP API (the guide's example). Throws an error naming the file and the problem.
 */
export function parseCustomDashboard(fileName: string, text: string): DashboardDefinition {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        throw new Error(`${fileName}: not valid JSON (${(err as Error).message})`, { cause: err });
    }
    if (!isObject(parsed)) throw new Error(`${fileName}: expected a JSON object (a dashboard model or {"dashboard": {...}})`);
    const wrapped = "dashboard" in parsed ? parsed.dashboard : parsed;
    if (!isObject(wrapped)) throw new Error(`${fileName}: "dashboard" must be an object`);
    // An "Export for sharing externally" file: its ${DS_...} inputs become the stack's data source variables.
    const model = resolveExportInputs(fileName, wrapped);
    const title = model.title;
    if (typeof title !== "string" || title.trim() === "") throw new Error(`${fileName}: the dashboard has no "title"`);
    if (model.panels !== undefined && !Array.isArray(model.panels)) throw new Error(`${fileName}: "panels" must be an array`);
    if (model.uid !== undefined && model.uid !== null && (typeof model.uid !== "string" || !uidPattern.test(model.uid))) {
        throw new Error(`${fileName}: "uid" ${JSON.stringify(model.uid)} must be 1-40 characters of A-Z, a-z, 0-9, _ and -`);
    }
    const uid = typeof model.uid === "string" ? model.uid : uidFromFileName(fileName);
    // An exported `id` belongs to the Grafana it came from: sent to another one, Grafana answers "dashboard not found".
    const { id: _id, version: _version, ...rest } = model;
    const json: DashboardJson = { ...rest, uid, title };
    return { uid, title, folder: dashboardFolders.custom, json };
}

/** Every `*.json` dashboard in `dir`, sorted by uid; a missing directory means none. */
export function customDashboards(dir: string = customDashboardsDir): DashboardDefinition[] {
    let files: string[];
    try {
        files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw err;
    }
    const loaded = files.sort().map((file) => parseCustomDashboard(path.join(dir, file), readFileSync(path.join(dir, file), "utf8")));
    const seen = new Map<string, string>();
    for (const [i, d] of loaded.entries()) {
        const other = seen.get(d.uid);
        if (other) throw new Error(`${files[i]}: uid ${d.uid} is already used by ${other}`);
        seen.set(d.uid, files[i]);
    }
    return loaded.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
}
