// The provisioning platform's own metrics (orchestrator, control center, vault service), with the guide's names corrected.
//
// The monitoring guide names these metrics in three places that disagree with each other. Resolutions:
// - Counters end in `_total` (OpenMetrics requires it; the Rust `prometheus` crate does not add it for you):
//   provisioning_workflows_completed/failed, provisioning_tasks_completed, provisioning_checkpoint_recoveries.
// - Metrics the guide queries but never lists are catalogued: provisioning_database_connected (gauge, 1 = connected),
//   provisioning_workflow_duration_seconds (histogram: the guide's `> 60` query on it only works on a quantile),
//   provisioning_task_duration_seconds (the guide's `provisioning_task_duration` histogram, given its base unit).
// - provisioning_api_requests_duration_seconds is renamed provisioning_api_requests_duration_seconds: one observation
//   is one request, as in http_request_duration_seconds and in the sibling workflow/task histograms, and it keeps the
//   histogram's `_count` series from reading like a second copy of provisioning_api_requests_total.
// The custom metrics in the guide's "Adding Custom Metrics" section are examples, not part of the platform's contract.
import { MetricSpec } from "./metric-types";

export const platformMetrics: readonly MetricSpec[] = [
    // Orchestrator.
    { name: "provisioning_workflows_total", type: "counter", help: "Workflows created.", labels: [], source: "orchestrator" },
    { name: "provisioning_workflows_active", type: "gauge", help: "Workflows currently running.", labels: [], source: "orchestrator" },
    {
        name: "provisioning_workflows_completed_total",
        type: "counter",
        help: "Workflows that completed successfully.",
        labels: [],
        source: "orchestrator",
        guideName: "provisioning_workflows_completed",
    },
    {
        name: "provisioning_workflows_failed_total",
        type: "counter",
        help: "Workflows that failed.",
        labels: [],
        source: "orchestrator",
        guideName: "provisioning_workflows_failed",
    },
    {
        name: "provisioning_workflow_duration_seconds",
        type: "histogram",
        help: "Wall-clock duration of finished workflows.",
        labels: [],
        source: "orchestrator",
    },
    { name: "provisioning_tasks_queued", type: "gauge", help: "Tasks waiting in the queue.", labels: [], source: "orchestrator" },
    { name: "provisioning_tasks_running", type: "gauge", help: "Tasks currently executing.", labels: [], source: "orchestrator" },
    {
        name: "provisioning_tasks_completed_total",
        type: "counter",
        help: "Tasks that finished executing.",
        labels: [],
        source: "orchestrator",
        guideName: "provisioning_tasks_completed",
    },
    {
        name: "provisioning_task_duration_seconds",
        type: "histogram",
        help: "Duration of finished tasks.",
        labels: [],
        source: "orchestrator",
        guideName: "provisioning_task_duration",
    },
    {
        name: "provisioning_checkpoint_recoveries_total",
        type: "counter",
        help: "Workflows resumed from a checkpoint after an interruption.",
        labels: [],
        source: "orchestrator",
        guideName: "provisioning_checkpoint_recoveries",
    },
    {
        name: "provisioning_database_connected",
        type: "gauge",
        help: "1 when the connection to SurrealDB is up, 0 when it is lost.",
        labels: [],
        source: "orchestrator",
    },
    // Control center.
    {
        name: "provisioning_api_requests_total",
        type: "counter",
        help: "API requests served, by the class of their HTTP status.",
        // The metric contract (alerts/metric-contract.ts): without it no API error rate can be computed.
        labels: ["status_class"],
        source: "control-center",
    },
    {
        name: "provisioning_api_requests_duration_seconds",
        type: "histogram",
        help: "API request latency.",
        labels: [],
        // The guide's name (its metric list and its latency query agree): services that follow the guide expose it.
        source: "control-center",
    },
    { name: "provisioning_auth_attempts_total", type: "counter", help: "Authentication attempts.", labels: [], source: "control-center" },
    { name: "provisioning_auth_failures_total", type: "counter", help: "Failed authentication attempts.", labels: [], source: "control-center" },
    { name: "provisioning_rbac_denials_total", type: "counter", help: "Requests denied by RBAC.", labels: [], source: "control-center" },
    // Vault service.
    { name: "provisioning_secrets_operations_total", type: "counter", help: "Secret operations.", labels: [], source: "vault-service" },
    { name: "provisioning_kms_encryptions_total", type: "counter", help: "KMS encryption operations.", labels: [], source: "vault-service" },
    { name: "provisioning_kms_decryptions_total", type: "counter", help: "KMS decryption operations.", labels: [], source: "vault-service" },
    {
        name: "provisioning_kms_latency_seconds",
        type: "histogram",
        help: "KMS operation latency (encryptions and decryptions).",
        labels: [],
        source: "vault-service",
    },
];
