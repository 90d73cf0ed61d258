// node_exporter metrics that alerts, recording rules and dashboards may use (the guide's list plus what its queries need).
import { MetricSpec } from "./metric-types";

const node = (name: string, type: MetricSpec["type"], help: string, labels: readonly string[] = []): MetricSpec => ({
    name,
    type,
    help,
    labels,
    source: "node-exporter",
});

// Labels every filesystem series carries; alerts pick a mount by `mountpoint`.
const filesystemLabels = ["device", "fstype", "mountpoint"] as const;

export const nodeExporterMetrics: readonly MetricSpec[] = [
    node("node_boot_time_seconds", "gauge", "Node boot time, in unixtime."),
    node("node_cpu_seconds_total", "counter", "Seconds the CPUs spent in each mode.", ["cpu", "mode"]),
    node("node_disk_io_time_seconds_total", "counter", "Total seconds spent doing I/Os.", ["device"]),
    node("node_disk_read_bytes_total", "counter", "Bytes read successfully.", ["device"]),
    node("node_disk_written_bytes_total", "counter", "Bytes written successfully.", ["device"]),
    node("node_filesystem_avail_bytes", "gauge", "Filesystem space available to non-root users, in bytes.", filesystemLabels),
    node("node_filefd_allocated", "gauge", "File descriptors the kernel has allocated."),
    node("node_filefd_maximum", "gauge", "Maximum number of file descriptors the kernel allows."),
    node("node_filesystem_files", "gauge", "Filesystem total inodes.", filesystemLabels),
    node("node_filesystem_files_free", "gauge", "Filesystem free inodes.", filesystemLabels),
    node("node_filesystem_free_bytes", "gauge", "Filesystem free space, in bytes.", filesystemLabels),
    node("node_filesystem_readonly", "gauge", "Filesystem read-only status.", filesystemLabels),
    node("node_filesystem_size_bytes", "gauge", "Filesystem size, in bytes.", filesystemLabels),
    node("node_load1", "gauge", "1m load average."),
    node("node_load15", "gauge", "15m load average."),
    node("node_load5", "gauge", "5m load average."),
    node("node_memory_Buffers_bytes", "gauge", "Memory used for buffers, in bytes."),
    node("node_memory_Cached_bytes", "gauge", "Memory used for page cache, in bytes."),
    node("node_memory_MemAvailable_bytes", "gauge", "Memory available for new work, in bytes."),
    node("node_memory_MemFree_bytes", "gauge", "Unused memory, in bytes."),
    node("node_memory_MemTotal_bytes", "gauge", "Total usable memory, in bytes."),
    node("node_network_receive_bytes_total", "counter", "Network bytes received.", ["device"]),
    node("node_network_transmit_bytes_total", "counter", "Network bytes transmitted.", ["device"]),
    node("node_time_seconds", "gauge", "System time, in seconds since the epoch."),
    node("node_timex_offset_seconds", "gauge", "Time offset between the local clock and the reference clock, in seconds."),
    node("node_uname_info", "gauge", "uname(2) information.", ["domainname", "machine", "nodename", "release", "sysname", "version"]),
    // Exposed untyped by node_exporter's vmstat collector, though it only ever grows.
    node("node_vmstat_oom_kill", "untyped", "Processes the kernel's OOM killer killed (/proc/vmstat oom_kill)."),
];
