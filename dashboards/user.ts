// The user's dashboards (user/dashboards/*.json, exported or hand-written): checked, one line per problem naming the file and
// the fix, and deployed next to the built-in ones. The metric catalogue checks only ours. Pure: model/user-files.ts reads them.
import { UserFile, userDirs } from "../model/user-files";
import { folders, FolderSpec } from "../model/folders";
import { datasourceVariables } from "./common";
import { DashboardDefinition, DashboardJson, isObject, mapStrings } from "./skeleton";

/** Grafana's limit on a uid, and the characters it accepts. */
const uidPattern = /^[A-Za-z0-9_-]{1,40}$/;
const uidRule = "1-40 characters of A-Z, a-z, 0-9, _ and -";

/** A uid to suggest from a file name: `My Dashboard (v2).json` → `my-dashboard-v2`. */
function uidFromFileName(fileName: string): string {
    return (
        fileName
            .replace(/^.*\//, "")
            .replace(/\.[^.]*$/, "")
            .toLowerCase()
            .replace(/[^a-z0-9_-]+/g, "-")
            .replace(/^-+|-+$/g, "")
            .slice(0, 40)
            .replace(/-+$/, "") || "my-dashboard"
    );
}

/** A file's Grafana folder: folders.custom for `user/dashboards/x.json`, `<folder>` (uid `user-<folder as a uid>`) for `user/dashboards/<folder>/x.json`. */
export function userDashboardFolder(filePath: string): FolderSpec {
    const relative = filePath.startsWith(`${userDirs.dashboards}/`) ? filePath.slice(userDirs.dashboards.length + 1) : filePath;
    const [title, ...rest] = relative.split("/");
    if (rest.length === 0) return folders.custom;
    return { uid: `user-${uidFromFileName(`${title}.x`)}`.slice(0, 40), title };
}

/** Every `${NAME}` reference to an export input (Grafana names data source inputs DS_<NAME>). */
const inputReference = /\$\{(DS_[A-Za-z0-9_-]+)\}/g;

/**
 * Grafana's "Export for sharing externally" makes each data source an input (`__inputs`, `${DS_PROMETHEUS}`) only its import
 * dialog fills in; provisioned as is, panels would query a data source named "${DS_...}". Here each Prometheus, Loki or Tempo
 * input becomes `${datasource}`, `${logs_datasource}` or `${traces_datasource}`, declared, and `__inputs` goes. Throws one
 * line per input it cannot map (another plugin, a constant) and per `${DS_...}` no input declares, naming the file and fix.
 */
function resolveExportInputs(fileName: string, model: Record<string, unknown>): Record<string, unknown> {
    const inputs = Array.isArray(model.__inputs) ? (model.__inputs as unknown[]) : [];
    const problems: string[] = [];
    const replacement = new Map<string, keyof typeof datasourceVariables>();
    for (const input of inputs) {
        if (!isObject(input) || typeof input.name !== "string") {
            problems.push(`${fileName}: "__inputs" holds an entry without a "name"; re-export the dashboard from Grafana`);
            continue;
        }
        const plugin = String(input.pluginId ?? "");
        if (input.type === "datasource" && Object.hasOwn(datasourceVariables, plugin)) {
            replacement.set(input.name, plugin as keyof typeof datasourceVariables);
        } else if (input.type === "datasource") {
            problems.push(
                `${fileName}: input ${input.name} is a ${plugin || "unknown"} data source, which this stack does not provision; ` +
                    "remove the panels that use it (only prometheus, loki and tempo exist here)",
            );
        } else {
            problems.push(
                `${fileName}: input ${input.name} (${String(input.type)}) has no value here; replace "\${${input.name}}" in the file with its value and delete the entry from "__inputs"`,
            );
        }
    }
    const { __inputs: _inputs, ...rest } = model;
    const rewritten = mapStrings(rest, "", (text, at) =>
        text.replace(inputReference, (whole, name: string) => {
            const to = replacement.get(name);
            if (to) return `\${${datasourceVariables[to].name}}`;
            if (!inputs.some((i) => isObject(i) && i.name === name)) {
                problems.push(
                    `${fileName}: ${at} uses "${whole}", which no "__inputs" entry declares; write \${datasource} (Prometheus), ` +
                        "${logs_datasource} (Loki) or ${traces_datasource} (Tempo) instead",
                );
            }
            return whole;
        }),
    ) as Record<string, unknown>;
    if (problems.length > 0) throw new Error(problems.join("\n"));
    if (replacement.size === 0) return model;
    // Declare each variable the rewrite now uses, in front, unless the dashboard already has one of that name.
    const templating = isObject(rewritten.templating) ? rewritten.templating : {};
    const list = Array.isArray(templating.list) ? (templating.list as unknown[]) : [];
    const declared = new Set(list.filter(isObject).map((v) => v.name));
    const added = [...new Set(replacement.values())]
        .map((plugin) => ({ type: "datasource", ...datasourceVariables[plugin], query: plugin, multi: false, includeAll: false }))
        .filter((v) => !declared.has(v.name))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
    return { ...rewritten, templating: { ...templating, list: [...added, ...list] } };
}

/** One dashboard from its file's text (a model, or Grafana's HTTP API wrapper `{ "dashboard": {...} }`); throws one line naming file, problem and fix. */
export function parseUserDashboard(filePath: string, text: string): DashboardDefinition {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        throw new Error(`${filePath}: not valid JSON (${(err as Error).message}); export it again from Grafana (Share → Export → Save to file)`, {
            cause: err,
        });
    }
    if (!isObject(parsed)) throw new Error(`${filePath}: expected a JSON object (a dashboard model or {"dashboard": {...}})`);
    const wrapped = "dashboard" in parsed ? parsed.dashboard : parsed;
    if (!isObject(wrapped)) throw new Error(`${filePath}: "dashboard" must be an object`);
    const model = resolveExportInputs(filePath, wrapped);
    const title = model.title;
    if (typeof title !== "string" || title.trim() === "") throw new Error(`${filePath}: the dashboard has no "title"; add "title": "<what it shows>"`);
    if (model.panels !== undefined && !Array.isArray(model.panels)) throw new Error(`${filePath}: "panels" must be an array`);
    // Without a uid Grafana makes up a new one on every import: links and the provider's resource would break.
    if (model.uid === undefined || model.uid === null || model.uid === "")
        throw new Error(`${filePath}: the dashboard has no "uid"; add "uid": "${uidFromFileName(filePath)}" (${uidRule}), unique among the dashboards`);
    if (typeof model.uid !== "string" || !uidPattern.test(model.uid)) throw new Error(`${filePath}: "uid" ${JSON.stringify(model.uid)} must be ${uidRule}`);
    // An exported `id` belongs to the Grafana it came from: sent to another one, Grafana answers "dashboard not found".
    const { id: _id, version: _version, ...rest } = model;
    const json: DashboardJson = { ...rest, uid: model.uid, title };
    return { uid: model.uid, title, folder: userDashboardFolder(filePath), json };
}

/** Every user dashboard checked alone, then uids against each other and `taken` (uid → whose); sorted by uid, none on any problem (nothing half-applied). */
export function userDashboards(files: readonly UserFile[], taken: ReadonlyMap<string, string> = new Map()) {
    const problems: string[] = [];
    const loaded: DashboardDefinition[] = [];
    const seen = new Map(taken);
    for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
        try {
            const dashboard = parseUserDashboard(file.path, file.text);
            const other = seen.get(dashboard.uid);
            if (other !== undefined) throw new Error(`${file.path}: uid ${dashboard.uid} is already used by ${other}; give this dashboard another "uid"`);
            seen.set(dashboard.uid, file.path);
            loaded.push(dashboard);
        } catch (err) {
            problems.push(...(err as Error).message.split("\n"));
        }
    }
    return { dashboards: problems.length > 0 ? [] : loaded.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0)), problems };
}
