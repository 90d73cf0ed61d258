// The metric catalogue: every metric an alert, recording rule or dashboard may query (tests/support/metric-lookup.ts holds every query to it).
import { metricOf as metric, MetricSpec, MetricType } from "./metric-types";
import { platformMetrics } from "./metrics-platform";

export type { MetricSource, MetricSpec } from "./metric-types";
export { platformMetrics };

// node_exporter metrics that alerts, recording rules and dashboards may use (the guide's list plus what its queries need).
const node = (name: string, type: MetricType, help: string, labels: readonly string[] = []) => metric("node-exporter", name, type, help, labels);

const filesystemLabels = ["device", "fstype", "mountpoint"] as const;

const nodeExporterMetrics: readonly MetricSpec[] = [
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

// The stack's own metrics (scrape health, Prometheus, Alertmanager, process_*, log and trace pipelines) that rules may use.
const stackMetrics: readonly MetricSpec[] = [
    // Written by Prometheus for every target and by every Go/Rust client library for its own process.
    metric("any-target", "up", "gauge", "1 if the last scrape of the target succeeded, 0 if it failed."),
    metric("any-target", "scrape_duration_seconds", "gauge", "Duration of the last scrape."),
    metric("any-target", "scrape_samples_scraped", "gauge", "Samples the last scrape returned."),
    metric("any-target", "process_cpu_seconds_total", "counter", "User and system CPU time spent, in seconds."),
    metric("any-target", "process_max_fds", "gauge", "Maximum number of open file descriptors."),
    metric("any-target", "process_open_fds", "gauge", "Number of open file descriptors."),
    metric("any-target", "process_resident_memory_bytes", "gauge", "Resident memory size, in bytes."),
    metric("any-target", "process_start_time_seconds", "gauge", "Start time of the process since the epoch, in seconds."),
    metric("any-target", "process_virtual_memory_bytes", "gauge", "Virtual memory size, in bytes."),
    metric("prometheus", "prometheus_build_info", "gauge", "Prometheus build information.", ["branch", "goversion", "revision", "version"]),
    metric("prometheus", "prometheus_config_last_reload_successful", "gauge", "Whether the last configuration reload succeeded."),
    metric("prometheus", "prometheus_config_last_reload_success_timestamp_seconds", "gauge", "Time of the last successful reload."),
    metric("prometheus", "prometheus_notifications_alertmanagers_discovered", "gauge", "Alertmanagers discovered and active."),
    metric("prometheus", "prometheus_notifications_dropped_total", "counter", "Alerts dropped due to errors when sending."),
    metric("prometheus", "prometheus_notifications_errors_total", "counter", "Errors sending alert notifications.", ["alertmanager"]),
    metric("prometheus", "prometheus_notifications_queue_capacity", "gauge", "Capacity of the alert notifications queue."),
    metric("prometheus", "prometheus_notifications_queue_length", "gauge", "Alert notifications in the queue."),
    metric("prometheus", "prometheus_notifications_sent_total", "counter", "Alerts sent.", ["alertmanager"]),
    metric("prometheus", "prometheus_rule_evaluation_failures_total", "counter", "Rule evaluations that failed.", ["rule_group"]),
    metric("prometheus", "prometheus_rule_evaluations_total", "counter", "Rule evaluations.", ["rule_group"]),
    metric("prometheus", "prometheus_rule_group_iterations_missed_total", "counter", "Rule group evaluations missed.", ["rule_group"]),
    metric("prometheus", "prometheus_rule_group_interval_seconds", "gauge", "Interval of a rule group.", ["rule_group"]),
    metric("prometheus", "prometheus_rule_group_last_duration_seconds", "gauge", "Duration of the last rule group evaluation.", ["rule_group"]),
    metric("prometheus", "prometheus_tsdb_compactions_failed_total", "counter", "Compactions that failed."),
    metric("prometheus", "prometheus_tsdb_head_samples_appended_total", "counter", "Samples appended to the head block.", ["type"]),
    metric("prometheus", "prometheus_tsdb_head_series", "gauge", "Series in the head block."),
    ...[
        ["prometheus_remote_storage_queue_highest_sent_timestamp_seconds", "gauge", "Newest sample timestamp a remote-write queue sent, in seconds."],
        ["prometheus_remote_storage_queue_highest_timestamp_seconds", "gauge", "Newest sample timestamp a remote-write queue was given, in seconds."],
        ["prometheus_remote_storage_samples_failed_total", "counter", "Samples a remote-write queue failed to send (non-recoverable errors)."],
        ["prometheus_remote_storage_samples_total", "counter", "Samples a remote-write queue sent."],
    ].map(([name, type, help]) => metric("prometheus-remote-write", name, type as MetricType, help, ["remote_name", "url"])),
    // Written by Prometheus' rule manager for each pending or firing alert of the rules it evaluates (not Grafana's).
    metric("prometheus-rules", "ALERTS", "gauge", "1 for each pending or firing alert Prometheus evaluates.", ["alertname", "alertstate", "severity"]),
    // Thanos' parts (thanos-io/thanos mixin names), only with monitoring:thanos; the live test checks sidecar's and Query's on 0.42.4 (no Compactor).
    metric("thanos-sidecar", "thanos_objstore_bucket_operation_failures_total", "counter", "Bucket operations that failed.", ["bucket", "operation"]),
    metric("thanos-sidecar", "thanos_sidecar_prometheus_up", "gauge", "Whether the sidecar reaches its Prometheus."),
    metric("thanos-query", "http_requests_total", "counter", "HTTP requests Query served.", ["code", "handler", "method"]),
    metric("thanos-compactor", "thanos_compact_halted", "gauge", "1 once the Compactor halted on an error it does not retry."),
    metric("alertmanager", "alertmanager_alerts", "gauge", "Alerts by state.", ["state"]),
    metric("alertmanager", "alertmanager_alerts_received_total", "counter", "Alerts received.", ["status", "version"]),
    metric("alertmanager", "alertmanager_build_info", "gauge", "Alertmanager build information.", ["branch", "goversion", "revision", "version"]),
    metric("alertmanager", "alertmanager_cluster_members", "gauge", "Members of the gossip cluster this replica sees (itself included)."),
    metric("alertmanager", "alertmanager_config_last_reload_successful", "gauge", "Whether the last configuration reload succeeded."),
    metric("alertmanager", "alertmanager_notification_latency_seconds", "histogram", "Latency of notifications.", ["integration"]),
    metric("alertmanager", "alertmanager_notifications_failed_total", "counter", "Notifications that failed.", ["integration"]),
    metric("alertmanager", "alertmanager_notifications_total", "counter", "Notifications attempted.", ["integration"]),
    metric("alertmanager", "alertmanager_silences", "gauge", "Silences by state.", ["state"]),
    // No binary on this machine to check them (Debian packages none). Names as the mixins query them: grafana/loki production/loki-mixin
    // (alerts; the retention dashboard for the compactor's timestamp) and promtail-mixin, grafana/tempo operations/tempo-mixin
    // (alerts.libsonnet: TempoIngesterFlushesUnhealthy, TempoCompactionsFailing, TempoMetricsGeneratorCollectionsFailing).
    metric(
        "loki",
        "loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds",
        "gauge",
        "Time of the compactor's last successful compaction (and retention) run; 0 before the first.",
    ),
    metric("loki", "loki_request_duration_seconds", "histogram", "Time spent serving requests.", ["method", "route", "status_code"]),
    metric("promtail", "promtail_dropped_entries_total", "counter", "Log entries dropped after failing to be sent.", ["host", "reason"]),
    metric("promtail", "promtail_sent_entries_total", "counter", "Log entries sent to Loki.", ["host"]),
    metric("tempo", "tempo_distributor_spans_received_total", "counter", "Spans received by the distributor.", ["tenant"]),
    metric("tempo", "tempo_ingester_failed_flushes_total", "counter", "Trace block flushes that failed."),
    metric("tempo", "tempo_metrics_generator_registry_collections_failed_total", "counter", "Failed metrics-generator collections.", ["tenant"]),
    metric("tempo", "tempodb_compaction_errors_total", "counter", "Compaction errors."),
];

// A Kubernetes stack's metrics: kube-state-metrics (object state), the kubelet (volume stats), cAdvisor (containers), and what matters only
// with replicas. Names and labels from each project's docs (kube-state-metrics' docs/metrics at v2.20.0, the pinned release; the kubelet's
// and cAdvisor's /metrics reference); no binary on this machine exposes them.
const pod = ["namespace", "pod", "uid"] as const;
const container = [...pod, "container"] as const;
const claim = ["namespace", "persistentvolumeclaim"] as const;
const ksm = (name: string, help: string, labels: readonly string[], type: MetricType = "gauge") => metric("kube-state-metrics", name, type, help, labels);

const kubernetesMetrics: readonly MetricSpec[] = [
    ksm("kube_pod_info", "Information about pod.", [...pod, "node", "created_by_kind", "created_by_name"]),
    ksm("kube_pod_status_phase", "The pods current phase.", [...pod, "phase"]),
    ksm("kube_pod_status_ready", "Describes whether the pod is ready to serve requests.", [...pod, "condition"]),
    ksm("kube_pod_container_status_restarts_total", "The number of container restarts per container.", container, "counter"),
    ksm("kube_pod_container_status_waiting_reason", "Describes the reason the container is currently in waiting state.", [...container, "reason"]),
    ksm("kube_pod_container_status_last_terminated_reason", "Describes the last reason the container was in terminated state.", [...container, "reason"]),
    ksm("kube_deployment_spec_replicas", "Number of desired pods for a deployment.", ["namespace", "deployment"]),
    ksm("kube_deployment_status_replicas_available", "The number of available replicas per deployment.", ["namespace", "deployment"]),
    ksm("kube_statefulset_replicas", "Number of desired pods for a StatefulSet.", ["namespace", "statefulset"]),
    ksm("kube_statefulset_status_replicas_ready", "The number of ready replicas per StatefulSet.", ["namespace", "statefulset"]),
    ksm("kube_daemonset_status_desired_number_scheduled", "The number of nodes that should be running the daemon pod.", ["namespace", "daemonset"]),
    ksm("kube_daemonset_status_number_ready", "The number of nodes that should be running the daemon pod and are ready.", ["namespace", "daemonset"]),
    ksm("kube_persistentvolumeclaim_access_mode", "The access mode(s) specified by the persistent volume claim.", [...claim, "access_mode"]),
    ksm("kube_persistentvolumeclaim_status_phase", "The phase the persistent volume claim is currently in.", [...claim, "phase"]),
    metric("kubelet", "kubelet_volume_stats_available_bytes", "gauge", "Number of available bytes in the volume.", claim),
    metric("kubelet", "kubelet_volume_stats_capacity_bytes", "gauge", "Capacity in bytes of the volume.", claim),
    metric("kubelet", "kubelet_volume_stats_used_bytes", "gauge", "Number of used bytes in the volume.", claim),
    metric("kubelet", "kubelet_running_pods", "gauge", "Number of pods that have a running pod sandbox."),
    metric("cadvisor", "container_cpu_usage_seconds_total", "counter", "Cumulative cpu time consumed in seconds.", ["namespace", "pod", "container"]),
    metric("cadvisor", "container_memory_working_set_bytes", "gauge", "Current working set in bytes.", ["namespace", "pod", "container"]),
    // What tells Prometheus replicas apart (Kubernetes dashboard); Alertmanager's cluster members are with the stack's metrics above.
    metric("replicas", "prometheus_rule_group_rules", "gauge", "The number of rules.", ["rule_group"]),
];

export const metricCatalog: readonly MetricSpec[] = [...platformMetrics, ...nodeExporterMetrics, ...stackMetrics, ...kubernetesMetrics].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
);
