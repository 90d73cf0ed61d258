// `ops dashboards list|export|diff` on Grafana's HTTP API.
import * as fs from "fs";
import * as path from "path";
import { readStackFileConfig } from "../../model/config/stack-file";
import { configKeys } from "../../model/config/schema";
import { buildDashboards, DashboardDefinition, userDashboards } from "../../dashboards";
import { readUserFiles, userDirs } from "../../model/user-files";
import { GrafanaDashboardResponse, GrafanaSearchHit } from "../api-types";
import { dashboardRows, diffDashboards, exportTarget, exportText, renderDifferences } from "../dashboards";
import { exitCodes, OpsError, usageError } from "../errors";
import { table } from "../format";
import { call, send } from "../http";
import { Context } from "./context";

const projectDir = path.join(__dirname, "..", "..");
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
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) return undefined;
    const value = readStackFileConfig(projectDir, stack).raw["monitoring:runbookBaseUrl"];
    if (value === undefined) return undefined;
    const checked = configKeys.runbookBaseUrl.schema.safeParse(value);
    if (!checked.success) throw usageError(`Pulumi.${stack}.yaml: monitoring:runbookBaseUrl: ${checked.error.issues[0].message}`);
    return value;
}

function grafana(ctx: Context) {
    return ctx.endpoint(ctx.endpoints(["grafana"]), "grafana");
}

export async function dashboardsListCommand(ctx: Context): Promise<number> {
    const g = grafana(ctx);
    const hits = await call<GrafanaSearchHit[]>(g, "GET", "/api/search?type=dash-db&limit=5000");
    const builtIn = new Set(buildDashboards().map((d) => d.uid));
    const custom = new Set(ownDashboards().map((d) => d.uid));
    const rows = dashboardRows(hits, g.baseUrl, builtIn, custom);
    if (ctx.options.json) ctx.printJson(rows);
    else
        ctx.print(
            table(
                ["UID", "TITLE", "FOLDER", "CODE", "URL"],
                rows.map((r) => [r.uid, r.title, r.folder, r.origin, r.url]),
            ),
        );
    return exitCodes.ok;
}

async function fetchDashboard(ctx: Context, uid: string): Promise<GrafanaDashboardResponse> {
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(uid))
        throw usageError(`bad dashboard uid ${JSON.stringify(uid)}: expected 1-40 characters of A-Z, a-z, 0-9, _ and - (dashboards list shows them)`);
    const g = grafana(ctx);
    const result = await send(g, "GET", `/api/dashboards/uid/${uid}`);
    if (result.status === 404)
        throw new OpsError(`Grafana at ${g.baseUrl} has no dashboard ${uid} (npm run ops -- dashboards list shows them)`, exitCodes.unhealthy);
    if (result.status === 401 || result.status === 403)
        throw usageError(`Grafana refused the credentials (${result.status}): check GRAFANA_USER and GRAFANA_PASSWORD or the stack outputs`);
    if (result.status !== 200) throw new OpsError(`Grafana answered ${result.status} to GET ${g.baseUrl}/api/dashboards/uid/${uid}`, exitCodes.unhealthy);
    return JSON.parse(result.text) as GrafanaDashboardResponse;
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
    if (ctx.options.json) ctx.printJson({ uid, file: target });
    else
        ctx.print(`Wrote ${target}${path.resolve(path.dirname(target)) === path.resolve(userDashboardsDir) ? "; the next pulumi up deploys it as code" : ""}.`);
    return exitCodes.ok;
}

export async function dashboardsDiffCommand(ctx: Context, uid: string): Promise<number> {
    const code = [...buildDashboards(stackRunbookBase(ctx.options.stack)), ...ownDashboards()].find((d) => d.uid === uid);
    if (!code) throw usageError(`no dashboard ${uid} in the code (dashboards/*.ts or user/dashboards/*.json); dashboards list shows which are`);
    const response = await fetchDashboard(ctx, uid);
    const differences = diffDashboards(code.json, response.dashboard);
    if (ctx.options.json) ctx.printJson({ uid, same: differences.length === 0, differences });
    else
        ctx.print(
            differences.length === 0
                ? `${uid}: Grafana's copy is the code's.`
                : `${uid}: ${differences.length} difference(s), code | grafana:\n${renderDifferences(differences)}`,
        );
    return differences.length === 0 ? exitCodes.ok : exitCodes.unhealthy;
}
