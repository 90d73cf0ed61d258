// Kubernetes-only alerts: claims, pods and workloads of the stack's and the platform's namespaces (the only ones scraped), replicated components.
import { kubernetesJobs } from "../model/config/kubernetes-cluster";
import { alertmanagerFailedRatio } from "./catalog-stack";
import { aboveFloor, rateWindow, trafficFloor } from "./promql";
import { AlertRule, alertTable } from "./types";

export const ksm = `job="${kubernetesJobs.kubeStateMetrics}"`;
export const kubelet = `job="${kubernetesJobs.kubelet}"`;
export const claimFreeRatio = `kubelet_volume_stats_available_bytes{${kubelet}} / kubelet_volume_stats_capacity_bytes{${kubelet}}`;

/** How far ahead a claim's growth is projected, and over which past window (kube-prometheus: 4 days from 6 hours). */
const claimFillHorizonDays = 4;

/** One notification attempted over the window, across the replicas: no attempts is no signal (issue 15's floors). */
const clusterAttemptsFloor = trafficFloor(`sum by (job, integration) (increase(alertmanager_notifications_total{job="alertmanager"}[${rateWindow}]))`, 1);

export const kubernetesAlerts: readonly AlertRule[] = alertTable({ owner: "stack", requires: { platforms: ["kubernetes"] } }, [
    {
        alert: "KubePersistentVolumeFillingUp",
        group: "kubernetes_storage",
        // Low and still shrinking: a claim that sits at 10% free without growing is not about to fill.
        expr:
            `(${claimFreeRatio} < 0.15 and kubelet_volume_stats_used_bytes{${kubelet}} > 0 ` +
            `and predict_linear(kubelet_volume_stats_available_bytes{${kubelet}}[6h], ${claimFillHorizonDays} * 24 * 3600) < 0) ` +
            // Nobody writes to a read-only claim, whatever its trend says.
            `unless on (namespace, persistentvolumeclaim) kube_persistentvolumeclaim_access_mode{${ksm}, access_mode="ReadOnlyMany"} == 1`,
        for: "1h",
        severity: "warning",
        summary: "A persistent volume fills up within days",
        description:
            "Claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has {{ $value | humanizePercentage }} free and, " +
            `at the rate of the last 6 hours, fills within ${claimFillHorizonDays} days.`,
    },
    {
        alert: "KubePodCrashLooping",
        group: "kubernetes_workloads",
        // The reason shows only between restarts: the maximum over 5 minutes keeps a back-off loop from resolving.
        expr: `max_over_time(kube_pod_container_status_waiting_reason{${ksm}, reason="CrashLoopBackOff"}[5m]) >= 1`,
        for: "15m",
        severity: "warning",
        summary: "A container is crash-looping",
        description:
            "Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} has been restarting in CrashLoopBackOff for 15 minutes.",
    },
    {
        alert: "KubePodNotReady",
        group: "kubernetes_workloads",
        // A completed Job's pod is never ready again, and that is fine.
        expr:
            `max by (namespace, pod) (kube_pod_status_ready{${ksm}, condition="false"}) == 1 ` +
            `unless on (namespace, pod) max by (namespace, pod) (kube_pod_status_phase{${ksm}, phase="Succeeded"}) == 1`,
        for: "15m",
        severity: "warning",
        summary: "A pod is not ready",
        description: "Pod {{ $labels.namespace }}/{{ $labels.pod }} has not been ready for 15 minutes; its Service sends it no traffic.",
    },
    {
        alert: "KubeContainerOOMKilled",
        group: "kubernetes_workloads",
        // A restart in the last 10 minutes whose cause was the memory limit; an old OOM kill alone does not fire.
        expr:
            `increase(kube_pod_container_status_restarts_total{${ksm}}[10m]) >= 1 ` +
            `and on (namespace, pod, container) kube_pod_container_status_last_terminated_reason{${ksm}, reason="OOMKilled"} == 1`,
        severity: "warning",
        summary: "A container was killed for running out of memory",
        description:
            "Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} was OOM-killed and restarted " +
            "in the last 10 minutes: its memory limit is too low or it leaks.",
    },
    {
        alert: "KubeStateMetricsDown",
        group: "kubernetes_workloads",
        expr: `up{${ksm}} == 0`,
        for: "5m",
        severity: "warning",
        summary: "kube-state-metrics is down",
        description: "Prometheus has failed to scrape kube-state-metrics ({{ $labels.instance }}) for 5 minutes; the pod and claim alerts see nothing.",
        targetDownJob: kubernetesJobs.kubeStateMetrics,
        requires: { components: ["prometheus"] },
    },
    {
        alert: "KubeletScrapeFailing",
        group: "kubernetes_workloads",
        expr: `up{job=~"${kubernetesJobs.kubelet}|${kubernetesJobs.cadvisor}"} == 0`,
        for: "15m",
        severity: "warning",
        summary: "Prometheus cannot scrape a kubelet",
        description:
            "Prometheus has failed to scrape {{ $labels.job }} on node {{ $labels.instance }} for 15 minutes; " +
            "that node's claims and containers are not watched.",
        requires: { components: ["prometheus"] },
    },
    {
        alert: "AlertmanagerClusterFailedToSendAlerts",
        group: "stack_alertmanager",
        // Every replica failing (the least failing one above 1%): no replica can take over, unlike one replica failing.
        ...aboveFloor(`min by (job, integration) (${alertmanagerFailedRatio}) > 0.01`, "job, integration", clusterAttemptsFloor),
        for: "1m",
        severity: "critical",
        summary: "No Alertmanager replica can deliver notifications",
        description:
            "Every Alertmanager replica fails to deliver at least {{ $value | humanizePercentage }} of its {{ $labels.integration }} " +
            "notifications: alerts routed there reach no one.",
        requires: { components: ["alertmanager"] },
    },
    {
        alert: "PrometheusReplicasDisagree",
        group: "stack_prometheus",
        // Grouped by rule group only, so the replica's own labels (instance, prometheus_replica) are compared away.
        expr:
            `max by (rule_group) (prometheus_rule_group_rules{job="prometheus"}) != min by (rule_group) (prometheus_rule_group_rules{job="prometheus"}) ` +
            `or count by (rule_group) (prometheus_rule_group_rules{job="prometheus"}) < scalar(count(up{job="prometheus"} == 1))`,
        for: "15m",
        severity: "warning",
        summary: "The Prometheus replicas evaluate different rules",
        description:
            "The Prometheus replicas load different rules for {{ $labels.rule_group }}: one missed a configuration reload, " +
            "so an alert may fire on one replica only.",
        requires: { components: ["prometheus"] },
    },
]);
