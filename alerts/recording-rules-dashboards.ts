// Recording rules for the dashboards' heaviest panels (the query-speed goal in BENCHMARKS.md): each pre-aggregates or thins raw
// series to what a panel still filters or groups on (`job`, `instance`, and the panel's own labels), so a 7-day panel
// reads one sample per evaluation per series instead of every scrape.
import { DashboardRecordingRule } from "./dashboard-recording-types";
import { hostRecordingRules } from "./recording-rules-dashboards-hosts";
import { latencyRecordingRules } from "./recording-rules-dashboards-latency";
import { RecordingRule } from "./types";

export const dashboardRecordingRules: readonly DashboardRecordingRule[] = [...latencyRecordingRules, ...hostRecordingRules];

/** The group a recording rule is rendered in. */
export const recordingGroupOf = (rule: RecordingRule, defaultGroup: string): string =>
    dashboardRecordingRules.find((r) => r.record === rule.record)?.group ?? defaultGroup;

/** A dashboard recording rule by its recorded name (fails at build time if there is none). */
export function dashboardRecordingRule(record: string): DashboardRecordingRule {
    const rule = dashboardRecordingRules.find((r) => r.record === record);
    if (!rule) throw new Error(`no dashboard recording rule records ${record}`);
    return rule;
}
