// Remote Write: how Prometheus' remote-write queues keep up with long-term storage; deployed with a monitoring:remoteWrite entry.
import { allAlertRules } from "../alerts/catalog";
import { folders } from "../model/folders";
import { DashboardDefinition, newDashboard } from "./skeleton";
import { ofJob, promTimeseries, runbooks } from "./common";

const rate = (metric: string) => `sum by (remote_name, url) (rate(${ofJob("prometheus", metric)}[$__rate_interval]))`;

export function remoteWriteDashboard(): DashboardDefinition {
    return newDashboard({
        uid: "prov-remote-write",
        title: "Remote Write",
        description: "Prometheus' remote-write queues: samples sent and failed, and how far each queue is behind.",
        tags: ["monitoring-stack"],
        variableMetric: "prometheus_remote_storage_samples_total",
        jobRegex: "^prometheus$",
        alerts: allAlertRules.filter((a) => a.requires?.remoteWrite).map((a) => a.alert),
        folder: folders.stack,
        remoteWrite: true,
        panels: [
            "Queues",
            promTimeseries("Samples", "cps", "Samples each queue sent and failed to send per second.", [
                [rate("prometheus_remote_storage_samples_total"), "sent {{remote_name}}"],
                [rate("prometheus_remote_storage_samples_failed_total"), "failed {{remote_name}}"],
            ]).links(runbooks("PrometheusRemoteStorageFailures")),
            promTimeseries("Behind", "s", "Newest sample queued minus newest sample sent, per queue (PrometheusRemoteWriteBehind fires over 2 minutes).", [
                [
                    `max by (remote_name, url) (${ofJob("prometheus", "prometheus_remote_storage_queue_highest_timestamp_seconds")} - ${ofJob("prometheus", "prometheus_remote_storage_queue_highest_sent_timestamp_seconds")})`,
                    "{{remote_name}}",
                ],
            ]).links(runbooks("PrometheusRemoteWriteBehind")),
        ],
    });
}
