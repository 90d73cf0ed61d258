// The provisioning platform's alerts: the seed's five (corrected) plus availability, API, security, KMS and workload alerts.
import { criticalGroupName } from "./groups";
import { guardedRatio, histogramQuantile, sumRate } from "./promql";
import { AlertRule } from "./types";

type PlatformAlertInput = Omit<AlertRule, "owner">;

const platformAlert = (rule: PlatformAlertInput): AlertRule => ({ ...rule, owner: "platform" });

/** The seed's jobs; an alert on one of them exists only when the stack scrapes that job. */
export const platformJobs = {
    orchestrator: "provisioning-orchestrator",
    controlCenter: "provisioning-control-center",
    vaultService: "provisioning-vault-service",
} as const;

// The seed's OrchestratorDown, extended to the other two services: critical after the seed's 1m.
function serviceDown(alert: string, job: string, service: string, impact: string): AlertRule {
    return platformAlert({
        alert,
        group: criticalGroupName,
        expr: `up{job="${job}"} == 0`,
        for: "1m",
        severity: "critical",
        summary: `${service} is down`,
        description: `${service} target {{ $labels.instance }} has been down for more than 1 minute; ${impact}.`,
        targetDownJob: job,
        requires: { jobs: [job] },
    });
}

// The seed's filesystem for platform data; node_exporter reports host mounts without its --path.rootfs prefix.
const dataMountpoint = "/var/lib/provisioning";

export const platformAlerts: readonly AlertRule[] = [
    serviceDown("OrchestratorDown", platformJobs.orchestrator, "Orchestrator service", "no workflow can start or progress"),
    serviceDown("ControlCenterDown", platformJobs.controlCenter, "Control center service", "the API and authentication are unavailable"),
    serviceDown("VaultServiceDown", platformJobs.vaultService, "Vault service", "secret and KMS operations fail"),
    platformAlert({
        alert: "HighWorkflowFailureRate",
        group: "provisioning_alerts",
        expr: `${guardedRatio(sumRate("provisioning_workflows_failed_total"), sumRate("provisioning_workflows_total"))} > 0.1`,
        for: "5m",
        severity: "warning",
        summary: "High workflow failure rate",
        description: "{{ $value | humanizePercentage }} of the workflows of {{ $labels.job }} failed over the last 5 minutes (threshold 10%).",
    }),
    platformAlert({
        alert: "DatabaseConnectionLoss",
        group: criticalGroupName,
        expr: "provisioning_database_connected == 0",
        for: "30s",
        severity: "critical",
        summary: "Database connection lost",
        description: "{{ $labels.job }} on {{ $labels.instance }} has had no connection to SurrealDB for more than 30 seconds.",
    }),
    platformAlert({
        alert: "HighMemoryUsage",
        group: "provisioning_alerts",
        expr: "(1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) > 0.9",
        for: "5m",
        severity: "warning",
        summary: "High memory usage",
        description: "Memory usage on {{ $labels.instance }} is {{ $value | humanizePercentage }} (threshold 90%).",
        requires: { components: ["node-exporter"] },
    }),
    platformAlert({
        alert: "DiskSpaceLow",
        group: "provisioning_alerts",
        expr:
            `(node_filesystem_avail_bytes{mountpoint="${dataMountpoint}"} / ` +
            `node_filesystem_size_bytes{mountpoint="${dataMountpoint}"}) < 0.1 ` +
            // On Kubernetes the data lives on claims, which node_exporter does not see: the kubelet reports them.
            `or (kubelet_volume_stats_available_bytes{job="kubelet"} / kubelet_volume_stats_capacity_bytes{job="kubelet"}) < 0.1`,
        for: "5m",
        severity: "warning",
        summary: "Low disk space",
        description:
            "Only {{ $value | humanizePercentage }} of " +
            "{{ if $labels.persistentvolumeclaim }}claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }}{{ else }}{{ $labels.mountpoint }}{{ end }} " +
            "on {{ $labels.instance }} is free (threshold 10%).",
        requires: { components: ["node-exporter"] },
    }),
    platformAlert({
        alert: "TaskQueueBacklog",
        group: "provisioning_orchestrator",
        expr: "sum by (job) (provisioning_tasks_queued) > 100",
        for: "15m",
        severity: "warning",
        summary: "Task queue backlog",
        description: "{{ $value }} tasks are waiting in the queue of {{ $labels.job }}, above 100 for 15 minutes.",
    }),
    platformAlert({
        alert: "CheckpointRecoveries",
        group: "provisioning_orchestrator",
        expr: "sum by (job) (increase(provisioning_checkpoint_recoveries_total[30m])) > 3",
        severity: "warning",
        summary: "Workflows keep recovering from checkpoints",
        description:
            '{{ $labels.job }} resumed {{ $value | printf "%.0f" }} workflows from a checkpoint in the last 30 minutes (threshold 3); ' +
            "the orchestrator or its workers keep restarting.",
    }),
    platformAlert({
        alert: "SlowWorkflows",
        group: "provisioning_orchestrator",
        expr: `${histogramQuantile(0.95, "provisioning_workflow_duration_seconds")} > 60`,
        for: "15m",
        severity: "warning",
        summary: "Workflows are slow",
        // Whole seconds (why: humanizeDuration truncates above a minute, so 117s could print as "1m 56s").
        description: '95th percentile workflow duration of {{ $labels.job }} is {{ $value | printf "%.0f" }}s (threshold 60s).',
    }),
    platformAlert({
        alert: "ApiHighLatency",
        group: "provisioning_control_center",
        expr: `${histogramQuantile(0.95, "provisioning_api_requests_duration_seconds")} > 1`,
        for: "10m",
        severity: "warning",
        summary: "API latency is high",
        description: "95th percentile API latency of {{ $labels.job }} is {{ $value | humanizeDuration }} (threshold 1s).",
    }),
    platformAlert({
        alert: "HighAuthFailureRatio",
        group: "provisioning_control_center",
        expr: `${guardedRatio(sumRate("provisioning_auth_failures_total"), sumRate("provisioning_auth_attempts_total"))} > 0.2`,
        for: "10m",
        severity: "warning",
        summary: "Many authentication attempts fail",
        description:
            "{{ $value | humanizePercentage }} of the authentication attempts on {{ $labels.job }} failed over the last 5 minutes " +
            "(threshold 20%): credential stuffing or a broken identity provider.",
    }),
    platformAlert({
        alert: "RbacDenialSpike",
        group: "provisioning_control_center",
        // Why both: "3x the last hour" alone fires on 1 denial after a quiet hour; the floor (6 per minute) alone misses the spike.
        expr:
            `${sumRate("provisioning_rbac_denials_total")} > 3 * sum by (job) (rate(provisioning_rbac_denials_total[1h])) ` +
            `and ${sumRate("provisioning_rbac_denials_total")} > 0.1`,
        for: "5m",
        severity: "warning",
        summary: "Spike in RBAC denials",
        description: '{{ $labels.job }} denies {{ $value | printf "%.2f" }} requests per second, more than 3 times its rate over the last hour.',
    }),
    platformAlert({
        alert: "KmsHighLatency",
        group: "provisioning_vault_service",
        expr: `${histogramQuantile(0.95, "provisioning_kms_latency_seconds")} > 0.5`,
        for: "10m",
        severity: "warning",
        summary: "KMS operations are slow",
        description: "95th percentile KMS latency of {{ $labels.job }} is {{ $value | humanizeDuration }} (threshold 500ms).",
    }),
];
