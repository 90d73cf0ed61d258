// promtool fixtures for the stack's own health alerts (component targets, Prometheus, Alertmanager, Watchdog).
import { AlertFixture, InputSeries, seriesName } from "./rule-fixture-types";

const prometheus = { job: "prometheus", instance: "localhost:9090" };
const alertmanager = { job: "alertmanager", instance: "alertmanager:9093" };

const s = (name: string, labels: Readonly<Record<string, string>>, values: string): InputSeries => ({
    series: seriesName(name, labels),
    values,
});

function componentDown(alert: string, job: string, instance: string, title: string): AlertFixture {
    return {
        alert,
        firing: {
            series: [s("up", { job, instance }, "0x15")],
            at: "10m",
            expected: [
                {
                    labels: { job, instance, severity: "warning" },
                    summary: `${title} is down`,
                    description: `Prometheus has failed to scrape the ${job} target ${instance} of the monitoring stack for 5 minutes.`,
                },
            ],
        },
        healthy: { series: [s("up", { job, instance }, "1x15")], at: "10m" },
    };
}

/** A gauge that reads 0 (failed) in the firing case and 1 in the healthy one, for 30 minutes; each of these pages. */
function failingGauge(alert: string, metric: string, target: Readonly<Record<string, string>>, summary: string, description: string): AlertFixture {
    return {
        alert,
        firing: { series: [s(metric, target, "0x30")], at: "20m", expected: [{ labels: { ...target, severity: "critical" }, summary, description }] },
        healthy: { series: [s(metric, target, "1x30")], at: "20m" },
    };
}

const ruleGroup = { rule_group: "/etc/prometheus/rules/provisioning.yml;provisioning_alerts" };
const sentTo = { alertmanager: "http://alertmanager:9093/api/v2/alerts" };
// v0.28 labels failures with a reason; the alert must sum it away and still match the totals.
const slackFailures = { integration: "slack", reason: "other" };

export const stackFixtures: readonly AlertFixture[] = [
    componentDown("PrometheusDown", "prometheus", "localhost:9090", "Prometheus"),
    componentDown("GrafanaDown", "grafana", "grafana:3000", "Grafana"),
    componentDown("LokiDown", "loki", "loki:3100", "Loki"),
    componentDown("PromtailDown", "promtail", "promtail:9080", "Promtail"),
    componentDown("TempoDown", "tempo", "tempo:3200", "Tempo"),
    componentDown("AlertmanagerDown", "alertmanager", "alertmanager:9093", "Alertmanager"),
    componentDown("NodeExporterDown", "node-exporter", "node-exporter:9100", "Node exporter"),
    {
        alert: "Watchdog",
        firing: {
            series: [],
            at: "1m",
            expected: [
                {
                    labels: { severity: "none" },
                    summary: "Alerting pipeline is working",
                    description:
                        "This alert always fires. Route it to a dead-man's switch outside the stack, which pages when it stops arriving: " +
                        "then Prometheus, Alertmanager or the path between them is broken.",
                },
            ],
        },
    },
    {
        alert: "PrometheusRuleEvaluationFailures",
        firing: {
            series: [s("prometheus_rule_evaluation_failures_total", { ...prometheus, ...ruleGroup }, "0+1x20")],
            at: "15m",
            expected: [
                {
                    labels: { ...prometheus, ...ruleGroup, severity: "critical" },
                    summary: "Prometheus fails to evaluate rules",
                    description:
                        "Prometheus localhost:9090 failed to evaluate rules of group /etc/prometheus/rules/provisioning.yml;provisioning_alerts " +
                        "in the last 5 minutes; its alerts may not fire.",
                },
            ],
        },
        healthy: { series: [s("prometheus_rule_evaluation_failures_total", { ...prometheus, ...ruleGroup }, "0x20")], at: "15m" },
    },
    failingGauge(
        "PrometheusConfigReloadFailed",
        "prometheus_config_last_reload_successful",
        prometheus,
        "Prometheus configuration reload failed",
        "Prometheus localhost:9090 could not reload its configuration and still runs the previous one.",
    ),
    {
        alert: "PrometheusNotificationsFailing",
        firing: {
            // A quiet Prometheus (the Watchdog alone, re-sent about every 75 seconds) whose Alertmanager refuses every post.
            series: [
                s("prometheus_notifications_errors_total", { ...prometheus, ...sentTo }, "0+0.8x30"),
                s("prometheus_notifications_sent_total", { ...prometheus, ...sentTo }, "0+0.8x30"),
            ],
            at: "25m",
            expected: [
                {
                    labels: { ...prometheus, ...sentTo, severity: "warning" },
                    summary: "Prometheus fails to send alerts to Alertmanager",
                    description:
                        "Prometheus localhost:9090 failed to send 100% of its alerts to http://alertmanager:9093/api/v2/alerts over the last 5 minutes.",
                },
            ],
        },
        healthy: {
            series: [
                s("prometheus_notifications_errors_total", { ...prometheus, ...sentTo }, "0x30"),
                s("prometheus_notifications_sent_total", { ...prometheus, ...sentTo }, "0+10x30"),
            ],
            at: "25m",
        },
    },
    failingGauge(
        "PrometheusNotConnectedToAlertmanager",
        "prometheus_notifications_alertmanagers_discovered",
        prometheus,
        "Prometheus has no Alertmanager to send alerts to",
        "Prometheus localhost:9090 has discovered no Alertmanager for 10 minutes; no alert reaches anyone.",
    ),
    {
        alert: "AlertmanagerNotificationsFailing",
        firing: {
            series: [
                s("alertmanager_notifications_failed_total", { ...alertmanager, ...slackFailures }, "0+1x20"),
                s("alertmanager_notifications_total", { ...alertmanager, integration: "slack" }, "0+4x20"),
            ],
            at: "15m",
            expected: [
                {
                    labels: { ...alertmanager, integration: "slack", severity: "critical" },
                    summary: "Alertmanager fails to deliver notifications",
                    description: "Alertmanager alertmanager:9093 failed to deliver 25% of its slack notifications over the last 5 minutes.",
                },
            ],
        },
        healthy: {
            series: [
                s("alertmanager_notifications_failed_total", { ...alertmanager, ...slackFailures }, "0x20"),
                s("alertmanager_notifications_total", { ...alertmanager, integration: "slack" }, "0+4x20"),
            ],
            at: "15m",
        },
    },
    failingGauge(
        "AlertmanagerConfigReloadFailed",
        "alertmanager_config_last_reload_successful",
        alertmanager,
        "Alertmanager configuration reload failed",
        "Alertmanager alertmanager:9093 could not reload its configuration and still runs the previous one.",
    ),
];
