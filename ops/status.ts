// `ops status`, the pure part: the components' answers in, a report and its exit code out.
import { AmSilence, AmStatus, GrafanaAlert, PromAlert, PromRuleGroup, PromTarget } from "./api-types";
import { exitCodes, ExitCode } from "./errors";
import { Colours, table } from "./format";

export type Health = "ok" | "unhealthy" | "unreachable";

export interface ComponentHealth {
    readonly component: string;
    readonly url: string;
    readonly health: Health;
    /** What was seen: "healthy, ready", "503 Service Unavailable", "ECONNREFUSED". */
    readonly detail: string;
}

/** Everything status looked at; a section is absent when its component could not be asked. */
export interface StatusSnapshot {
    readonly components: readonly ComponentHealth[];
    readonly targets?: readonly PromTarget[];
    readonly ruleGroups?: readonly PromRuleGroup[];
    readonly alerts?: readonly PromAlert[];
    /** The alerts of Grafana's own rules (it evaluates the platform's non-critical alerts by default). */
    readonly grafanaAlerts?: readonly GrafanaAlert[];
    /** Why Grafana's alerts were not read, when Grafana is known but could not be asked. */
    readonly grafanaAlertsSkipped?: string;
    readonly silences?: readonly AmSilence[];
    readonly alertmanager?: AmStatus;
}

export interface JobTargets {
    readonly job: string;
    readonly up: number;
    readonly down: number;
    /** instance: last scrape error, for each target that is not up. */
    readonly downTargets: readonly string[];
}

export interface StatusReport {
    readonly components: readonly ComponentHealth[];
    readonly jobs?: readonly JobTargets[];
    readonly failingRuleGroups?: readonly { readonly group: string; readonly file: string; readonly rules: readonly string[] }[];
    /** Firing alert names by severity (label `severity`, "none" for the Watchdog). */
    readonly firing?: Readonly<Record<string, readonly string[]>>;
    /** The same for the alerts Grafana evaluates. */
    readonly grafanaFiring?: Readonly<Record<string, readonly string[]>>;
    readonly grafanaAlertsSkipped?: string;
    readonly activeSilences?: number;
    readonly alertmanagerCluster?: { readonly status: string; readonly members: readonly string[] };
    /** One line per thing that is down, unreachable or failing. */
    readonly problems: readonly string[];
    readonly exitCode: ExitCode;
}

/** Why Grafana's GET /api/health answer means unhealthy (its database is not "ok"), or undefined when healthy. */
export function grafanaHealthProblem(body: string): string | undefined {
    let parsed: { database?: unknown };
    try {
        parsed = JSON.parse(body) as { database?: unknown };
    } catch {
        return `/api/health answered no JSON: ${body.trim().slice(0, 80)}`;
    }
    return parsed.database === "ok" ? undefined : `database: ${JSON.stringify(parsed.database ?? null)}`;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function jobsOf(targets: readonly PromTarget[]): JobTargets[] {
    const jobs = new Map<string, { up: number; down: number; downTargets: string[] }>();
    for (const t of targets) {
        const job = t.labels.job ?? "(no job)";
        const entry = jobs.get(job) ?? { up: 0, down: 0, downTargets: [] };
        // "unknown" (not scraped yet) counts as down: status must not call a target fine that it has never reached.
        if (t.health === "up") entry.up++;
        else {
            entry.down++;
            entry.downTargets.push(`${t.labels.instance ?? t.scrapeUrl}: ${t.lastError || t.health}`);
        }
        jobs.set(job, entry);
    }
    return [...jobs].sort(([a], [b]) => byName(a, b)).map(([job, e]) => ({ job, ...e }));
}

/** Alert names by their `severity` label, each list sorted. */
function bySeverity(alerts: readonly { readonly labels: Readonly<Record<string, string>> }[]): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const a of alerts) (out[a.labels.severity ?? "(none)"] ??= []).push(a.labels.alertname ?? "(unnamed)");
    for (const names of Object.values(out)) names.sort(byName);
    return out;
}

/** The report: exit 3 when a component is unreachable, else 1 when anything is down or failing, else 0. */
export function assessStatus(s: StatusSnapshot): StatusReport {
    const problems: string[] = [];
    for (const c of s.components) {
        if (c.health !== "ok") problems.push(`${c.component} ${c.health} at ${c.url}: ${c.detail}`);
    }
    const jobs = s.targets ? jobsOf(s.targets) : undefined;
    for (const j of jobs ?? []) {
        if (j.down > 0) problems.push(`job ${j.job}: ${j.down} of ${j.up + j.down} targets down (${j.downTargets.join("; ")})`);
    }
    const failingRuleGroups = s.ruleGroups
        ?.map((g) => ({ group: g.name, file: g.file, rules: g.rules.filter((r) => r.health === "err").map((r) => `${r.name}: ${r.lastError ?? "error"}`) }))
        .filter((g) => g.rules.length > 0);
    for (const g of failingRuleGroups ?? []) problems.push(`rule group ${g.group} failing: ${g.rules.join("; ")}`);
    const firing = s.alerts ? bySeverity(s.alerts.filter((x) => x.state === "firing")) : undefined;
    // Grafana's states: Alerting (also "Alerting (NoData)"...), Pending, Normal, NoData, Error.
    const grafanaFiring = s.grafanaAlerts ? bySeverity(s.grafanaAlerts.filter((x) => x.state.startsWith("Alerting"))) : undefined;
    const alertmanagerCluster = s.alertmanager
        ? { status: s.alertmanager.cluster.status, members: (s.alertmanager.cluster.peers ?? []).map((p) => `${p.name} ${p.address}`).sort(byName) }
        : undefined;
    const unreachable = s.components.some((c) => c.health === "unreachable");
    const exitCode = unreachable ? exitCodes.unreachable : problems.length > 0 ? exitCodes.unhealthy : exitCodes.ok;
    return {
        components: s.components,
        jobs,
        failingRuleGroups,
        firing,
        ...(grafanaFiring ? { grafanaFiring } : {}),
        ...(s.grafanaAlertsSkipped ? { grafanaAlertsSkipped: s.grafanaAlertsSkipped } : {}),
        activeSilences: s.silences?.filter((x) => x.status.state === "active").length,
        alertmanagerCluster,
        problems,
        exitCode,
    };
}

const severityOrder = ["critical", "warning", "info", "none"];

/** The report as text: components, targets by job, failing rule groups, firing alerts, silences, cluster. */
export function renderStatus(r: StatusReport, c: Colours): string {
    const health = (h: string) => (h === "ok" || h === "up" ? c.green(h) : c.red(h));
    const out: string[] = [];
    out.push(
        table(
            ["COMPONENT", "HEALTH", "URL", "DETAIL"],
            r.components.map((x) => [x.component, health(x.health), x.url, x.detail]),
        ),
    );
    if (r.jobs) {
        out.push(
            "",
            table(
                ["JOB", "UP", "DOWN", "DOWN TARGETS"],
                r.jobs.map((j) => [j.job, String(j.up), j.down > 0 ? c.red(String(j.down)) : "0", j.downTargets.join("; ")]),
            ),
        );
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
        const m = r.alertmanagerCluster.members;
        // "disabled": gossip is off, a single Alertmanager (dev); it lists no peers then.
        const members =
            r.alertmanagerCluster.status === "disabled"
                ? "a single Alertmanager, no gossip"
                : `${m.length} member(s)${m.length > 0 ? `: ${m.join(", ")}` : ""}`;
        out.push(`Alertmanager cluster: ${r.alertmanagerCluster.status}, ${members}`);
    }
    out.push("", r.problems.length === 0 ? c.green("All healthy.") : c.bold(c.red(`${r.problems.length} problem(s):`)));
    for (const p of r.problems) out.push(`  - ${p}`);
    return out.join("\n");
}
