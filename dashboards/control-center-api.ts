// Control Center API: request rate, latency and authentication of the control center (the guide's dashboard 3).
import { platformJobs } from "../alerts/catalog";
import { DashboardDefinition, newDashboard } from "./skeleton";
import {
    authenticationTimeseries,
    authFailureRatioStat,
    latencyTargets,
    processCpu,
    processMemory,
    promTimeseries,
    runbooks,
    serviceSpans,
    serviceStatus,
    stat,
    sumRate,
    thresholds,
    traces,
} from "./common";

export function controlCenterApiDashboard(): DashboardDefinition {
    return newDashboard({
        uid: "prov-control-center-api",
        title: "Control Center API",
        description: "Requests, latency, authentication and RBAC of the control center API.",
        tags: ["control-center", "api"],
        variableMetric: "provisioning_api_requests_total",
        traces: true,
        alerts: ["ControlCenterDown", "ManyApiRequestsFailing", "ApiHighLatency", "HighAuthFailureRatio", "RbacDenialSpike"],
        panels: [
            "Summary",
            serviceStatus("control center", "ControlCenterDown"),
            stat("Request rate", "reqps", "Requests per second over 5 minutes.", `sum(job:provisioning_api_requests:rate5m{job=~"$job"})`),
            stat(
                "p95 latency",
                "s",
                "95th percentile request latency over 5 minutes (the API latency SLO: 99% of requests within 1s; ApiHighLatency pages on its fast burn).",
                `max(job:provisioning_api_requests_duration_seconds:p95_rate5m{job=~"$job"})`,
            )
                .thresholds(thresholds(1))
                .links(runbooks("ApiHighLatency")),
            authFailureRatioStat(),
            "Requests",
            promTimeseries("Request rate", "reqps", "Requests served per second, per instance.", [
                [sumRate("provisioning_api_requests_total", ["instance"]), "{{instance}}"],
            ]),
            promTimeseries("Request latency", "s", "Latency quantiles of API requests.", latencyTargets("provisioning_api_requests_duration_seconds", true))
                .thresholds(thresholds(1))
                .links(runbooks("ApiHighLatency")),
            "Authentication and authorization",
            authenticationTimeseries(),
            promTimeseries("RBAC denials", "ops", "Requests denied by RBAC per second.", [[sumRate("provisioning_rbac_denials_total"), "{{job}}"]]).links(
                runbooks("RbacDenialSpike"),
            ),
            "Process",
            processCpu("CPU", "control center"),
            processMemory("Memory", "control center"),
            "Traces",
            traces(
                "Slow or failed request traces",
                "Recent control center traces with a span in error or slower than 1s, the API latency SLO threshold (Tempo).",
                serviceSpans(platformJobs.controlCenter, "(status = error || duration > 1s)"),
            ).links(runbooks("ApiHighLatency")),
        ],
    });
}
