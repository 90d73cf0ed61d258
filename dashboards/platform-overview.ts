// Platform Overview: is the platform up, busy and healthy, at a glance (the guide's dashboard 1).
import { platformJobs } from "../alerts/catalog";
import { DashboardDefinition, newDashboard } from "./skeleton";
import { activeAlerts, promTimeseries, runbooks, sel, stat, stateStat, thresholds, traces } from "./common";

// The overview reads the recording rules: they are cheap, and they are what the alerts evaluate.
const job = `job=~"$job"`;

export function platformOverviewDashboard(): DashboardDefinition {
    return newDashboard({
        uid: "prov-platform-overview",
        title: "Platform Overview",
        description: "High-level status of the provisioning platform: services, workload, latency, errors and host saturation.",
        tags: ["overview"],
        variableMetric: "up",
        jobRegex: `^(${Object.values(platformJobs).join("|")})$`,
        traces: true,
        alerts: [
            "OrchestratorDown",
            "ControlCenterDown",
            "VaultServiceDown",
            "DatabaseConnectionLoss",
            "HighWorkflowFailureRate",
            "PlatformServiceCrashLooping",
            "OrchestratorTargetMissing",
            "ControlCenterTargetMissing",
            "VaultServiceTargetMissing",
        ],
        panels: [
            "Status",
            stateStat("Services", "Scrape status of each platform service.", sel("up"), "{{job}} {{instance}}", ["UP", "DOWN"])
                .span(12)
                .links(runbooks("OrchestratorDown", "ControlCenterDown", "VaultServiceDown")),
            stateStat(
                "SurrealDB connection",
                "Whether each orchestrator instance is connected to SurrealDB.",
                `min by (job) (provisioning_database_connected{${job}})`,
                "{{job}}",
                ["Connected", "Lost"],
            ).links(runbooks("DatabaseConnectionLoss")),
            activeAlerts().thresholds(thresholds(1)),
            stat("Active workflows", "short", "Workflows currently running.", `sum(provisioning_workflows_active{${job}})`),
            stat(
                "Queued tasks",
                "short",
                "Tasks waiting for a worker (TaskQueueBacklog fires above 100).",
                `sum(provisioning_tasks_queued{${job}})`,
            ).thresholds(thresholds(100)),
            stat(
                "Workflow failure ratio",
                "percentunit",
                "Failed over finished workflows (failed + completed) in the last 5 minutes.",
                `max(job:provisioning_workflows_failed:ratio_rate5m{${job}})`,
            )
                .thresholds(thresholds(0.1))
                .links(runbooks("HighWorkflowFailureRate")),
            stat(
                "API p95 latency",
                "s",
                "95th percentile control center API latency over 5 minutes.",
                `max(job:provisioning_api_requests_duration_seconds:p95_rate5m{${job}})`,
            ).thresholds(thresholds(1)),
            "Traffic and latency",
            promTimeseries("API requests", "reqps", "Control center requests per second.", [[`job:provisioning_api_requests:rate5m{${job}}`, "{{job}}"]]),
            promTimeseries("p95 latency", "s", "95th percentile latencies of API requests, workflows, tasks and KMS operations.", [
                [`job:provisioning_api_requests_duration_seconds:p95_rate5m{${job}}`, "API {{job}}"],
                [`job:provisioning_workflow_duration_seconds:p95_rate5m{${job}}`, "workflow {{job}}"],
                [`job:provisioning_task_duration_seconds:p95_rate5m{${job}}`, "task {{job}}"],
                [`job:provisioning_kms_latency_seconds:p95_rate5m{${job}}`, "KMS {{job}}"],
            ]),
            promTimeseries("Failure ratios", "percentunit", "Share of workflows and authentication attempts that failed.", [
                [`job:provisioning_workflows_failed:ratio_rate5m{${job}}`, "workflows {{job}}"],
                [`job:provisioning_auth_failures:ratio_rate5m{${job}}`, "authentication {{job}}"],
            ]),
            promTimeseries("Service CPU", "percentunit", "CPU used by each service's process (100% = one core).", [
                [`job:process_cpu_seconds:rate5m{${job}}`, "{{job}}"],
            ]),
            "Hosts",
            promTimeseries("Host CPU utilisation", "percentunit", "Share of CPU time not idle, per host.", [
                ["instance:node_cpu_utilisation:rate5m", "{{instance}}"],
            ])
                .min(0)
                .max(1),
            promTimeseries("Host memory utilisation", "percentunit", "Share of memory not available for new work, per host.", [
                ["instance:node_memory_utilisation:ratio", "{{instance}}"],
            ])
                .min(0)
                .max(1)
                .thresholds(thresholds(0.9))
                .links(runbooks("HighMemoryUsage")),
            "Traces",
            traces(
                "Traces with errors",
                "Recent traces of any platform service with a span in error (Tempo).",
                `{ resource.service.name =~ "${Object.values(platformJobs).join("|")}" && status = error }`,
            ),
        ],
    });
}
