// Generated inputs for the program-time benchmark: a stack k times the reference size (100 alert rules, 10 dashboards
// and 100 scrape targets per unit, so 10x is 1,000 rules, 100 dashboards and 1,000 targets). Deterministic: same k, same bytes.
import { allAlertRules, AlertRule } from "../alerts/catalog";
import { ruleGroups } from "../alerts/groups";
import { buildDashboards, DashboardDefinition } from "../dashboards";
import { folders } from "../model/folders";

const rulesPerUnit = 100;
const dashboardsPerUnit = 10;
const targetsPerUnit = 100;
/** Targets per generated scrape job. */
const targetsPerJob = 10;

const platformGroups = ruleGroups.filter((g) => g.owner === "platform").map((g) => g.name);

/** The catalogue, topped up with generated platform alerts (spread over the platform's groups) to `k * 100` rules. */
export function scaledAlertRules(k: number): AlertRule[] {
    const extra = Math.max(0, k * rulesPerUnit - allAlertRules.length);
    const generated = Array.from({ length: extra }, (_, i): AlertRule => ({
        alert: `BenchAlert${String(i).padStart(4, "0")}`,
        group: platformGroups[i % platformGroups.length],
        owner: "platform",
        expr: `up{job="bench-${i % 100}"} == 0`,
        for: "5m",
        severity: i % 10 === 0 ? "critical" : "warning",
        summary: `Generated alert ${i}`,
        description: `Generated alert ${i} of the program-time benchmark; {{ $labels.instance }} is down.`,
    }));
    return [...allAlertRules, ...generated];
}

/** The built-in dashboards, topped up with copies of them (new uid and title) to `k * 10` dashboards. */
export function scaledDashboards(k: number): DashboardDefinition[] {
    const base = buildDashboards();
    const extra = Math.max(0, k * dashboardsPerUnit - base.length);
    const copies = Array.from({ length: extra }, (_, i): DashboardDefinition => {
        const source = base[i % base.length];
        const uid = `bench-${String(i).padStart(4, "0")}`;
        const title = `${source.title} (bench ${i})`;
        return { uid, title, folder: folders.custom, json: { ...JSON.parse(JSON.stringify(source.json)), uid, title } };
    });
    return [...base, ...copies];
}

/** `monitoring:platformTargets` with the stack's own jobs plus generated ones, `k * 100` targets in all. */
export function scaledPlatformTargets(existing: readonly { job: string; targets: string[] }[], k: number): string {
    const have = existing.reduce((n, j) => n + j.targets.length, 0);
    const extra = Math.max(0, k * targetsPerUnit - have);
    const jobs = Array.from({ length: Math.ceil(extra / targetsPerJob) }, (_, j) => ({
        job: `bench-${j}`,
        targets: Array.from({ length: Math.min(targetsPerJob, extra - j * targetsPerJob) }, (_, t) => `bench-${j}-${t}.example.internal:9100`),
    }));
    return JSON.stringify([...existing, ...jobs]);
}
