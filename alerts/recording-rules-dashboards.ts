// Recording rules for the dashboards' heaviest panels (issue 13's query-speed goal): each pre-aggregates raw series to
// the labels the panel still filters or groups on (`job`, `instance`, and the panel's own), once a minute, so a 7-day
// panel reads one sample a minute per series instead of every scrape (2 s for the platform's histograms).
import { rateWindow } from "./promql";
import { RecordingRule } from "./types";

/** Their own group: a minute is fine for a chart, and it keeps them off the 15 s group the alerts' rules share. */
export const dashboardRecordingGroupName = "provisioning_dashboard_recording";
export const dashboardRecordingInterval = "1m";

/** A dashboard recording rule and what it was built from (the query benchmark backfills its output series from this). */
export interface DashboardRecordingRule extends RecordingRule {
    /** The series it reads (a histogram's `_bucket`, `_sum` or `_count`). */
    readonly source: string;
    /** Labels of its output beyond `job` and `instance`. */
    readonly labels: readonly string[];
    /** The same expression with `filter` added to its selector and `window` as its rate window: a panel's raw query. */
    readonly raw: (filter: string, window: string) => string;
}

const withFilter = (filter: string, own?: string): string => `{${[filter, own].filter((s) => s).join(", ")}}`;

/**
 * The rate of one histogram series per job and instance (and bucket): a panel sums it by job after its variables'
 * filter, then takes any quantile (buckets) or the mean (`_sum` over `_count`).
 */
function histogramRate(histogram: string, part: "bucket" | "sum" | "count"): DashboardRecordingRule {
    const by = part === "bucket" ? "job, instance, le" : "job, instance";
    const raw = (filter: string, window: string) => `sum by (${by}) (rate(${histogram}_${part}${withFilter(filter)}[${window}]))`;
    const level = part === "bucket" ? "instance_le" : "instance";
    return { record: `${level}:${histogram}_${part}:rate${rateWindow}`, expr: raw("", rateWindow).replace("{}", ""), source: `${histogram}_${part}`, labels: part === "bucket" ? ["le"] : [], raw };
}

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

export const dashboardRecordingRules: readonly DashboardRecordingRule[] = [
    histogramRate("provisioning_api_requests_duration_seconds", "bucket"),
    histogramRate("provisioning_api_requests_duration_seconds", "sum"),
    histogramRate("provisioning_api_requests_duration_seconds", "count"),
    histogramRate("provisioning_workflow_duration_seconds", "bucket"),
    histogramRate("provisioning_task_duration_seconds", "bucket"),
    histogramRate("provisioning_kms_latency_seconds", "bucket"),
    histogramRate("provisioning_kms_latency_seconds", "sum"),
    histogramRate("provisioning_kms_latency_seconds", "count"),
    cpuByMode,
    filesystemUsed,
];

/** The group a recording rule is rendered in. */
export const recordingGroupOf = (rule: RecordingRule, defaultGroup: string): string =>
    dashboardRecordingRules.some((r) => r.record === rule.record) ? dashboardRecordingGroupName : defaultGroup;
