// Host and process charts recorded every 5 minutes, with every label of the raw series (so `$job` and `$instance` filter
// them as before): rates over 5 m, gauges as their mean over the 5 m since the last evaluation (nothing in between is
// skipped), ratios as they were.
import { dashboardRecording5mGroupName, DashboardRecordingRule, withFilter } from "./dashboard-recording-types";
import { rateWindow, realFilesystems } from "./promql";
import { RuleRequirements } from "./types";

const node: RuleRequirements = { components: ["node-exporter"] };
// Pseudo filesystems and the loopback interface say nothing about capacity or traffic (as on System Resources).
const realFs = realFilesystems;
const realNic = `device!="lo"`;
const fsLabels = ["device", "fstype", "mountpoint"];
const own = (selector?: string) => (selector ? `{${selector}}` : "");
const stripped = (metric: string) => metric.replace(/_total$/, "");

/** `avg_over_time(<gauge>[5m])`, named `<level>:<gauge>:avg5m`. */
function gauge(level: string, metric: string, labels: readonly string[], requires?: RuleRequirements, selector?: string): DashboardRecordingRule {
    return {
        record: `${level}:${metric}:avg${rateWindow}`,
        expr: `avg_over_time(${metric}${own(selector)}[${rateWindow}])`,
        group: dashboardRecording5mGroupName,
        source: metric,
        labels,
        raw: (filter) => `${metric}${withFilter(filter, selector)}`,
        ...(requires ? { requires } : {}),
    };
}

/** `rate(<counter>[5m])`, named `<level>:<counter without _total>:rate5m`. */
function counter(level: string, metric: string, labels: readonly string[], requires?: RuleRequirements, selector?: string): DashboardRecordingRule {
    return {
        record: `${level}:${stripped(metric)}:rate${rateWindow}`,
        expr: `rate(${metric}${own(selector)}[${rateWindow}])`,
        group: dashboardRecording5mGroupName,
        source: metric,
        labels,
        raw: (filter, window) => `rate(${metric}${withFilter(filter, selector)}[${window}])`,
        ...(requires ? { requires } : {}),
    };
}

const cpuByMode: DashboardRecordingRule = {
    record: `instance_mode:node_cpu_seconds:avg_rate${rateWindow}`,
    expr: `avg by (job, instance, mode) (rate(node_cpu_seconds_total{mode!="idle"}[${rateWindow}]))`,
    group: dashboardRecording5mGroupName,
    source: "node_cpu_seconds_total",
    labels: ["mode"],
    raw: (filter, window) => `avg by (job, instance, mode) (rate(node_cpu_seconds_total${withFilter(filter, `mode!="idle"`)}[${window}]))`,
    requires: node,
};

const filesystemUsed: DashboardRecordingRule = {
    record: "instance_mountpoint:node_filesystem_used:ratio",
    expr: `1 - node_filesystem_avail_bytes{${realFs}} / node_filesystem_size_bytes{${realFs}}`,
    group: dashboardRecording5mGroupName,
    source: "node_filesystem_avail_bytes",
    labels: fsLabels,
    raw: (filter) => `1 - node_filesystem_avail_bytes${withFilter(filter, realFs)} / node_filesystem_size_bytes${withFilter(filter, realFs)}`,
    requires: node,
};

const inodesUsed: DashboardRecordingRule = {
    record: "instance_mountpoint:node_filesystem_files_used:ratio",
    expr: `1 - node_filesystem_files_free{${realFs}} / (node_filesystem_files{${realFs}} > 0)`,
    group: dashboardRecording5mGroupName,
    source: "node_filesystem_files_free",
    labels: fsLabels,
    raw: (filter) => `1 - node_filesystem_files_free${withFilter(filter, realFs)} / (node_filesystem_files${withFilter(filter, realFs)} > 0)`,
    requires: node,
};

const kernelFds: DashboardRecordingRule = {
    record: "instance:node_filefd:ratio",
    expr: "node_filefd_allocated / node_filefd_maximum",
    group: dashboardRecording5mGroupName,
    source: "node_filefd_allocated",
    labels: [],
    raw: (filter) => `node_filefd_allocated${withFilter(filter)} / node_filefd_maximum${withFilter(filter)}`,
    requires: node,
};

/** OOM kills per 5 m (the panel's "per interval" at a fixed 5 m). */
const oomKills: DashboardRecordingRule = {
    record: `instance:node_vmstat_oom_kill:increase${rateWindow}`,
    expr: `increase(node_vmstat_oom_kill[${rateWindow}])`,
    group: dashboardRecording5mGroupName,
    source: "node_vmstat_oom_kill",
    labels: [],
    raw: (filter, window) => `increase(node_vmstat_oom_kill${withFilter(filter)}[${window}])`,
    requires: node,
};

const openFds: DashboardRecordingRule = {
    record: "instance:process_open_fds:ratio",
    expr: "process_open_fds / process_max_fds",
    group: dashboardRecording5mGroupName,
    source: "process_open_fds",
    labels: [],
    raw: (filter) => `process_open_fds${withFilter(filter)} / process_max_fds${withFilter(filter)}`,
};

const nodeMemoryGauges = [
    "node_memory_MemTotal_bytes",
    "node_memory_MemAvailable_bytes",
    "node_memory_MemFree_bytes",
    "node_memory_Cached_bytes",
    "node_memory_Buffers_bytes",
] as const;
const nodeLoadGauges = ["node_load1", "node_load5", "node_load15"] as const;
const diskCounters = ["node_disk_read_bytes_total", "node_disk_written_bytes_total", "node_disk_io_time_seconds_total"] as const;
const networkCounters = ["node_network_receive_bytes_total", "node_network_transmit_bytes_total"] as const;
const processGauges = ["scrape_duration_seconds", "scrape_samples_scraped", "process_resident_memory_bytes", "process_virtual_memory_bytes"] as const;

export const hostRecordingRules: readonly DashboardRecordingRule[] = [
    cpuByMode,
    filesystemUsed,
    ...nodeMemoryGauges.map((m) => gauge("instance", m, [], node)),
    ...nodeLoadGauges.map((m) => gauge("instance", m, [], node)),
    inodesUsed,
    kernelFds,
    gauge("instance", "node_timex_offset_seconds", [], node),
    oomKills,
    ...diskCounters.map((m) => counter("instance_device", m, ["device"], node)),
    ...networkCounters.map((m) => counter("instance_device", m, ["device"], node, realNic)),
    ...processGauges.map((m) => gauge("instance", m, [])),
    counter("instance", "process_cpu_seconds_total", []),
    openFds,
];
