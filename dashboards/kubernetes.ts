// Kubernetes: workloads, restarts, resources and claims of the namespaces kube-state-metrics and the kubelet jobs keep, and whether the stack's replicas agree.
import { claimFreeRatio, ksm, kubelet } from "../alerts/catalog-kubernetes";
import { kubernetesJobs } from "../model/config/kubernetes-cluster";
import { folders } from "../model/folders";
import { DashboardDefinition, newDashboard } from "./skeleton";
import { promTimeseries, runbooks, stat, table, thresholds } from "./common";

const cadvisor = `job="${kubernetesJobs.cadvisor}"`;

export function kubernetesDashboard(): DashboardDefinition {
    return newDashboard({
        uid: "prov-kubernetes",
        title: "Kubernetes Workloads",
        description: "Pods, workloads, restarts, resources and claims of the monitoring and platform namespaces (Kubernetes stacks only).",
        tags: ["kubernetes"],
        variableMetric: "kube_pod_info",
        alerts: [
            "KubePodCrashLooping",
            "KubePodNotReady",
            "KubeContainerOOMKilled",
            "KubePersistentVolumeFillingUp",
            "KubeStateMetricsDown",
            "KubeletScrapeFailing",
        ],
        folder: folders.stack,
        platforms: ["kubernetes"],
        panels: [
            "Workloads",
            stat(
                "Pods not ready",
                "short",
                "Pods whose ready condition is false (KubePodNotReady fires after 15 minutes).",
                `sum(kube_pod_status_ready{${ksm}, condition="false"})`,
            )
                .thresholds(thresholds(1))
                .links(runbooks("KubePodNotReady")),
            promTimeseries("Pods by phase", "short", "Pods per namespace in each phase.", [
                [`sum by (namespace, phase) (kube_pod_status_phase{${ksm}})`, "{{namespace}} {{phase}}"],
            ]).span(18),
            promTimeseries("Deployment replicas", "short", "Desired and available replicas of each Deployment.", [
                [`kube_deployment_spec_replicas{${ksm}}`, "{{namespace}}/{{deployment}} desired"],
                [`kube_deployment_status_replicas_available{${ksm}}`, "{{namespace}}/{{deployment}} available"],
            ]).span(8),
            promTimeseries("StatefulSet replicas", "short", "Desired and ready replicas of each StatefulSet.", [
                [`kube_statefulset_replicas{${ksm}}`, "{{namespace}}/{{statefulset}} desired"],
                [`kube_statefulset_status_replicas_ready{${ksm}}`, "{{namespace}}/{{statefulset}} ready"],
            ]).span(8),
            promTimeseries("DaemonSet pods", "short", "Nodes that should run each DaemonSet's pod, and those where it is ready.", [
                [`kube_daemonset_status_desired_number_scheduled{${ksm}}`, "{{namespace}}/{{daemonset}} desired"],
                [`kube_daemonset_status_number_ready{${ksm}}`, "{{namespace}}/{{daemonset}} ready"],
            ]).span(8),
            promTimeseries(
                "Platform pods scraped",
                "short",
                "Pods Prometheus scrapes per platform job, and how many answer (OrchestratorTargetMissing and its siblings at none).",
                [
                    [`count by (job) (up{job=~"provisioning-.+"})`, "{{job}} scraped"],
                    [`sum by (job) (up{job=~"provisioning-.+"})`, "{{job}} up"],
                ],
            )
                .span(24)
                .links(runbooks("OrchestratorTargetMissing")),
            table("Pods", "none", "Every pod, with its node and owner.", `kube_pod_info{${ksm}}`).span(24).height(6),
            "Restarts",
            promTimeseries("Container restarts (1h)", "short", "Restarts of each container over the last hour.", [
                [`sum by (namespace, pod, container) (increase(kube_pod_container_status_restarts_total{${ksm}}[1h]))`, "{{namespace}}/{{pod}} {{container}}"],
            ]).links(runbooks("KubePodCrashLooping")),
            promTimeseries("Waiting containers", "short", "Containers waiting, by reason (CrashLoopBackOff, ImagePullBackOff, ...).", [
                [`sum by (namespace, pod, container, reason) (kube_pod_container_status_waiting_reason{${ksm}})`, "{{namespace}}/{{pod}} {{reason}}"],
            ]),
            table(
                "Last termination reasons",
                "none",
                "Why each container last stopped (OOMKilled: its memory limit).",
                `kube_pod_container_status_last_terminated_reason{${ksm}} == 1`,
            )
                .span(24)
                .height(6)
                .links(runbooks("KubeContainerOOMKilled")),
            "Resources",
            promTimeseries("CPU by pod", "short", "CPU cores used by each pod's containers (cAdvisor).", [
                [`sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{${cadvisor}}[$__rate_interval]))`, "{{namespace}}/{{pod}}"],
            ])
                .span(8)
                .min(0),
            promTimeseries("Memory by pod", "bytes", "Working set of each pod's containers, what the memory limit is held against (cAdvisor).", [
                [`sum by (namespace, pod) (container_memory_working_set_bytes{${cadvisor}})`, "{{namespace}}/{{pod}}"],
            ])
                .span(8)
                .min(0),
            promTimeseries("Pods per node", "short", "Pods each kubelet runs.", [[`kubelet_running_pods{${kubelet}}`, "{{instance}}"]])
                .span(8)
                .min(0),
            "Claims",
            promTimeseries(
                "Claim free space",
                "percentunit",
                "Free share of each claim (DiskSpaceLow below 10%; KubePersistentVolumeFillingUp when it will be full within 4 days).",
                [[claimFreeRatio, "{{namespace}}/{{persistentvolumeclaim}}"]],
            )
                .min(0)
                .max(1)
                .links(runbooks("KubePersistentVolumeFillingUp")),
            promTimeseries("Claim used", "bytes", "Bytes used on each claim.", [
                [`kubelet_volume_stats_used_bytes{${kubelet}}`, "{{namespace}}/{{persistentvolumeclaim}}"],
            ]).min(0),
            table(
                "Claims not bound",
                "none",
                "Claims in a phase other than Bound (Pending: no volume could be provisioned).",
                `kube_persistentvolumeclaim_status_phase{${ksm}, phase!="Bound"} == 1`,
            ),
            table("Claim access modes", "none", "Access mode of each claim (read-only claims never fill).", `kube_persistentvolumeclaim_access_mode{${ksm}}`),
            "Replicas of the stack",
            promTimeseries("Alertmanager cluster members", "short", "Members each Alertmanager replica sees (AlertmanagerClusterMembersInconsistent).", [
                [`alertmanager_cluster_members{job="alertmanager"}`, "{{instance}}"],
            ]).links(runbooks("AlertmanagerClusterMembersInconsistent", "AlertmanagerClusterFailedToSendAlerts")),
            promTimeseries("Rules per Prometheus replica", "short", "Rules each replica loaded per group (PrometheusReplicasDisagree).", [
                [`prometheus_rule_group_rules{job="prometheus"}`, "{{instance}} {{rule_group}}"],
            ]).links(runbooks("PrometheusReplicasDisagree")),
        ],
    });
}
