// A promtool `test rules` file that replays series through the rendered rule files and asks what fired: each alert's
// firing episodes over a window, and when an alert first fired. promtool checks the answers against expected values.
import { stringify } from "yaml";
import { ruleFileNames, ruleGroups } from "../../alerts/groups";
import { ReplaySeries } from "./platform-model";

/** One question at minute `at` of a replay, and the samples it must answer (`labels` in PromQL notation, `{}` for none). */
export interface ReplayCheck {
    readonly expr: string;
    readonly at: number;
    readonly expected: readonly { readonly labels: string; readonly value: number }[];
}

export interface ReplayGroup {
    readonly name: string;
    readonly series: readonly ReplaySeries[];
    readonly minutes: number;
    readonly checks: readonly ReplayCheck[];
}

/**
 * The groups of `ruleFiles` in the order promtool must evaluate them: recording groups first, so an alert reads the ratio
 * recorded at the same step (Prometheus records every 15 s, so its alerts read one at most 15 s old). Left to itself,
 * promtool orders groups at random, and an alert on a recorded series fires one step earlier or later from run to run.
 */
export function groupEvalOrder(ruleFiles: readonly string[]): string[] {
    const groups = ruleGroups.filter((g) => ruleFiles.includes(g.file));
    return [...groups.filter((g) => g.file === ruleFileNames.recording), ...groups.filter((g) => g.file !== ruleFileNames.recording)].map((g) => g.name);
}

/** Firing alerts, the Watchdog left out. */
const firing = `ALERTS{alertstate="firing", alertname!="Watchdog"}`;

/**
 * Firing episodes per alert over the last `minutes` (an episode starts where the alert fires and did not a minute
 * before). At most a day at a time: promtool refuses a query that loads more samples than a day of minutes.
 */
const episodesQuery = (minutes: number) => `sum by (alertname, severity, job) (count_over_time((${firing} unless ${firing} offset 1m)[${minutes}m:1m]))`;

/** The episodes checks that cover minutes [from, to) of a replay, a day or less each. */
export function episodesChecks(from: number, to: number): ReplayCheck[] {
    const checks: ReplayCheck[] = [];
    for (let end = to - 1; end > from - 1; end -= 1440) {
        // The comment tells the checks apart in promtool's report (PromQL ignores it).
        checks.push({ expr: `${episodesQuery(Math.min(1440, end - from + 1))} # up to minute ${end}`, at: end, expected: [] });
    }
    return checks.reverse();
}

/** Minutes from `fromMinute` (of the replay) to the first (`min`) or last (`max`) evaluation each alert fired at, over the last `minutes`. */
export const firingMinuteQuery = (edge: "min" | "max", minutes: number, fromMinute: number) =>
    `(${edge} by (alertname, job) (${edge}_over_time(timestamp(${firing})[${minutes}m:1m])) - ${fromMinute * 60}) / 60`;

export function replayTestFile(ruleFiles: readonly string[], groups: readonly ReplayGroup[]): string {
    return stringify(
        {
            rule_files: [...ruleFiles],
            evaluation_interval: "1m",
            group_eval_order: groupEvalOrder(ruleFiles),
            tests: groups.map((g) => ({
                name: g.name,
                interval: "1m",
                input_series: g.series.map((s) => ({ series: s.series, values: s.values })),
                promql_expr_test: g.checks.map((c) => ({
                    expr: c.expr,
                    eval_time: `${c.at}m`,
                    exp_samples: c.expected.map((e) => ({ labels: e.labels, value: e.value })),
                })),
            })),
        },
        { lineWidth: 0 },
    );
}
