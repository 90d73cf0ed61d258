// A team's scrape targets without a cluster API (dev, Docker): a file_sd file written by its own stack (program/team-targets-file.ts) where Prometheus
// watches, so no redeploy adds a target; the monitoring stack reads only its listed teams' files and sets `team` and `job` itself (render/prometheus).
import { sortedRecord } from "../model/common/sorted-keys";
import { isHostPort } from "../model/config/hosts";
import { labelNamePattern } from "../model/config/schema";

/** Where and how Prometheus scrapes some of a team's services. */
export interface TeamScrapeTarget {
    /** `host:port` of each service, as Prometheus' container reaches it (`host.docker.internal:9100` for one on the Docker host). */
    readonly targets: readonly string[];
    /** Labels on every series of these targets. `team`, `job`, `cluster` and `__` names are the stack's. Default: none. */
    readonly labels?: Readonly<Record<string, string>>;
    /** Default: /metrics. */
    readonly metricsPath?: string;
    /** Default: http. */
    readonly scheme?: "http" | "https";
}

/** Set by the stack: a target may not claim another team, another job or another cluster. */
const reservedLabels = ["team", "job", "cluster"];

/** Every problem of a team's scrape targets, one line each, naming the entry and what is accepted. */
export function teamTargetsProblems(targets: readonly TeamScrapeTarget[]): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    targets.forEach((t, i) => {
        const what = `scrape target [${i}]`;
        if (t.targets.length === 0) problems.push(`${what}: expected at least one host:port target`);
        for (const target of t.targets) {
            if (!isHostPort(target)) problems.push(`${what}: ${JSON.stringify(target)} is not host:port; expected such as host.docker.internal:9100`);
            const key = `${t.scheme ?? "http"}://${target}${t.metricsPath ?? "/metrics"}`;
            if (seen.has(key)) problems.push(`${what}: ${key} is listed twice; list each target once`);
            seen.add(key);
        }
        for (const name of Object.keys(t.labels ?? {}).sort()) {
            if (reservedLabels.includes(name) || name.startsWith("__"))
                problems.push(`${what}: label ${name} is set by the stack (${reservedLabels.join(", ")} and __ names are); leave it out`);
            else if (!labelNamePattern.test(name)) problems.push(`${what}: label ${JSON.stringify(name)}: expected letters, digits and '_', such as service`);
        }
        if (t.metricsPath !== undefined && !/^\/\S*$/.test(t.metricsPath))
            problems.push(`${what}: metricsPath ${JSON.stringify(t.metricsPath)}: expected a path such as /metrics`);
        if (t.scheme !== undefined && t.scheme !== "http" && t.scheme !== "https")
            problems.push(`${what}: scheme ${JSON.stringify(t.scheme)}: expected http or https`);
    });
    return problems;
}

/** Prometheus' file_sd JSON for a team's targets: one group per entry, keys sorted, so the same targets write the same bytes. */
export function renderTeamTargetsFile(targets: readonly TeamScrapeTarget[]): string {
    const groups = targets.map((t) => ({
        labels: sortedRecord({ ...t.labels, __metrics_path__: t.metricsPath ?? "/metrics", __scheme__: t.scheme ?? "http" }),
        targets: [...t.targets],
    }));
    return `${JSON.stringify(groups, null, 2)}\n`;
}
