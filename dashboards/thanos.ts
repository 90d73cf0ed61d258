// Thanos: whether the sidecars ship blocks, Query answers and the Compactor runs; deployed with monitoring:thanos on.
import { allAlertRules } from "../alerts/catalog";
import { folders } from "../model/folders";
import { DashboardDefinition, newDashboard } from "./skeleton";
import { ofJob, promTimeseries, runbooks, sel, stateStat } from "./common";

export function thanosDashboard(): DashboardDefinition {
    return newDashboard({
        uid: "prov-thanos",
        title: "Thanos",
        description: "Thanos' parts: sidecars shipping blocks to the object store, Query answering Grafana, the Compactor.",
        tags: ["monitoring-stack"],
        variableMetric: "up",
        jobRegex: "^thanos-.*$",
        alerts: allAlertRules.filter((a) => a.requires?.thanos).map((a) => a.alert),
        folder: folders.stack,
        thanos: true,
        panels: [
            "Parts",
            stateStat("Scraped", "Scrape status of each Thanos part.", sel("up"), "{{job}} {{instance}}", ["UP", "DOWN"]).links(
                runbooks("ThanosComponentDown"),
            ),
            stateStat(
                "Sidecar to Prometheus",
                "Whether each sidecar reaches its Prometheus.",
                ofJob("thanos-sidecar", "thanos_sidecar_prometheus_up"),
                "{{instance}}",
                ["UP", "DOWN"],
            ).links(runbooks("ThanosSidecarNoConnectionToPrometheus")),
            // Inverted, so that green is the Compactor running, as for the other states.
            stateStat(
                "Compactor",
                "Whether the Compactor runs, or halted on an error it does not retry.",
                `1 - ${ofJob("thanos-compactor", "thanos_compact_halted")}`,
                "{{instance}}",
                ["RUNNING", "HALTED"],
            ).links(runbooks("ThanosCompactHalted")),
            "Traffic",
            promTimeseries("Bucket operation failures", "ops", "Failed operations of each sidecar on the metrics bucket, per second.", [
                [
                    `sum by (instance, operation) (rate(${ofJob("thanos-sidecar", "thanos_objstore_bucket_operation_failures_total")}[$__rate_interval]))`,
                    "{{instance}} {{operation}}",
                ],
            ]).links(runbooks("ThanosSidecarBucketOperationsFailed")),
            promTimeseries("Query requests", "reqps", "Instant and range queries Query served per second, by status code.", [
                [`sum by (code) (rate(${ofJob("thanos-query", "http_requests_total", 'handler=~"query|query_range"')}[$__rate_interval]))`, "{{code}}"],
            ]).links(runbooks("ThanosQueryErrors")),
        ],
    });
}
