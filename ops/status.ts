// `ops status`: every known component's health, then Prometheus (HTTP API v1), Grafana and Alertmanager (API v2) for the rest -> a report and exit code.
import type { Context } from "./cli";
import { ComponentKey, componentKeys, componentTitle } from "./endpoints";
import { byName, Colours, table } from "./format";
import { parsedJson } from "../model/common/parsed-json";
import { call, Endpoint, exitCodes, OpsError, send } from "./http";
import { AmSilence } from "./silence";

export type PromEnvelope<T> = { status: "success" | "error"; data: T };
export type PromTarget = { labels: Labels; scrapeUrl: string; health: "up" | "down" | "unknown"; lastError: string };
type PromRule = { name: string; type: "alerting" | "recording"; health: "ok" | "err" | "unknown"; lastError?: string };
/** A Prometheus alert (`state`: pending, firing), or one of Grafana's own rules (Alerting, Pending, Normal, ...). */
export type GrafanaAlert = { labels: Labels; state: string };
export type AmStatus = { cluster: { status: string; peers?: { name: string; address: string }[] }; config: { original: string } };
type Labels = Readonly<Record<string, string>>;
/** One component's health; `detail` is what was seen: "/-/healthy ok", "503 Service Unavailable", "ECONNREFUSED". */
export type ComponentHealth = { component: string; url: string; health: "ok" | "unhealthy" | "unreachable"; detail: string };

/** Everything status looked at; a section is absent when its component could not be asked (`grafanaAlertsSkipped` says why for Grafana's). */
export interface StatusSnapshot {
    components: readonly ComponentHealth[];
    targets?: PromTarget[];
    ruleGroups?: { name: string; file: string; rules: PromRule[] }[];
    alerts?: GrafanaAlert[];
    /** The alerts of Grafana's own rules (it evaluates the platform's non-critical alerts by default). */
    grafanaAlerts?: GrafanaAlert[];
    grafanaAlertsSkipped?: string;
    silences?: AmSilence[];
    alertmanager?: AmStatus;
}

export type StatusReport = ReturnType<typeof assessStatus>;

/** Why Grafana's GET /api/health answer means unhealthy (its database is not "ok"), or undefined when healthy. */
export function grafanaHealthProblem(body: string): string | undefined {
    const health = parsedJson(body) as { database?: unknown } | null | undefined;
    if (health === undefined || health === null) return `/api/health answered no JSON: ${body.trim().slice(0, 80)}`;
    return health.database === "ok" ? undefined : `database: ${JSON.stringify(health.database ?? null)}`;
}

function bySeverity(alerts: readonly GrafanaAlert[]): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const a of alerts) (out[a.labels.severity ?? "(none)"] ??= []).push(a.labels.alertname ?? "(unnamed)");
    for (const names of Object.values(out)) names.sort(byName);
    return out;
}

export function assessStatus(s: StatusSnapshot) {
    const problems = s.components.filter((c) => c.health !== "ok").map((c) => `${c.component} ${c.health} at ${c.url}: ${c.detail}`);
    const targets = s.targets ?? [];
    const jobOf = (t: PromTarget) => t.labels.job ?? "(no job)";
    const jobList = [...new Set(targets.map(jobOf))].sort(byName).map((job) => {
        // "unknown" (not scraped yet) counts as down: status must not call a target fine that it has never reached.
        const down = targets.filter((t) => jobOf(t) === job && t.health !== "up");
        const downTargets = down.map((t) => `${t.labels.instance ?? t.scrapeUrl}: ${t.lastError || t.health}`);
        return { job, up: targets.filter((t) => jobOf(t) === job).length - down.length, down: down.length, downTargets };
    });
    for (const j of jobList.filter((x) => x.down > 0)) problems.push(`job ${j.job}: ${j.down} of ${j.up + j.down} targets down (${j.downTargets.join("; ")})`);
    const failingRuleGroups = s.ruleGroups
        ?.map((g) => ({ group: g.name, file: g.file, rules: g.rules.filter((r) => r.health === "err").map((r) => `${r.name}: ${r.lastError ?? "error"}`) }))
        .filter((g) => g.rules.length > 0);
    for (const g of failingRuleGroups ?? []) problems.push(`rule group ${g.group} failing: ${g.rules.join("; ")}`);
    const cluster = s.alertmanager?.cluster;
    const unreachable = s.components.some((c) => c.health === "unreachable");
    return {
        components: s.components,
        jobs: s.targets && jobList,
        failingRuleGroups,
        firing: s.alerts && bySeverity(s.alerts.filter((x) => x.state === "firing")),
        // Grafana's states: Alerting (also "Alerting (NoData)"...), Pending, Normal, NoData, Error.
        grafanaFiring: s.grafanaAlerts && bySeverity(s.grafanaAlerts.filter((x) => x.state.startsWith("Alerting"))),
        grafanaAlertsSkipped: s.grafanaAlertsSkipped || undefined,
        activeSilences: s.silences?.filter((x) => x.status.state === "active").length,
        alertmanagerCluster: cluster && { status: cluster.status, members: (cluster.peers ?? []).map((p) => `${p.name} ${p.address}`).sort(byName) },
        problems,
        exitCode: unreachable ? exitCodes.unreachable : problems.length > 0 ? exitCodes.unhealthy : exitCodes.ok,
    };
}

const severityOrder = ["critical", "warning", "info", "none"];

export function renderStatus(r: StatusReport, c: Colours): string {
    const health = (h: string) => (h === "ok" ? c.green(h) : c.red(h));
    const components = r.components.map((x) => [x.component, health(x.health), x.url, x.detail]);
    const out = [table(["COMPONENT", "HEALTH", "URL", "DETAIL"], components)];
    if (r.jobs) {
        const rows = r.jobs.map((j) => [j.job, String(j.up), j.down > 0 ? c.red(String(j.down)) : "0", j.downTargets.join("; ")]);
        out.push("", table(["JOB", "UP", "DOWN", "DOWN TARGETS"], rows));
    }
    if (r.failingRuleGroups) {
        out.push("", r.failingRuleGroups.length === 0 ? "Rule groups: all evaluating" : c.red("Failing rule groups:"));
        for (const g of r.failingRuleGroups) out.push(`  ${g.group} (${g.file}): ${g.rules.join("; ")}`);
    }
    const firingSection = (title: string, firing: Readonly<Record<string, readonly string[]>>) => {
        const rank = (sev: string) => (severityOrder.includes(sev) ? severityOrder.indexOf(sev) : severityOrder.length);
        const severities = Object.keys(firing).sort((a, b) => rank(a) - rank(b) || byName(a, b));
        out.push("", severities.length === 0 ? `${title}: none` : `${title}:`);
        for (const sev of severities) {
            const line = `  ${sev}: ${firing[sev].join(", ")}`;
            out.push(sev === "critical" ? c.red(line) : sev === "warning" ? c.yellow(line) : line);
        }
    };
    if (r.firing) firingSection("Firing alerts", r.firing);
    if (r.grafanaFiring) firingSection("Firing alerts (Grafana)", r.grafanaFiring);
    if (r.grafanaAlertsSkipped) out.push("", c.yellow(`Firing alerts (Grafana): not read (${r.grafanaAlertsSkipped})`));
    if (r.activeSilences !== undefined) out.push(`Active silences: ${r.activeSilences}`);
    if (r.alertmanagerCluster) {
        const { status, members: m } = r.alertmanagerCluster;
        // "disabled": gossip is off, a single Alertmanager (dev); it lists no peers then.
        const members = status === "disabled" ? "a single Alertmanager, no gossip" : `${m.length} member(s)${m.length > 0 ? `: ${m.join(", ")}` : ""}`;
        out.push(`Alertmanager cluster: ${status}, ${members}`);
    }
    out.push("", r.problems.length === 0 ? c.green("All healthy.") : c.bold(c.red(`${r.problems.length} problem(s):`)));
    for (const p of r.problems) out.push(`  - ${p}`);
    return out.join("\n");
}

/** Each component's health endpoints: all must answer 2xx (Grafana's also says its database is ok). */
const healthPaths = (key: ComponentKey): string[] =>
    ({ prometheus: ["/-/healthy", "/-/ready"], alertmanager: ["/-/healthy", "/-/ready"], grafana: ["/api/health"] })[key as string] ?? ["/ready"];

async function probe(endpoint: Endpoint, key: ComponentKey): Promise<ComponentHealth> {
    const result = (health: ComponentHealth["health"], detail: string) => ({ component: endpoint.component, url: endpoint.baseUrl, health, detail });
    const paths = healthPaths(key);
    for (const path of paths) {
        let r: { status: number; text: string };
        try {
            r = await send(endpoint, "GET", path);
        } catch (err) {
            if (!(err instanceof OpsError)) throw err;
            return result("unreachable", err.detail);
        }
        if (r.status < 200 || r.status >= 300) return result("unhealthy", `${path} answered ${r.status} ${r.text.trim().slice(0, 80)}`);
        const grafanaProblem = key === "grafana" ? grafanaHealthProblem(r.text) : undefined;
        if (grafanaProblem !== undefined) return result("unhealthy", grafanaProblem);
    }
    return result("ok", paths.map((p) => `${p} ok`).join(", "));
}

export async function statusCommand(ctx: Context): Promise<number> {
    const { urls, grafanaPassword } = ctx.endpoints(["prometheus", "alertmanager"]);
    const plain = (k: ComponentKey): Endpoint => ({ component: componentTitle(k), baseUrl: urls[k]! });
    const components = await Promise.all(componentKeys.filter((k) => urls[k] !== undefined).map((k) => probe(plain(k), k)));
    const reachable = (k: ComponentKey) => components.some((c) => c.component === componentTitle(k) && c.health !== "unreachable");
    const snapshot: StatusSnapshot = { components };
    const data = async <T>(endpoint: Endpoint, path: string) => (await call<PromEnvelope<T>>(endpoint, "GET", path)).data;
    if (reachable("prometheus")) {
        snapshot.targets = (await data<{ activeTargets: PromTarget[] }>(plain("prometheus"), "/api/v1/targets?state=active")).activeTargets;
        snapshot.ruleGroups = (await data<{ groups: StatusSnapshot["ruleGroups"] }>(plain("prometheus"), "/api/v1/rules")).groups;
        snapshot.alerts = (await data<{ alerts: GrafanaAlert[] }>(plain("prometheus"), "/api/v1/alerts")).alerts;
    }
    // Grafana evaluates the platform's non-critical alerts by default: they are firing alerts too.
    if (reachable("grafana") && grafanaPassword === undefined)
        snapshot.grafanaAlertsSkipped = "no Grafana password: set GRAFANA_PASSWORD, or read the stack outputs";
    else if (reachable("grafana")) {
        const grafana = ctx.endpoint("grafana", ["prometheus", "alertmanager"]);
        snapshot.grafanaAlerts = (await data<{ alerts: GrafanaAlert[] }>(grafana, "/api/prometheus/grafana/api/v1/alerts")).alerts;
    }
    if (reachable("alertmanager")) {
        snapshot.alertmanager = await call<AmStatus>(plain("alertmanager"), "GET", "/api/v2/status");
        snapshot.silences = await call<AmSilence[]>(plain("alertmanager"), "GET", "/api/v2/silences");
    }
    const report = assessStatus(snapshot);
    ctx.show(report, () => renderStatus(report, ctx.colours));
    return report.exitCode;
}
