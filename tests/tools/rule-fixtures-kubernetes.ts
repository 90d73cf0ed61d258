// promtool fixtures for the Kubernetes alerts (alerts/catalog-kubernetes.ts) and DiskSpaceLow on a claim: each fires on
// the failure it names, and its healthy case holds the edge the rule was written for (a low but steady claim, a completed
// Job's pod, an old OOM kill, a reason other than CrashLoopBackOff).
import { AlertFixture, InputSeries, seriesName } from "./rule-fixture-types";

const s = (name: string, labels: Readonly<Record<string, string>>, values: string): InputSeries => ({ series: seriesName(name, labels), values });

const ksm = { job: "kube-state-metrics", instance: "kube-state-metrics:8080" };
const kubelet = { job: "kubelet", instance: "node-1" };
const orchestratorPod = { namespace: "provisioning", pod: "orchestrator-7d9f-abcde", uid: "u-1" };
const orchestrator = { ...ksm, ...orchestratorPod, container: "orchestrator" };
const lokiClaim = { ...kubelet, namespace: "monitoring", persistentvolumeclaim: "data-loki-0" };
const dataClaim = { ...kubelet, namespace: "provisioning", persistentvolumeclaim: "data-orchestrator-0" };
const capacity = "100000000000x80";
const am = (i: number) => ({ job: "alertmanager", instance: `alertmanager-${i}.alertmanager-headless:9093` });
const prom = (i: number) => ({ job: "prometheus", instance: `prometheus-${i}.prometheus-headless:9090`, prometheus_replica: `prometheus-${i}` });
const stackHealth = "/etc/prometheus/rules/stack-health.yml;stack_health";
const stackPrometheus = "/etc/prometheus/rules/stack-health.yml;stack_prometheus";
/** In CrashLoopBackOff only between restarts: kube-state-metrics drops the series while the container runs (stale). */
const backOff = Array.from({ length: 31 }, (_, i) => (i % 2 === 0 ? "1" : "stale")).join(" ");

export const kubernetesFixtures: readonly AlertFixture[] = [
    {
        alert: "PlatformServiceWithoutTargets",
        firing: {
            series: [
                s("up", { job: "provisioning-control-center", instance: "control-center-0" }, "1x10"),
                s("up", { job: "provisioning-vault-service", instance: "vault-service-0" }, "1x10"),
            ],
            at: "5m",
            expected: [
                {
                    labels: { job: "provisioning-orchestrator", severity: "critical" },
                    summary: "A platform service has no pod to scrape",
                    description:
                        "Prometheus has found no pod behind job provisioning-orchestrator for 1 minute: its Service has no endpoint on the scraped port " +
                        "(scaled to zero, deleted, or its port changed), and its Down alert cannot fire.",
                },
            ],
        },
        // A pod that is there but down is OrchestratorDown's case, not this one.
        healthy: {
            series: [
                s("up", { job: "provisioning-orchestrator", instance: "orchestrator-0" }, "0x10"),
                s("up", { job: "provisioning-control-center", instance: "control-center-0" }, "1x10"),
                s("up", { job: "provisioning-vault-service", instance: "vault-service-0" }, "1x10"),
            ],
            at: "5m",
        },
    },
    {
        alert: "KubePersistentVolumeFillingUp",
        firing: {
            series: [
                // 14% free, losing 10 MB a minute: 13.3% free after 70 minutes, empty in under 4 days.
                s("kubelet_volume_stats_available_bytes", lokiClaim, "14000000000-10000000x80"),
                s("kubelet_volume_stats_capacity_bytes", lokiClaim, capacity),
                s("kubelet_volume_stats_used_bytes", lokiClaim, "86000000000+10000000x80"),
            ],
            at: "70m",
            expected: [
                {
                    labels: { ...lokiClaim, severity: "warning" },
                    summary: "A persistent volume fills up within days",
                    description: "Claim monitoring/data-loki-0 has 13.3% free and, at the rate of the last 6 hours, fills within 4 days.",
                },
            ],
        },
        healthy: {
            series: [
                // As low, but steady.
                s("kubelet_volume_stats_available_bytes", lokiClaim, "9200000000x80"),
                s("kubelet_volume_stats_capacity_bytes", lokiClaim, capacity),
                s("kubelet_volume_stats_used_bytes", lokiClaim, "90800000000x80"),
                // Shrinking, but read-only to every pod.
                s("kubelet_volume_stats_available_bytes", dataClaim, "14000000000-10000000x80"),
                s("kubelet_volume_stats_capacity_bytes", dataClaim, capacity),
                s("kubelet_volume_stats_used_bytes", dataClaim, "86000000000+10000000x80"),
                s(
                    "kube_persistentvolumeclaim_access_mode",
                    { ...ksm, namespace: "provisioning", persistentvolumeclaim: "data-orchestrator-0", access_mode: "ReadOnlyMany" },
                    "1x80",
                ),
            ],
            at: "70m",
        },
    },
    {
        alert: "KubePodCrashLooping",
        firing: {
            series: [s("kube_pod_container_status_waiting_reason", { ...orchestrator, reason: "CrashLoopBackOff" }, backOff)],
            at: "25m",
            expected: [
                {
                    labels: { ...orchestrator, reason: "CrashLoopBackOff", severity: "warning" },
                    summary: "A container is crash-looping",
                    description: "Container orchestrator of pod provisioning/orchestrator-7d9f-abcde has been restarting in CrashLoopBackOff for 15 minutes.",
                },
            ],
        },
        healthy: { series: [s("kube_pod_container_status_waiting_reason", { ...orchestrator, reason: "ContainerCreating" }, "1x30")], at: "25m" },
    },
    {
        alert: "KubePodNotReady",
        firing: {
            series: [
                s("kube_pod_status_ready", { ...ksm, ...orchestratorPod, condition: "false" }, "1x30"),
                s("kube_pod_status_phase", { ...ksm, ...orchestratorPod, phase: "Running" }, "1x30"),
            ],
            at: "20m",
            expected: [
                {
                    labels: { namespace: "provisioning", pod: "orchestrator-7d9f-abcde", severity: "warning" },
                    summary: "A pod is not ready",
                    description: "Pod provisioning/orchestrator-7d9f-abcde has not been ready for 15 minutes; its Service sends it no traffic.",
                },
            ],
        },
        healthy: {
            series: [
                s("kube_pod_status_ready", { ...ksm, ...orchestratorPod, condition: "false" }, "0x30"),
                s("kube_pod_status_ready", { ...ksm, ...orchestratorPod, condition: "true" }, "1x30"),
                // A Job's pod that completed: never ready again, and nothing is wrong.
                s("kube_pod_status_ready", { ...ksm, namespace: "provisioning", pod: "migrate-xyz", uid: "u-2", condition: "false" }, "1x30"),
                s("kube_pod_status_phase", { ...ksm, namespace: "provisioning", pod: "migrate-xyz", uid: "u-2", phase: "Succeeded" }, "1x30"),
            ],
            at: "20m",
        },
    },
    {
        alert: "KubeContainerOOMKilled",
        firing: {
            series: [
                s("kube_pod_container_status_restarts_total", orchestrator, "0 0 0 0 0 1 1 1 1 1 1"),
                s("kube_pod_container_status_last_terminated_reason", { ...orchestrator, reason: "OOMKilled" }, "1x10"),
            ],
            at: "8m",
            expected: [
                {
                    labels: { ...orchestrator, severity: "warning" },
                    summary: "A container was killed for running out of memory",
                    description:
                        "Container orchestrator of pod provisioning/orchestrator-7d9f-abcde was OOM-killed and restarted in the last 10 minutes: " +
                        "its memory limit is too low or it leaks.",
                },
            ],
        },
        // OOM-killed once, 19 minutes ago, and fine since.
        healthy: {
            series: [
                s("kube_pod_container_status_restarts_total", orchestrator, "0 1+0x20"),
                s("kube_pod_container_status_last_terminated_reason", { ...orchestrator, reason: "OOMKilled" }, "1x20"),
            ],
            at: "20m",
        },
    },
    {
        alert: "KubeStateMetricsDown",
        firing: {
            series: [s("up", ksm, "0x15")],
            at: "10m",
            expected: [
                {
                    labels: { ...ksm, severity: "warning" },
                    summary: "kube-state-metrics is down",
                    description:
                        "Prometheus has failed to scrape kube-state-metrics (kube-state-metrics:8080) for 5 minutes; the pod and claim alerts see nothing.",
                },
            ],
        },
        healthy: { series: [s("up", ksm, "1x15")], at: "10m" },
    },
    {
        alert: "KubeletScrapeFailing",
        firing: {
            series: [s("up", { job: "cadvisor", instance: "node-2" }, "0x30"), s("up", kubelet, "1x30")],
            at: "20m",
            expected: [
                {
                    labels: { job: "cadvisor", instance: "node-2", severity: "warning" },
                    summary: "Prometheus cannot scrape a kubelet",
                    description: "Prometheus has failed to scrape cadvisor on node node-2 for 15 minutes; that node's claims and containers are not watched.",
                },
            ],
        },
        healthy: { series: [s("up", { job: "cadvisor", instance: "node-2" }, "1x30"), s("up", kubelet, "1x30")], at: "20m" },
    },
    {
        alert: "AlertmanagerMembersInconsistent",
        firing: {
            series: [
                s("alertmanager_cluster_members", am(0), "1x30"),
                s("alertmanager_cluster_members", am(1), "3x30"),
                s("alertmanager_cluster_members", am(2), "3x30"),
            ],
            at: "20m",
            expected: [
                {
                    labels: { ...am(0), severity: "warning" },
                    summary: "Alertmanager replicas do not see each other",
                    description:
                        "Alertmanager alertmanager-0.alertmanager-headless:9093 sees 1 cluster members, fewer than the replicas running: " +
                        "replicas that do not gossip send duplicate notifications and miss each other's silences.",
                },
            ],
        },
        healthy: {
            series: [0, 1, 2].map((i) => s("alertmanager_cluster_members", am(i), "3x30")),
            at: "20m",
        },
    },
    {
        alert: "AlertmanagerClusterFailedToSendAlerts",
        firing: {
            // v0.28's reason label on failures is summed away.
            series: [0, 1, 2].flatMap((i) => [
                s("alertmanager_notifications_failed_total", { ...am(i), integration: "slack", reason: "other" }, "0+6x20"),
                s("alertmanager_notifications_total", { ...am(i), integration: "slack" }, "0+10x20"),
            ]),
            at: "10m",
            expected: [
                {
                    labels: { job: "alertmanager", integration: "slack", severity: "critical" },
                    summary: "No Alertmanager replica can deliver notifications",
                    description: "Every Alertmanager replica fails to deliver at least 60% of its slack notifications: alerts routed there reach no one.",
                },
            ],
        },
        // One replica failing is AlertmanagerNotificationsFailing's case: the others still deliver.
        healthy: {
            series: [0, 1, 2].flatMap((i) => [
                s("alertmanager_notifications_failed_total", { ...am(i), integration: "slack", reason: "other" }, i === 0 ? "0+6x20" : "0x20"),
                s("alertmanager_notifications_total", { ...am(i), integration: "slack" }, "0+10x20"),
            ]),
            at: "10m",
        },
    },
    {
        alert: "PrometheusReplicasDisagree",
        firing: {
            series: [
                s("up", prom(0), "1x30"),
                s("up", prom(1), "1x30"),
                // Replica 1 missed the last reload: one rule fewer in one group, and another group not loaded at all.
                s("prometheus_rule_group_rules", { ...prom(0), rule_group: stackHealth }, "9x30"),
                s("prometheus_rule_group_rules", { ...prom(1), rule_group: stackHealth }, "8x30"),
                s("prometheus_rule_group_rules", { ...prom(0), rule_group: stackPrometheus }, "4x30"),
            ],
            at: "20m",
            expected: [stackHealth, stackPrometheus].map((group) => ({
                labels: { rule_group: group, severity: "warning" },
                summary: "The Prometheus replicas evaluate different rules",
                description: `The Prometheus replicas load different rules for ${group}: one missed a configuration reload, so an alert may fire on one replica only.`,
            })),
        },
        healthy: {
            series: [
                s("up", prom(0), "1x30"),
                s("up", prom(1), "1x30"),
                ...[0, 1].flatMap((i) => [
                    s("prometheus_rule_group_rules", { ...prom(i), rule_group: stackHealth }, "9x30"),
                    s("prometheus_rule_group_rules", { ...prom(i), rule_group: stackPrometheus }, "4x30"),
                ]),
            ],
            at: "20m",
        },
    },
    {
        alert: "DiskSpaceLow",
        firing: {
            series: [s("kubelet_volume_stats_available_bytes", dataClaim, "5000000000x10"), s("kubelet_volume_stats_capacity_bytes", dataClaim, capacity)],
            at: "10m",
            expected: [
                {
                    labels: { ...dataClaim, severity: "warning" },
                    summary: "Low disk space",
                    description: "Only 5% of claim provisioning/data-orchestrator-0 on node-1 is free (threshold 10%).",
                },
            ],
        },
        healthy: {
            series: [s("kubelet_volume_stats_available_bytes", dataClaim, "50000000000x10"), s("kubelet_volume_stats_capacity_bytes", dataClaim, capacity)],
            at: "10m",
        },
    },
];
