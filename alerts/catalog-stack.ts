// The monitoring stack's own health: one target-down alert per component, Prometheus and Alertmanager failures, Watchdog.
import { ComponentName, componentNames } from "../model/config/catalog";
import { aboveFloor, guardedRatio, rateWindow, trafficFloor } from "./promql";
import { AlertRow, AlertRule, alertTable } from "./types";

/** How each component is called in alert names and text; its scrape job is named exactly like the component. */
export const componentTitles: Readonly<Record<ComponentName, string>> = {
    prometheus: "Prometheus",
    grafana: "Grafana",
    loki: "Loki",
    promtail: "Promtail",
    tempo: "Tempo",
    alertmanager: "Alertmanager",
    "node-exporter": "Node exporter",
};

/** An alert's name from a title and what happened, e.g. ("Node exporter", "Down") -> NodeExporterDown. */
export const alertNameOf = (title: string, what: string): string => `${title.replace(/\s+(\w)/g, (_, c: string) => c.toUpperCase())}${what}`;

export const componentDownAlertName = (component: ComponentName): string => alertNameOf(componentTitles[component], "Down");

const componentDown = (component: ComponentName): AlertRow => ({
    alert: componentDownAlertName(component),
    expr: `up{job="${component}"} == 0`,
    for: "5m",
    severity: "warning",
    summary: `${componentTitles[component]} is down`,
    description: `Prometheus has failed to scrape the ${component} target {{ $labels.instance }} of the monitoring stack for 5 minutes.`,
    targetDownJob: component,
    requires: { components: [component] },
});

export const prometheusJob = `job="prometheus"`;
export const alertmanagerJob = `job="alertmanager"`;
// Alertmanager v0.28 adds a `reason` label to failed notifications that v0.25 lacks; summing it away fits both.
const byIntegration = "sum by (job, instance, integration)";

/** Per Prometheus and Alertmanager, the share of its alerts that failed to be sent (also read across Alertmanagers). */
export const prometheusSendFailedRatio = guardedRatio(
    `rate(prometheus_notifications_errors_total{${prometheusJob}}[${rateWindow}])`,
    `rate(prometheus_notifications_sent_total{${prometheusJob}}[${rateWindow}])`,
);
/** Per Alertmanager and integration, the share of its notifications that failed (also read across replicas). */
export const alertmanagerFailedRatio = guardedRatio(
    `${byIntegration} (rate(alertmanager_notifications_failed_total{${alertmanagerJob}}[${rateWindow}]))`,
    `${byIntegration} (rate(alertmanager_notifications_total{${alertmanagerJob}}[${rateWindow}]))`,
);

// One send in 5 minutes: a quiet Prometheus (the Watchdog alone, re-sent every minute) sends 4 or 5, and an Alertmanager refusing all must be seen.
const prometheusSentFloor = trafficFloor(`increase(prometheus_notifications_sent_total{${prometheusJob}}[${rateWindow}])`, 1);
// One attempt is enough: a notification that fails is a page or message lost, however rare the channel's traffic.
const alertmanagerAttemptsFloor = trafficFloor(`${byIntegration} (increase(alertmanager_notifications_total{${alertmanagerJob}}[${rateWindow}]))`, 1);

export const stackAlerts: readonly AlertRule[] = [
    ...alertTable({ group: "stack_health", owner: "stack" }, [
        ...componentNames.map(componentDown),
        {
            alert: "Watchdog",
            expr: "vector(1)",
            severity: "none",
            summary: "Alerting pipeline is working",
            description:
                "This alert always fires. Route it to a dead-man's switch outside the stack, which pages when it stops arriving: " +
                "then Prometheus, Alertmanager or the path between them is broken.",
        },
    ]),
    ...alertTable({ group: "stack_prometheus", owner: "stack", requires: { components: ["prometheus"] } }, [
        {
            alert: "PrometheusRuleEvaluationFailures",
            expr: `increase(prometheus_rule_evaluation_failures_total{${prometheusJob}}[${rateWindow}]) > 0`,
            for: "5m",
            severity: "critical",
            summary: "Prometheus fails to evaluate rules",
            description:
                "Prometheus {{ $labels.instance }} failed to evaluate rules of group {{ $labels.rule_group }} in the last 5 minutes; " +
                "its alerts may not fire.",
        },
        {
            alert: "PrometheusConfigReloadFailed",
            expr: `max_over_time(prometheus_config_last_reload_successful{${prometheusJob}}[${rateWindow}]) == 0`,
            for: "10m",
            severity: "critical",
            summary: "Prometheus configuration reload failed",
            description: "Prometheus {{ $labels.instance }} could not reload its configuration and still runs the previous one.",
        },
        {
            alert: "PrometheusNotificationsFailing",
            ...aboveFloor(`${prometheusSendFailedRatio} > 0.01`, "job, instance, alertmanager", prometheusSentFloor),
            for: "15m",
            severity: "warning",
            summary: "Prometheus fails to send alerts to Alertmanager",
            description:
                "Prometheus {{ $labels.instance }} failed to send {{ $value | humanizePercentage }} of its alerts to " +
                "{{ $labels.alertmanager }} over the last 5 minutes.",
            requires: { components: ["prometheus", "alertmanager"] },
        },
        {
            alert: "PrometheusNotConnectedToAlertmanager",
            expr: `max_over_time(prometheus_notifications_alertmanagers_discovered{${prometheusJob}}[${rateWindow}]) < 1`,
            for: "10m",
            severity: "critical",
            summary: "Prometheus has no Alertmanager to send alerts to",
            description: "Prometheus {{ $labels.instance }} has discovered no Alertmanager for 10 minutes; no alert reaches anyone.",
            requires: { components: ["prometheus", "alertmanager"] },
        },
    ]),
    ...alertTable({ group: "stack_alertmanager", owner: "stack", requires: { components: ["alertmanager"] } }, [
        {
            alert: "AlertmanagerNotificationsFailing",
            ...aboveFloor(`${alertmanagerFailedRatio} > 0.01`, "job, instance, integration", alertmanagerAttemptsFloor),
            for: "5m",
            severity: "critical",
            summary: "Alertmanager fails to deliver notifications",
            description:
                "Alertmanager {{ $labels.instance }} failed to deliver {{ $value | humanizePercentage }} of its " +
                "{{ $labels.integration }} notifications over the last 5 minutes.",
        },
        {
            alert: "AlertmanagerConfigReloadFailed",
            expr: `max_over_time(alertmanager_config_last_reload_successful{${alertmanagerJob}}[${rateWindow}]) == 0`,
            for: "10m",
            severity: "critical",
            summary: "Alertmanager configuration reload failed",
            description: "Alertmanager {{ $labels.instance }} could not reload its configuration and still runs the previous one.",
        },
    ]),
];
