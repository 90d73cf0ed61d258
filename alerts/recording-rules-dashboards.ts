// Recording rules for the dashboards' heaviest panels (issue 13's query-speed goal): each pre-aggregates raw series to
// the labels the panel still filters or groups on (`job`, `instance`, and the panel's own), once a minute, so a 7-day
// panel reads one sample a minute per series instead of every scrape.
import { rateWindow } from "./promql";
import { RecordingRule } from "./types";

/** Their own group: a minute is fine for a chart, and it keeps them off the 15 s group the alerts' rules share. */
export const dashboardRecordingGroupName = "provisioning_dashboard_recording";
export const dashboardRecordingInterval = "1m";

/** A dashboard recording rule and what it was built from (the query benchmark backfills its output series from this). */
export interface DashboardRecordingRule extends RecordingRule {
    /** The series it reads. */
    readonly source: string;
    /** Labels of its output beyond `job` and `instance`. */
    readonly labels: readonly string[];
    /** The same expression with `filter` added to its selector and `window` as its rate window: a panel's raw query. */
    readonly raw: (filter: string, window: string) => string;
}

const withFilter = (filter: string, own?: string): string => `{${[filter, own].filter((s) => s).join(", ")}}`;

// Pseudo filesystems say nothing about capacity (as on the System Resources dashboard).
const realFs = `fstype!~"tmpfs|overlay|squashfs|nsfs|ramfs"`;

const cpuByMode: DashboardRecordingRule = {
    record: `instance_mode:node_cpu_seconds:avg_rate${rateWindow}`,
    expr: `avg by (job, instance, mode) (rate(node_cpu_seconds_total{mode!="idle"}[${rateWindow}]))`,
    source: "node_cpu_seconds_total",
    labels: ["mode"],
    raw: (filter, window) => `avg by (job, instance, mode) (rate(node_cpu_seconds_total${withFilter(filter, `mode!="idle"`)}[${window}]))`,
    requires: { components: ["node-exporter"] },
};

const filesystemUsed: DashboardRecordingRule = {
    record: "instance_mountpoint:node_filesystem_used:ratio",
    expr: `1 - node_filesystem_avail_bytes{${realFs}} / node_filesystem_size_bytes{${realFs}}`,
    source: "node_filesystem_avail_bytes",
    labels: ["device", "fstype", "mountpoint"],
    raw: (filter) => `1 - node_filesystem_avail_bytes${withFilter(filter, realFs)} / node_filesystem_size_bytes${withFilter(filter, realFs)}`,
    requires: { components: ["node-exporter"] },
};

/**
 * The platform's latency histograms are not recorded: their panels read the raw `_bucket` series so they keep exemplars
 * (a spike links to its trace in Tempo), which recorded series do not carry.
 */
export const dashboardRecordingRules: readonly DashboardRecordingRule[] = [cpuByMode, filesystemUsed];

/** The group a recording rule is rendered in. */
export const recordingGroupOf = (rule: RecordingRule, defaultGroup: string): string =>
    dashboardRecordingRules.some((r) => r.record === rule.record) ? dashboardRecordingGroupName : defaultGroup;
