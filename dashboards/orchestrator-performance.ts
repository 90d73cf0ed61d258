// Orchestrator Performance: workflows and tasks of the orchestrator (the guide's dashboard 2).
import { platformJobs } from "../alerts/catalog";
import { DashboardDefinition, newDashboard } from "./skeleton";
import { latencyTargets, processCpu, processMemory, promQuery, promTimeseries, runbooks, sel, serviceSpans, stat, sumRate, thresholds, traces } from "./common";

export function orchestratorPerformanceDashboard(): DashboardDefinition {
    return newDashboard({
        uid: "prov-orchestrator",
        title: "Orchestrator Performance",
        description: "Workflows and tasks of the provisioning orchestrator: throughput, failures, latency, queue and recoveries.",
        tags: ["orchestrator"],
        variableMetric: "provisioning_workflows_active",
        traces: true,
        alerts: ["OrchestratorDown", "HighWorkflowFailureRate", "ManyWorkflowsFailing", "SlowWorkflows", "TaskQueueBacklog", "CheckpointRecoveries"],
        panels: [
            "Workflows",
            stat("Active workflows", "short", "Workflows currently running.", `sum(${sel("provisioning_workflows_active")})`),
            stat(
                "Workflow failure ratio",
                "percentunit",
                "Failed over finished workflows (failed + completed), last 5 minutes (recording rule; ManyWorkflowsFailing pages above 10% for 6 minutes, HighWorkflowFailureRate above 14.4% over 1h and 5m).",
                `max(job:provisioning_workflows_failed:ratio_rate5m{job=~"$job"})`,
            )
                .thresholds(thresholds(0.1))
                .links(runbooks("ManyWorkflowsFailing", "HighWorkflowFailureRate")),
            stat(
                "Workflow p95 duration",
                "s",
                "95th percentile workflow duration over 5 minutes (recording rule; SlowWorkflows fires above 60s).",
                `max(job:provisioning_workflow_duration_seconds:p95_rate5m{job=~"$job"})`,
            )
                .thresholds(thresholds(60))
                .links(runbooks("SlowWorkflows")),
            stat(
                "Checkpoint recoveries (1h)",
                "short",
                "Workflows resumed from a checkpoint in the last hour.",
                `sum(increase(${sel("provisioning_checkpoint_recoveries_total")}[1h]))`,
            )
                .thresholds(thresholds(3))
                .links(runbooks("CheckpointRecoveries")),
            promTimeseries("Workflow throughput", "ops", "Workflows created, completed and failed per second.", [
                [sumRate("provisioning_workflows_total"), "created {{job}}"],
                [sumRate("provisioning_workflows_completed_total"), "completed {{job}}"],
                [sumRate("provisioning_workflows_failed_total"), "failed {{job}}"],
            ]),
            promTimeseries("Active workflows", "short", "Workflows running, per instance.", [[sel("provisioning_workflows_active"), "{{instance}}"]]),
            promTimeseries(
                "Workflow duration",
                "s",
                "Quantiles of finished workflows' wall-clock duration.",
                latencyTargets("provisioning_workflow_duration_seconds"),
            ).links(runbooks("SlowWorkflows")),
            promTimeseries("Checkpoint recoveries", "short", "Workflows resumed from a checkpoint, per interval.", [
                [`sum by (job) (increase(${sel("provisioning_checkpoint_recoveries_total")}[$__rate_interval]))`, "{{job}}"],
            ]).links(runbooks("CheckpointRecoveries")),
            "Tasks",
            promTimeseries("Task queue", "short", "Tasks waiting and executing (TaskQueueBacklog fires above 100 queued for 15m).", [
                [`sum by (job) (${sel("provisioning_tasks_queued")})`, "queued {{job}}"],
                [`sum by (job) (${sel("provisioning_tasks_running")})`, "running {{job}}"],
            ]).links(runbooks("TaskQueueBacklog")),
            promTimeseries("Task throughput", "ops", "Tasks finished per second.", [[sumRate("provisioning_tasks_completed_total"), "{{job}}"]]),
            promTimeseries("Task duration", "s", "Quantiles of finished tasks' duration.", latencyTargets("provisioning_task_duration_seconds")).withTarget(
                promQuery(`max by (job) (job:provisioning_task_duration_seconds:p95_rate5m{job=~"$job"})`, "p95 5m (recorded) {{job}}", "E"),
            ),
            processCpu("Orchestrator CPU", "orchestrator"),
            processMemory("Orchestrator memory", "orchestrator").span(24),
            "Traces",
            traces(
                "Failed workflow traces",
                "Recent orchestrator traces with a span in error (Tempo); open one to see which task failed.",
                serviceSpans(platformJobs.orchestrator, "status = error"),
            ),
            traces(
                "Slow workflow traces",
                "Recent orchestrator traces with a span slower than 60s, the SlowWorkflows threshold (Tempo).",
                serviceSpans(platformJobs.orchestrator, "duration > 60s"),
            ).links(runbooks("SlowWorkflows")),
        ],
    });
}
