// Recording rules for the heaviest panels (BENCHMARKS.md): series thinned to what a panel filters or groups on, so 7 days read one sample per evaluation.
import { dashboardRecording5mGroupName, dashboardRecordingGroupName } from "./groups";
import { rateWindow, realFilesystems as realFs } from "./promql";
import { DashboardRecordingRule, RuleRequirements } from "./types";

/** `{<filter>, <own>}` without empty parts. */
const withFilter = (filter: string, own?: string): string => (filter || own ? `{${[filter, own].filter((s) => s).join(", ")}}` : "");

type Query = (filter: string, window: string) => string;

/** Records `query` without a filter over the rate window; the panel's raw query is `query` with its filter and window. */
function recorded(record: string, source: string, labels: readonly string[], query: Query, group = dashboardRecording5mGroupName): DashboardRecordingRule {
    return { record, expr: query("", rateWindow), group, source, labels, raw: query };
}

/** `avg_over_time(<gauge>[5m])`, named `instance:<gauge>:avg5m`: the mean over the 5 m since the last evaluation. */
const gauge = (metric: string): DashboardRecordingRule => ({
    ...recorded(`instance:${metric}:avg${rateWindow}`, metric, [], (filter) => `${metric}${withFilter(filter)}`),
    expr: `avg_over_time(${metric}[${rateWindow}])`,
});

/** `<numerator> / <denominator>`, per instance. */
const ratio = (record: string, numerator: string, denominator: string) =>
    recorded(record, numerator, [], (f) => `${numerator}${withFilter(f)} / ${denominator}${withFilter(f)}`);

/** `rate(<counter>[5m])`, named `<level>:<counter without _total>:rate5m`. */
const counter = (level: string, metric: string, labels: readonly string[], selector?: string) =>
    recorded(`${level}:${metric.replace(/_total$/, "")}:rate${rateWindow}`, metric, labels, (f, w) => `rate(${metric}${withFilter(f, selector)}[${w}])`);

/**
 * The platform's latency histograms per job, instance and bucket, once a minute: latency panels draw quantiles from these (about ten times
 * faster over 7 days), exemplars from a target over the raw buckets (latencyTargets, dashboards/common.ts). Recorded names must not contain
 * `<histogram>_bucket`: Grafana runs exemplars only for the first target whose expression names a histogram, which must be the exemplar one.
 */
const latencyRate = (record: string, series: string, labels: readonly string[]) =>
    recorded(
        `${record}:rate${rateWindow}`,
        series,
        labels,
        (f, w) => `sum by (${["job", "instance", ...labels].join(", ")}) (rate(${series}${withFilter(f)}[${w}]))`,
        dashboardRecordingGroupName,
    );
const bucketRate = (h: string) => latencyRate(`instance_le:${h}`, `${h}_bucket`, ["le"]);
/** `_sum` or `_count` per instance, for the mean line. */
const partRate = (h: string, part: "sum" | "count") => latencyRate(`instance:${h}_${part}`, `${h}_${part}`, []);

/** The histograms whose panels also draw the mean (sum / count). */
const latencyHistogramsWithMean = ["provisioning_api_requests_duration_seconds", "provisioning_kms_latency_seconds"] as const;
const latencyHistograms = [...latencyHistogramsWithMean, "provisioning_workflow_duration_seconds", "provisioning_task_duration_seconds"] as const;

// Host and process charts every 5 minutes, with every label of the raw series (`$job` and `$instance` filter them as before): rates over 5 m,
// gauges as their 5 m mean, ratios as they were. Pseudo filesystems and the loopback interface say nothing of capacity or traffic.
const node: RuleRequirements = { components: ["node-exporter"] };
const fsLabels = ["device", "fstype", "mountpoint"];

export const dashboardRecordingRules: readonly DashboardRecordingRule[] = [
    ...latencyHistograms.map(bucketRate),
    ...latencyHistogramsWithMean.flatMap((h) => [partRate(h, "sum"), partRate(h, "count")]),
    // node_exporter's series: deployed with it only.
    ...[
        recorded(
            `instance_mode:node_cpu_seconds:avg_rate${rateWindow}`,
            "node_cpu_seconds_total",
            ["mode"],
            (f, w) => `avg by (job, instance, mode) (rate(node_cpu_seconds_total${withFilter(f, `mode!="idle"`)}[${w}]))`,
        ),
        recorded(
            "instance_mountpoint:node_filesystem_used:ratio",
            "node_filesystem_avail_bytes",
            fsLabels,
            (f) => `1 - node_filesystem_avail_bytes${withFilter(f, realFs)} / node_filesystem_size_bytes${withFilter(f, realFs)}`,
        ),
        ...[
            "node_memory_MemTotal_bytes",
            "node_memory_MemAvailable_bytes",
            "node_memory_MemFree_bytes",
            "node_memory_Cached_bytes",
            "node_memory_Buffers_bytes",
        ].map(gauge),
        ...["node_load1", "node_load5", "node_load15"].map(gauge),
        recorded(
            "instance_mountpoint:node_filesystem_files_used:ratio",
            "node_filesystem_files_free",
            fsLabels,
            (f) => `1 - node_filesystem_files_free${withFilter(f, realFs)} / (node_filesystem_files${withFilter(f, realFs)} > 0)`,
        ),
        ratio("instance:node_filefd:ratio", "node_filefd_allocated", "node_filefd_maximum"),
        gauge("node_timex_offset_seconds"),
        // OOM kills per 5 m (the panel's "per interval" at a fixed 5 m).
        recorded(
            `instance:node_vmstat_oom_kill:increase${rateWindow}`,
            "node_vmstat_oom_kill",
            [],
            (f, w) => `increase(node_vmstat_oom_kill${withFilter(f)}[${w}])`,
        ),
        ...["node_disk_read_bytes_total", "node_disk_written_bytes_total", "node_disk_io_time_seconds_total"].map((m) =>
            counter("instance_device", m, ["device"]),
        ),
        ...["node_network_receive_bytes_total", "node_network_transmit_bytes_total"].map((m) => counter("instance_device", m, ["device"], `device!="lo"`)),
    ].map((rule) => ({ ...rule, requires: node })),
    ...["scrape_duration_seconds", "scrape_samples_scraped", "process_resident_memory_bytes", "process_virtual_memory_bytes"].map(gauge),
    counter("instance", "process_cpu_seconds_total", []),
    ratio("instance:process_open_fds:ratio", "process_open_fds", "process_max_fds"),
];

/** A dashboard recording rule by its recorded name (fails at build time if there is none). */
export function dashboardRecordingRule(record: string): DashboardRecordingRule {
    const rule = dashboardRecordingRules.find((r) => r.record === record);
    if (!rule) throw new Error(`no dashboard recording rule records ${record}`);
    return rule;
}
