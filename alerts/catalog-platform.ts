// The platform's alerts: the guide's (corrected) plus availability, security and workload alerts; its SLO alerts are generated in alerts/slo.ts.
import { criticalGroupName } from "./groups";
import { HistogramThreshold } from "./metric-contract";
import { aboveFloor, sumRate, trafficFloor } from "./promql";
import { AlertRow, alertTable } from "./types";

/** SlowWorkflows' threshold on the workflow duration p95, in seconds (the contract's buckets must reach past it). */
const slowWorkflowSeconds = 60;
const slowWorkflowsFloor = trafficFloor("job:provisioning_workflow_duration_seconds_count:rate5m * 300", 5);
const rbacFloor = trafficFloor(`${sumRate("provisioning_rbac_denials_total")} * 300`, 30);
const authFloor = trafficFloor("job:provisioning_auth_attempts:rate5m * 300", 20);

const workflowP95 = "job:provisioning_workflow_duration_seconds:p95_rate5m";
const checkpointWindow = "30m";
const checkpointRecoveries = `sum by (job) (increase(provisioning_checkpoint_recoveries_total[${checkpointWindow}]))`;
/** Recoveries, as a share of the workflows created over the same window, above which restarts repeat. */
const checkpointRecoveryShare = 0.1;

/** Quantile thresholds of the platform's alerts, for the metric contract's bucket check. */
export const platformHistogramThresholds: readonly HistogramThreshold[] = [
    { usedBy: "SlowWorkflows", histogram: "provisioning_workflow_duration_seconds", threshold: slowWorkflowSeconds, mustBeBucketBound: false },
];

/** The guide's jobs; an alert on one of them exists only when the stack scrapes that job. */
export const platformJobs = {
    orchestrator: "provisioning-orchestrator",
    controlCenter: "provisioning-control-center",
    vaultService: "provisioning-vault-service",
} as const;

// The guide's OrchestratorDown, extended to the other two services: critical after the guide's 1m.
function serviceDown(alert: string, job: string, service: string, impact: string): AlertRow {
    return {
        alert,
        expr: `up{job="${job}"} == 0`,
        for: "1m",
        severity: "critical",
        summary: `${service} is down`,
        description: `${service} target {{ $labels.instance }} has been down for more than 1 minute; ${impact}.`,
        targetDownJob: job,
        requires: { jobs: [job] },
    };
}

// The guide's filesystem for platform data; node_exporter reports host mounts without its --path.rootfs prefix.
export const dataMountpoint = "/var/lib/provisioning";

export const platformAlerts = [
    ...alertTable({ group: criticalGroupName, owner: "platform" }, [
        serviceDown("OrchestratorDown", platformJobs.orchestrator, "Orchestrator service", "no workflow can start or progress"),
        serviceDown("ControlCenterDown", platformJobs.controlCenter, "Control center service", "the API and authentication are unavailable"),
        serviceDown("VaultServiceDown", platformJobs.vaultService, "Vault service", "secret and KMS operations fail"),
        {
            alert: "DatabaseConnectionLoss",
            expr: "provisioning_database_connected == 0",
            for: "30s",
            severity: "critical",
            summary: "Database connection lost",
            description: "{{ $labels.job }} on {{ $labels.instance }} has had no connection to SurrealDB for more than 30 seconds.",
        },
    ]),
    ...alertTable({ group: "provisioning_alerts", owner: "platform", requires: { components: ["node-exporter"] } }, [
        {
            alert: "HighMemoryUsage",
            expr: "(1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) > 0.9",
            for: "5m",
            severity: "warning",
            summary: "High memory usage",
            description: "Memory usage on {{ $labels.instance }} is {{ $value | humanizePercentage }} (threshold 90%).",
        },
        {
            alert: "DiskSpaceLow",
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
        },
    ]),
    ...alertTable({ group: "provisioning_orchestrator", owner: "platform" }, [
        {
            alert: "TaskQueueBacklog",
            expr: "sum by (job) (provisioning_tasks_queued) > 100",
            for: "15m",
            severity: "warning",
            summary: "Task queue backlog",
            description: "{{ $value }} tasks are waiting in the queue of {{ $labels.job }}, above 100 for 15 minutes.",
        },
        {
            alert: "CheckpointRecoveries",
            // A deploy resumes the workflows in flight, a share of 30 minutes' creations growing with duration, not traffic (~3% if under a minute).
            expr:
                `${checkpointRecoveries} > 3 and on (job) ${checkpointRecoveries} > ${checkpointRecoveryShare} * ` +
                `sum by (job) (increase(provisioning_workflows_total[${checkpointWindow}]))`,
            severity: "warning",
            summary: "Workflows keep recovering from checkpoints",
            description:
                '{{ $labels.job }} resumed {{ $value | printf "%.0f" }} workflows from a checkpoint in the last 30 minutes, more than 3 and ' +
                "more than a tenth of the workflows created meanwhile; the orchestrator or its workers keep restarting.",
        },
        {
            alert: "SlowWorkflows",
            // Recorded p95 (cheap), with enough workflows for it to mean something, well above yesterday's at this time (the nightly batch is slow).
            expr:
                `${workflowP95} > ${slowWorkflowSeconds} ` +
                `and on (job) ${slowWorkflowsFloor.events} >= ${slowWorkflowsFloor.minEvents} ` +
                `unless on (job) ${workflowP95} <= 1.5 * max_over_time(${workflowP95}[1h] offset 23h30m)`,
            trafficFloor: slowWorkflowsFloor,
            for: "15m",
            severity: "warning",
            summary: "Workflows are slow",
            // Whole seconds (why: humanizeDuration truncates above a minute, so 117s could print as "1m 56s").
            description:
                '95th percentile workflow duration of {{ $labels.job }} is {{ $value | printf "%.0f" }}s (threshold 60s), ' +
                "over 1.5 times its highest value within half an hour of this time yesterday.",
        },
    ]),
    ...alertTable({ group: "provisioning_control_center", owner: "platform" }, [
        {
            alert: "HighAuthFailureRatio",
            // A floor of 20 attempts in 5 minutes: one mistyped password at night is 100% of one attempt, not an attack.
            ...aboveFloor("job:provisioning_auth_failures:ratio_rate5m > 0.2", "job", authFloor),
            for: "10m",
            severity: "warning",
            summary: "Many authentication attempts fail",
            description:
                "{{ $value | humanizePercentage }} of the authentication attempts on {{ $labels.job }} failed over the last 5 minutes " +
                "(threshold 20%): credential stuffing or a broken identity provider.",
        },
        {
            alert: "RbacDenialSpike",
            // Why both: "3x the last hour" alone fires on 1 denial after a quiet hour; the floor (30 in 5 minutes) alone misses the spike.
            expr:
                `${sumRate("provisioning_rbac_denials_total")} > 3 * sum by (job) (rate(provisioning_rbac_denials_total[1h])) ` +
                `and ${rbacFloor.events} >= ${rbacFloor.minEvents}`,
            trafficFloor: rbacFloor,
            for: "5m",
            severity: "warning",
            summary: "Spike in RBAC denials",
            description: '{{ $labels.job }} denies {{ $value | printf "%.2f" }} requests per second, more than 3 times its rate over the last hour.',
        },
    ]),
];
