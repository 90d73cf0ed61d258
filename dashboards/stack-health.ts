// Monitoring Stack: the health of the stack itself, so a silent Prometheus or Alertmanager is noticed.
import { allAlertRules, componentDownAlertName, componentTitles } from "../alerts/catalog";
import { ComponentName, componentNames } from "../model/config/catalog";
import { folders } from "../model/folders";
import { DashboardDefinition, newDashboard } from "./skeleton";
import { activeAlerts, fiveMinuteChart, ofJob, promTimeseries, recorded, runbooks, sel, shareChart, stat, stateStat, table, thresholds } from "./common";

const rate = (component: ComponentName, metric: string) => `rate(${ofJob(component, metric)}[$__rate_interval])`;
const perInterval = (component: ComponentName, counter: string) => `sum(increase(${ofJob(component, counter)}[$__rate_interval]))`;
const byIntegration = (metric: string) => `sum by (integration) (${rate("alertmanager", metric)})`;
const configReload = (title: string, component: "prometheus" | "alertmanager", whose: string) =>
    stateStat(title, `Whether ${whose} last configuration reload succeeded.`, ofJob(component, `${component}_config_last_reload_successful`), "{{instance}}", [
        "OK",
        "FAILED",
    ]).links(runbooks(`${componentTitles[component]}ConfigReloadFailed`));

export function stackHealthDashboard(): DashboardDefinition {
    return newDashboard({
        uid: "prov-monitoring-stack",
        title: "Monitoring Stack",
        description: `Health of the monitoring stack itself: ${Object.values(componentTitles).join(", ")}.`,
        tags: ["monitoring-stack"],
        variableMetric: "up",
        jobRegex: `^(${componentNames.join("|")})$`,
        // The remote-write alerts are linked from their own dashboard, deployed with them.
        alerts: allAlertRules.filter((a) => a.owner === "stack" && !a.requires?.remoteWrite).map((a) => a.alert),
        folder: folders.stack,
        panels: [
            "Targets",
            stateStat("Components", "Scrape status of each component of the stack.", sel("up"), "{{job}} {{instance}}", ["UP", "DOWN"])
                .span(24)
                .links(runbooks(...componentNames.map(componentDownAlertName))),
            fiveMinuteChart("Scrape duration", "s", "How long the scrapes of each target took (5m means).", [
                [recorded("instance:scrape_duration_seconds:avg5m"), "{{job}} {{instance}}"],
            ]),
            fiveMinuteChart("Samples per scrape", "short", "Samples the scrapes of each target returned (5m means).", [
                [recorded("instance:scrape_samples_scraped:avg5m"), "{{job}} {{instance}}"],
            ]),
            "Processes",
            fiveMinuteChart("CPU", "percentunit", "CPU used by each component's process (100% = one core; recorded every 5m over 5m).", [
                [`sum by (job, instance) (${recorded("instance:process_cpu_seconds:rate5m")})`, "{{job}} {{instance}}"],
            ]),
            fiveMinuteChart("Memory", "bytes", "Resident and virtual memory of each component's process (5m means).", [
                [recorded("instance:process_resident_memory_bytes:avg5m"), "resident {{job}} {{instance}}"],
                [recorded("instance:process_virtual_memory_bytes:avg5m"), "virtual {{job}} {{instance}}"],
            ]),
            shareChart("File descriptors", "Open file descriptors as a share of the process' limit, every 5m.", [
                [recorded("instance:process_open_fds:ratio"), "{{job}} {{instance}}"],
            ]).thresholds(thresholds(0.8)),
            stat(
                "Youngest process",
                "s",
                "Time since the most recently (re)started component process started.",
                `min(time() - ${sel("process_start_time_seconds")})`,
            )
                .decimals(0)
                .span(12)
                .height(8),
            "Prometheus",
            configReload("Config reload", "prometheus", "Prometheus'"),
            stat(
                "Last successful reload",
                "dateTimeFromNow",
                "When Prometheus last loaded its configuration successfully.",
                `max(${ofJob("prometheus", "prometheus_config_last_reload_success_timestamp_seconds")}) * 1000`,
            ),
            stat(
                "Alertmanagers discovered",
                "short",
                "Alertmanagers Prometheus sends alerts to.",
                `min(${ofJob("prometheus", "prometheus_notifications_alertmanagers_discovered")})`,
            )
                .thresholds(thresholds(1, true))
                .links(runbooks("PrometheusNotConnectedToAlertmanager")),
            stat("Head series", "short", "Series in Prometheus' in-memory head block.", `sum(${ofJob("prometheus", "prometheus_tsdb_head_series")})`),
            promTimeseries("Rule evaluations", "ops", "Rule evaluations and failures per second, per rule group.", [
                [`sum by (rule_group) (${rate("prometheus", "prometheus_rule_evaluations_total")})`, "evaluations {{rule_group}}"],
                [`sum by (rule_group) (${rate("prometheus", "prometheus_rule_evaluation_failures_total")})`, "failures {{rule_group}}"],
                [`sum by (rule_group) (${rate("prometheus", "prometheus_rule_group_iterations_missed_total")})`, "missed {{rule_group}}"],
            ]).links(runbooks("PrometheusRuleEvaluationFailures")),
            promTimeseries("Rule group duration", "s", "Duration of each rule group's last evaluation, against its interval (PrometheusRuleGroupSlow).", [
                [`max by (rule_group) (${ofJob("prometheus", "prometheus_rule_group_last_duration_seconds")})`, "{{rule_group}}"],
                [`max by (rule_group) (${ofJob("prometheus", "prometheus_rule_group_interval_seconds")})`, "interval {{rule_group}}"],
            ]).links(runbooks("PrometheusRuleGroupSlow")),
            promTimeseries("Samples ingested", "cps", "Samples appended to the head block per second (PrometheusNotIngestingSamples fires at zero).", [
                [`sum(${rate("prometheus", "prometheus_tsdb_head_samples_appended_total")})`, "samples"],
            ]).links(runbooks("PrometheusNotIngestingSamples")),
            promTimeseries("Alert notifications", "ops", "Alerts Prometheus sent to Alertmanager, failed to send, and dropped.", [
                [`sum by (alertmanager) (${rate("prometheus", "prometheus_notifications_sent_total")})`, "sent {{alertmanager}}"],
                [`sum by (alertmanager) (${rate("prometheus", "prometheus_notifications_errors_total")})`, "errors {{alertmanager}}"],
                [`sum(${rate("prometheus", "prometheus_notifications_dropped_total")})`, "dropped"],
            ]).links(runbooks("PrometheusNotificationsFailing")),
            promTimeseries("Notification queue", "short", "Alert notifications waiting to be sent, against the queue's capacity.", [
                [ofJob("prometheus", "prometheus_notifications_queue_length"), "length {{instance}}"],
                [ofJob("prometheus", "prometheus_notifications_queue_capacity"), "capacity {{instance}}"],
            ]),
            promTimeseries("TSDB compaction failures", "short", "Failed compactions per interval.", [
                [perInterval("prometheus", "prometheus_tsdb_compactions_failed_total"), "failed"],
            ]),
            table("Prometheus build", "none", "Version of each Prometheus server.", ofJob("prometheus", "prometheus_build_info")),
            "Alertmanager",
            configReload("Alertmanager config reload", "alertmanager", "Alertmanager's"),
            activeAlerts(),
            stat("Active silences", "short", "Silences currently muting alerts.", `sum(${ofJob("alertmanager", "alertmanager_silences", `state="active"`)})`),
            table("Alertmanager build", "none", "Version of each Alertmanager.", ofJob("alertmanager", "alertmanager_build_info")).span(6).height(4),
            promTimeseries("Alerts by state", "short", "Alerts Alertmanager holds, per state.", [
                [`sum by (state) (${ofJob("alertmanager", "alertmanager_alerts")})`, "{{state}}"],
            ]),
            promTimeseries("Alerts received", "ops", "Alerts received per second, firing and resolved.", [
                [`sum by (status) (${rate("alertmanager", "alertmanager_alerts_received_total")})`, "{{status}}"],
            ]),
            promTimeseries("Notifications", "ops", "Notifications attempted and failed per second, per integration.", [
                [byIntegration("alertmanager_notifications_total"), "sent {{integration}}"],
                [byIntegration("alertmanager_notifications_failed_total"), "failed {{integration}}"],
            ]).links(runbooks("AlertmanagerNotificationsFailing")),
            promTimeseries("Cluster members", "short", "Gossip members each Alertmanager replica sees (AlertmanagerClusterMembersInconsistent).", [
                [ofJob("alertmanager", "alertmanager_cluster_members"), "{{instance}}"],
            ]).links(runbooks("AlertmanagerClusterMembersInconsistent")),
            promTimeseries("Notification latency", "s", "95th percentile time to deliver a notification, per integration.", [
                [
                    `histogram_quantile(0.95, sum by (integration, le) (${rate("alertmanager", "alertmanager_notification_latency_seconds_bucket")}))`,
                    "p95 {{integration}}",
                ],
            ]),
            "Logs and traces",
            promTimeseries("Loki request latency", "s", "95th percentile time Loki spends serving requests, per route.", [
                [`histogram_quantile(0.95, sum by (route, le) (${rate("loki", "loki_request_duration_seconds_bucket")}))`, "{{route}}"],
            ]),
            promTimeseries("Promtail entries", "cps", "Log entries Promtail sent to Loki, and entries it dropped after failing to send.", [
                [`sum(${rate("promtail", "promtail_sent_entries_total")})`, "sent"],
                [`sum(${rate("promtail", "promtail_dropped_entries_total")})`, "dropped"],
            ]),
            promTimeseries("Tempo spans received", "cps", "Spans Tempo's distributor receives per second.", [
                [`sum(${rate("tempo", "tempo_distributor_spans_received_total")})`, "spans"],
            ]),
            promTimeseries("Tempo failures", "short", "Failed flushes, compaction errors and failed metrics-generator collections per interval.", [
                [perInterval("tempo", "tempo_ingester_failed_flushes_total"), "failed flushes"],
                [perInterval("tempo", "tempodb_compaction_errors_total"), "compaction errors"],
                [perInterval("tempo", "tempo_metrics_generator_registry_collections_failed_total"), "generator collections failed"],
            ]).links(runbooks("TempoIngesterFlushesFailing", "TempoCompactionsFailing", "TempoMetricsGeneratorCollectionsFailing")),
            stat(
                "Loki last compaction",
                "s",
                "Time since Loki's compactor (which applies retention) last succeeded (LokiCompactorNotRunning fires above 3 hours).",
                `time() - max(${ofJob("loki", "loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds")})`,
            )
                .thresholds(thresholds(3 * 3600))
                .span(24)
                .links(runbooks("LokiCompactorNotRunning")),
        ],
    });
}
