// promtool fixtures for the platform's alerts: each fires on a broken service and stays silent on a healthy one.
// Expected labels and annotations are written out literally, so a change to a rule's text or labels fails a test.
import { AlertFixture, InputSeries, seriesName } from "./rule-fixture-types";

export const orchestrator = { job: "provisioning-orchestrator", instance: "orchestrator:8080" };
const controlCenter = { job: "provisioning-control-center", instance: "control-center:8081" };
const vaultService = { job: "provisioning-vault-service", instance: "vault-service:8085" };
const node = { job: "node-exporter", instance: "node-exporter:9100" };

const s = (name: string, labels: Readonly<Record<string, string>>, values: string): InputSeries => ({
    series: seriesName(name, labels),
    values,
});

function serviceDown(alert: string, target: { job: string; instance: string }, summary: string, description: string): AlertFixture {
    return {
        alert,
        firing: {
            // Up once, then down: on every platform a service that went down pages.
            series: [s("up", target, "1 0x15")],
            at: "5m",
            expected: [{ labels: { ...target, severity: "critical" }, summary, description }],
        },
        healthy: { series: [s("up", target, "1x15")], at: "5m" },
        // In dev (Docker) a service that has never answered is one that does not run on this host: no page (alerts/catalog.ts).
        silentEdges: [{ name: "never up since Prometheus started (dev)", series: [s("up", target, "0x15")], at: "5m", platforms: ["docker"] }],
    };
}

/**
 * Cumulative bucket series of a histogram, and its `_count` (the `+Inf` bucket); `perBucket` lists [upper bound,
 * observations per minute] in ascending order, ending with "+Inf".
 */
export function histogram(name: string, target: Readonly<Record<string, string>>, perBucket: readonly [string, number][], minutes: number): InputSeries[] {
    // A list, not an object: JavaScript would move integer-like keys such as "1" before "0.5".
    let cumulative = 0;
    const buckets = perBucket.map(([le, count]) => {
        cumulative += count;
        return s(`${name}_bucket`, { ...target, le }, `0+${cumulative}x${minutes}`);
    });
    return [...buckets, s(`${name}_count`, target, `0+${cumulative}x${minutes}`)];
}

/** The orchestrator's finished workflows per minute over `minutes`: `fast` ones under 30 s, `slow` ones between 60 and 120 s. */
export function workflowDurations(fast: number, slow: number, minutes: number): InputSeries[] {
    const perBucket: [string, number][] = [
        ["30", fast],
        ["60", 0],
        ["120", slow],
        ["+Inf", 0],
    ];
    return histogram("provisioning_workflow_duration_seconds", orchestrator, perBucket, minutes);
}

const dataMount = { device: "/dev/sdb1", fstype: "ext4", mountpoint: "/var/lib/provisioning" };
const rootMount = { device: "/dev/sda1", fstype: "ext4", mountpoint: "/" };

export const platformFixtures: readonly AlertFixture[] = [
    serviceDown(
        "OrchestratorDown",
        orchestrator,
        "Orchestrator service is down",
        "Orchestrator service target orchestrator:8080 has been down for more than 1 minute; no workflow can start or progress.",
    ),
    serviceDown(
        "ControlCenterDown",
        controlCenter,
        "Control center service is down",
        "Control center service target control-center:8081 has been down for more than 1 minute; the API and authentication are unavailable.",
    ),
    serviceDown(
        "VaultServiceDown",
        vaultService,
        "Vault service is down",
        "Vault service target vault-service:8085 has been down for more than 1 minute; secret and KMS operations fail.",
    ),
    {
        alert: "DatabaseConnectionLoss",
        firing: {
            series: [s("provisioning_database_connected", orchestrator, "0x10")],
            at: "2m",
            expected: [
                {
                    labels: { ...orchestrator, severity: "critical" },
                    summary: "Database connection lost",
                    description: "provisioning-orchestrator on orchestrator:8080 has had no connection to SurrealDB for more than 30 seconds.",
                },
            ],
        },
        healthy: { series: [s("provisioning_database_connected", orchestrator, "1x10")], at: "2m" },
    },
    {
        alert: "HighMemoryUsage",
        firing: {
            series: [s("node_memory_MemAvailable_bytes", node, "500000000x10"), s("node_memory_MemTotal_bytes", node, "10000000000x10")],
            at: "10m",
            expected: [
                {
                    labels: { ...node, severity: "warning" },
                    summary: "High memory usage",
                    description: "Memory usage on node-exporter:9100 is 95% (threshold 90%).",
                },
            ],
        },
        healthy: {
            series: [s("node_memory_MemAvailable_bytes", node, "5000000000x10"), s("node_memory_MemTotal_bytes", node, "10000000000x10")],
            at: "10m",
        },
    },
    {
        alert: "DiskSpaceLow",
        firing: {
            series: [
                s("node_filesystem_avail_bytes", { ...node, ...dataMount }, "5000000000x10"),
                s("node_filesystem_size_bytes", { ...node, ...dataMount }, "100000000000x10"),
            ],
            at: "10m",
            expected: [
                {
                    labels: { ...node, ...dataMount, severity: "warning" },
                    summary: "Low disk space",
                    description: "Only 5% of /var/lib/provisioning on node-exporter:9100 is free (threshold 10%).",
                },
            ],
        },
        healthy: {
            series: [
                s("node_filesystem_avail_bytes", { ...node, ...dataMount }, "50000000000x10"),
                s("node_filesystem_size_bytes", { ...node, ...dataMount }, "100000000000x10"),
                // A full root filesystem is not the platform's data mount: this alert ignores it.
                s("node_filesystem_avail_bytes", { ...node, ...rootMount }, "1000000000x10"),
                s("node_filesystem_size_bytes", { ...node, ...rootMount }, "100000000000x10"),
            ],
            at: "10m",
        },
    },
    {
        alert: "TaskQueueBacklog",
        firing: {
            series: [s("provisioning_tasks_queued", orchestrator, "150x30")],
            at: "20m",
            expected: [
                {
                    labels: { job: "provisioning-orchestrator", severity: "warning" },
                    summary: "Task queue backlog",
                    description: "150 tasks are waiting in the queue of provisioning-orchestrator, above 100 for 15 minutes.",
                },
            ],
        },
        healthy: { series: [s("provisioning_tasks_queued", orchestrator, "50x30")], at: "20m" },
    },
    {
        alert: "CheckpointRecoveries",
        firing: {
            // Five recoveries in the first five minutes, then none, with one workflow created a minute: 5 of 35.
            series: [s("provisioning_checkpoint_recoveries_total", orchestrator, "0+1x5 5x30"), s("provisioning_workflows_total", orchestrator, "0+1x35")],
            at: "20m",
            expected: [
                {
                    labels: { job: "provisioning-orchestrator", severity: "warning" },
                    summary: "Workflows keep recovering from checkpoints",
                    description:
                        "provisioning-orchestrator resumed 5 workflows from a checkpoint in the last 30 minutes, more than 3 and more than a tenth of the " +
                        "workflows created meanwhile; the orchestrator or its workers keep restarting.",
                },
            ],
        },
        healthy: {
            series: [s("provisioning_checkpoint_recoveries_total", orchestrator, "0+1x2 2x30"), s("provisioning_workflows_total", orchestrator, "0+1x32")],
            at: "20m",
        },
        silentEdges: [
            {
                // A rolling deploy at peak: the 20 workflows in flight resume at once, of 10 created a minute (300 in 30 minutes).
                name: "a rolling deploy at peak",
                series: [s("provisioning_checkpoint_recoveries_total", orchestrator, "0x10 20x35"), s("provisioning_workflows_total", orchestrator, "0+10x45")],
                at: "40m",
            },
        ],
    },
    {
        alert: "SlowWorkflows",
        firing: {
            // Every workflow takes 60-120s: p95 = 60 + 60 * 0.95 = 117s.
            series: workflowDurations(0, 10, 30),
            at: "25m",
            expected: [
                {
                    labels: { job: "provisioning-orchestrator", severity: "warning" },
                    summary: "Workflows are slow",
                    description:
                        "95th percentile workflow duration of provisioning-orchestrator is 117s (threshold 60s), " +
                        "over 1.5 times its highest value within half an hour of this time yesterday.",
                },
            ],
        },
        healthy: {
            series: workflowDurations(10, 0, 30),
            at: "25m",
        },
        silentEdges: [
            {
                // One slow workflow every ten minutes: a p95 of a single observation is no signal (floor: 5 in 5 minutes).
                name: "a single slow workflow (traffic floor)",
                series: workflowDurations(0, 0.1, 30),
                at: "25m",
            },
        ],
    },
    {
        alert: "HighAuthFailureRatio",
        firing: {
            series: [s("provisioning_auth_failures_total", controlCenter, "0+3x20"), s("provisioning_auth_attempts_total", controlCenter, "0+10x20")],
            at: "20m",
            expected: [
                {
                    labels: { job: "provisioning-control-center", severity: "warning" },
                    summary: "Many authentication attempts fail",
                    description:
                        "30% of the authentication attempts on provisioning-control-center failed over the last 5 minutes " +
                        "(threshold 20%): credential stuffing or a broken identity provider.",
                },
            ],
        },
        healthy: {
            series: [s("provisioning_auth_failures_total", controlCenter, "0+1x20"), s("provisioning_auth_attempts_total", controlCenter, "0+10x20")],
            at: "20m",
        },
        silentEdges: [
            {
                // One attempt every five minutes, each a mistyped password: 100% failures, far below the floor of 20 attempts.
                name: "a single mistyped password at night (traffic floor)",
                series: [s("provisioning_auth_failures_total", controlCenter, "0+0.2x20"), s("provisioning_auth_attempts_total", controlCenter, "0+0.2x20")],
                at: "20m",
            },
        ],
    },
    {
        alert: "RbacDenialSpike",
        firing: {
            // A quiet hour, then 30 denials a minute: 0.5/s against 3 x 0.125/s over the last hour at 75m.
            series: [s("provisioning_rbac_denials_total", controlCenter, "0x60 30+30x15")],
            at: "75m",
            expected: [
                {
                    labels: { job: "provisioning-control-center", severity: "warning" },
                    summary: "Spike in RBAC denials",
                    description: "provisioning-control-center denies 0.50 requests per second, more than 3 times its rate over the last hour.",
                },
            ],
        },
        // A steady 6 denials a minute is the baseline, not a spike.
        healthy: { series: [s("provisioning_rbac_denials_total", controlCenter, "0+6x80")], at: "75m" },
    },
];
