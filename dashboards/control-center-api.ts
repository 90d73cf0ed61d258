// Control Center API: request rate, latency and authentication of the control center (the guide's dashboard 3).
import { RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { platformJobs } from "../alerts/catalog";
import { promTimeseries, sel, serviceSpans, stat, stateStat, sumRate, thresholds, traces } from "./common";
import { authenticationTimeseries, authFailureRatioStat } from "./auth-panels";
import { latencyTargets } from "./latency";
import { finish, newDashboard, runbookLink } from "./skeleton";
import { DashboardDefinition, dashboardFolders } from "./types";

const latency = "provisioning_api_requests_duration_seconds";

export function controlCenterApiDashboard(): DashboardDefinition {
    const builder = newDashboard({
        uid: "prov-control-center-api",
        title: "Control Center API",
        description: "Requests, latency, authentication and RBAC of the control center API.",
        tags: ["control-center", "api"],
        variableMetric: "provisioning_api_requests_total",
        traces: true,
        alerts: ["ControlCenterDown", "ManyApiRequestsFailing", "ApiHighLatency", "HighAuthFailureRatio", "RbacDenialSpike"],
    })
        .withRow(new RowBuilder("Summary"))
        .withPanel(
            stateStat("Status", "Scrape status of each control center instance.", sel("up"), "{{instance}}", ["UP", "DOWN"]).links([
                runbookLink("ControlCenterDown"),
            ]),
        )
        .withPanel(stat("Request rate", "reqps", "Requests per second over 5 minutes.", `sum(job:provisioning_api_requests:rate5m{job=~"$job"})`))
        .withPanel(
            stat(
                "p95 latency",
                "s",
                "95th percentile request latency over 5 minutes (the API latency SLO: 99% of requests within 1s; ApiHighLatency pages on its fast burn).",
                `max(job:provisioning_api_requests_duration_seconds:p95_rate5m{job=~"$job"})`,
            )
                .thresholds(thresholds(1))
                .links([runbookLink("ApiHighLatency")]),
        )
        .withPanel(authFailureRatioStat())
        .withRow(new RowBuilder("Requests"))
        .withPanel(
            promTimeseries("Request rate", "reqps", "Requests served per second, per instance.", [
                [sumRate("provisioning_api_requests_total", ["instance"]), "{{instance}}"],
            ]),
        )
        .withPanel(
            promTimeseries("Request latency", "s", "Latency quantiles of API requests.", latencyTargets(latency, true))
                .thresholds(thresholds(1))
                .links([runbookLink("ApiHighLatency")]),
        )
        .withRow(new RowBuilder("Authentication and authorization"))
        .withPanel(authenticationTimeseries())
        .withPanel(
            promTimeseries("RBAC denials", "ops", "Requests denied by RBAC per second.", [[sumRate("provisioning_rbac_denials_total"), "{{job}}"]]).links([
                runbookLink("RbacDenialSpike"),
            ]),
        )
        .withRow(new RowBuilder("Process"))
        .withPanel(
            promTimeseries("CPU", "percentunit", "CPU used by the control center process (100% = one core).", [
                [`sum by (instance) (rate(${sel("process_cpu_seconds_total")}[$__rate_interval]))`, "{{instance}}"],
            ]),
        )
        .withPanel(
            promTimeseries("Memory", "bytes", "Resident memory of the control center process.", [[sel("process_resident_memory_bytes"), "{{instance}}"]]),
        )
        .withRow(new RowBuilder("Traces"))
        .withPanel(
            traces(
                "Slow or failed request traces",
                "Recent control center traces with a span in error or slower than 1s, the API latency SLO threshold (Tempo).",
                serviceSpans(platformJobs.controlCenter, "(status = error || duration > 1s)"),
            ).links([runbookLink("ApiHighLatency")]),
        );
    return finish(builder, dashboardFolders.platform);
}
