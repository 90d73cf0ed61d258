// The stack's own metrics (scrape health, Prometheus, Alertmanager, process_*, log and trace pipelines) that rules may use.
import { metricOf as metric, MetricSpec } from "./metric-types";

/** Written by Prometheus for every target and by every Go/Rust client library for its own process. */
const everyTarget: readonly MetricSpec[] = [
    metric("any-target", "up", "gauge", "1 if the last scrape of the target succeeded, 0 if it failed."),
    metric("any-target", "scrape_duration_seconds", "gauge", "Duration of the last scrape."),
    metric("any-target", "scrape_samples_scraped", "gauge", "Samples the last scrape returned."),
    metric("any-target", "process_cpu_seconds_total", "counter", "User and system CPU time spent, in seconds."),
    metric("any-target", "process_max_fds", "gauge", "Maximum number of open file descriptors."),
    metric("any-target", "process_open_fds", "gauge", "Number of open file descriptors."),
    metric("any-target", "process_resident_memory_bytes", "gauge", "Resident memory size, in bytes."),
    metric("any-target", "process_start_time_seconds", "gauge", "Start time of the process since the epoch, in seconds."),
    metric("any-target", "process_virtual_memory_bytes", "gauge", "Virtual memory size, in bytes."),
];

const prometheus: readonly MetricSpec[] = [
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
];

// Written by Prometheus' rule manager for each pending or firing alert of the rules it evaluates (not Grafana's).
const ruleSeries: readonly MetricSpec[] = [
    metric("prometheus-rules", "ALERTS", "gauge", "1 for each pending or firing alert Prometheus evaluates.", ["alertname", "alertstate", "severity"]),
];

const alertmanager: readonly MetricSpec[] = [
    metric("alertmanager", "alertmanager_alerts", "gauge", "Alerts by state.", ["state"]),
    metric("alertmanager", "alertmanager_alerts_received_total", "counter", "Alerts received.", ["status", "version"]),
    metric("alertmanager", "alertmanager_build_info", "gauge", "Alertmanager build information.", ["branch", "goversion", "revision", "version"]),
    metric("alertmanager", "alertmanager_cluster_members", "gauge", "Members of the gossip cluster this replica sees (itself included)."),
    metric("alertmanager", "alertmanager_config_last_reload_successful", "gauge", "Whether the last configuration reload succeeded."),
    metric("alertmanager", "alertmanager_notification_latency_seconds", "histogram", "Latency of notifications.", ["integration"]),
    metric("alertmanager", "alertmanager_notifications_failed_total", "counter", "Notifications that failed.", ["integration"]),
    metric("alertmanager", "alertmanager_notifications_total", "counter", "Notifications attempted.", ["integration"]),
    metric("alertmanager", "alertmanager_silences", "gauge", "Silences by state.", ["state"]),
];

// Not checked against a binary on this machine (Debian packages none of them). Names as the upstream mixins query them:
// grafana/loki production/loki-mixin (alerts, and the retention dashboard for the compactor's timestamp) and promtail-mixin,
// grafana/tempo operations/tempo-mixin (alerts.libsonnet: TempoIngesterFlushesUnhealthy, TempoCompactionsFailing,
// TempoMetricsGeneratorCollectionsFailing).
const pipelines: readonly MetricSpec[] = [
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

export const stackMetrics: readonly MetricSpec[] = [...everyTarget, ...prometheus, ...ruleSeries, ...alertmanager, ...pipelines];
