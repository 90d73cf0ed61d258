// The platform's own metrics (orchestrator, control center, vault service); the guide names them in three places that disagree. Resolutions:
// - Counters end in `_total` (OpenMetrics requires it; the Rust `prometheus` crate does not add it for you):
//   provisioning_workflows_completed/failed, provisioning_tasks_completed, provisioning_checkpoint_recoveries.
// - Metrics the guide queries but never lists are catalogued: provisioning_database_connected (gauge, 1 = connected),
//   provisioning_workflow_duration_seconds (histogram: the guide's `> 60` query on it only works on a quantile),
//   provisioning_task_duration_seconds (the guide's `provisioning_task_duration` histogram, given its base unit).
// The custom metrics in the guide's "Adding Custom Metrics" section are examples, not part of the platform's contract.
import { metricOf, MetricSpec } from "./metric-types";

const orchestrator = (name: string, type: MetricSpec["type"], help: string, guideName?: string) => metricOf("orchestrator", name, type, help, [], guideName);

export const platformMetrics: readonly MetricSpec[] = [
    orchestrator("provisioning_workflows_total", "counter", "Workflows created."),
    orchestrator("provisioning_workflows_active", "gauge", "Workflows currently running."),
    orchestrator("provisioning_workflows_completed_total", "counter", "Workflows that completed successfully.", "provisioning_workflows_completed"),
    orchestrator("provisioning_workflows_failed_total", "counter", "Workflows that failed.", "provisioning_workflows_failed"),
    orchestrator("provisioning_workflow_duration_seconds", "histogram", "Wall-clock duration of finished workflows."),
    orchestrator("provisioning_tasks_queued", "gauge", "Tasks waiting in the queue."),
    orchestrator("provisioning_tasks_running", "gauge", "Tasks currently executing."),
    orchestrator("provisioning_tasks_completed_total", "counter", "Tasks that finished executing.", "provisioning_tasks_completed"),
    orchestrator("provisioning_task_duration_seconds", "histogram", "Duration of finished tasks.", "provisioning_task_duration"),
    orchestrator(
        "provisioning_checkpoint_recoveries_total",
        "counter",
        "Workflows resumed from a checkpoint after an interruption.",
        "provisioning_checkpoint_recoveries",
    ),
    orchestrator("provisioning_database_connected", "gauge", "1 when the connection to SurrealDB is up, 0 when it is lost."),
    // The metric contract (alerts/metric-contract.ts): without `status_class` no API error rate can be computed.
    metricOf("control-center", "provisioning_api_requests_total", "counter", "API requests served, by the class of their HTTP status.", ["status_class"]),
    // The guide's name (its metric list and its latency query agree): services that follow the guide expose it.
    metricOf("control-center", "provisioning_api_requests_duration_seconds", "histogram", "API request latency."),
    metricOf("control-center", "provisioning_auth_attempts_total", "counter", "Authentication attempts."),
    metricOf("control-center", "provisioning_auth_failures_total", "counter", "Failed authentication attempts."),
    metricOf("control-center", "provisioning_rbac_denials_total", "counter", "Requests denied by RBAC."),
    metricOf("vault-service", "provisioning_secrets_operations_total", "counter", "Secret operations."),
    metricOf("vault-service", "provisioning_kms_encryptions_total", "counter", "KMS encryption operations."),
    metricOf("vault-service", "provisioning_kms_decryptions_total", "counter", "KMS decryption operations."),
    metricOf("vault-service", "provisioning_kms_latency_seconds", "histogram", "KMS operation latency (encryptions and decryptions)."),
];
