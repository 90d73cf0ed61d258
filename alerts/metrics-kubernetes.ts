// Metrics of a Kubernetes stack: kube-state-metrics (object state), the kubelet (volume stats), cAdvisor (containers),
// and the Alertmanager and Prometheus metrics that only matter with several replicas. Names and labels from each
// project's documentation (kube-state-metrics' docs/metrics at v2.20.0, the pinned release; the kubelet's and
// cAdvisor's /metrics reference); no binary on this machine exposes them.
import { metricOf as metric, MetricSpec } from "./metric-types";

const pod = ["namespace", "pod", "uid"] as const;
const container = [...pod, "container"] as const;
const claim = ["namespace", "persistentvolumeclaim"] as const;

const kubeStateMetrics: readonly MetricSpec[] = [
    metric("kube-state-metrics", "kube_pod_info", "gauge", "Information about pod.", [...pod, "node", "created_by_kind", "created_by_name"]),
    metric("kube-state-metrics", "kube_pod_status_phase", "gauge", "The pods current phase.", [...pod, "phase"]),
    metric("kube-state-metrics", "kube_pod_status_ready", "gauge", "Describes whether the pod is ready to serve requests.", [...pod, "condition"]),
    metric("kube-state-metrics", "kube_pod_container_status_restarts_total", "counter", "The number of container restarts per container.", container),
    metric("kube-state-metrics", "kube_pod_container_status_waiting_reason", "gauge", "Describes the reason the container is currently in waiting state.", [
        ...container,
        "reason",
    ]),
    metric(
        "kube-state-metrics",
        "kube_pod_container_status_last_terminated_reason",
        "gauge",
        "Describes the last reason the container was in terminated state.",
        [...container, "reason"],
    ),
    metric("kube-state-metrics", "kube_deployment_spec_replicas", "gauge", "Number of desired pods for a deployment.", ["namespace", "deployment"]),
    metric("kube-state-metrics", "kube_deployment_status_replicas_available", "gauge", "The number of available replicas per deployment.", [
        "namespace",
        "deployment",
    ]),
    metric("kube-state-metrics", "kube_statefulset_replicas", "gauge", "Number of desired pods for a StatefulSet.", ["namespace", "statefulset"]),
    metric("kube-state-metrics", "kube_statefulset_status_replicas_ready", "gauge", "The number of ready replicas per StatefulSet.", [
        "namespace",
        "statefulset",
    ]),
    metric("kube-state-metrics", "kube_daemonset_status_desired_number_scheduled", "gauge", "The number of nodes that should be running the daemon pod.", [
        "namespace",
        "daemonset",
    ]),
    metric("kube-state-metrics", "kube_daemonset_status_number_ready", "gauge", "The number of nodes that should be running the daemon pod and are ready.", [
        "namespace",
        "daemonset",
    ]),
    metric("kube-state-metrics", "kube_persistentvolumeclaim_access_mode", "gauge", "The access mode(s) specified by the persistent volume claim.", [
        ...claim,
        "access_mode",
    ]),
    metric("kube-state-metrics", "kube_persistentvolumeclaim_status_phase", "gauge", "The phase the persistent volume claim is currently in.", [
        ...claim,
        "phase",
    ]),
];

const kubelet: readonly MetricSpec[] = [
    metric("kubelet", "kubelet_volume_stats_available_bytes", "gauge", "Number of available bytes in the volume.", claim),
    metric("kubelet", "kubelet_volume_stats_capacity_bytes", "gauge", "Capacity in bytes of the volume.", claim),
    metric("kubelet", "kubelet_volume_stats_used_bytes", "gauge", "Number of used bytes in the volume.", claim),
    metric("kubelet", "kubelet_running_pods", "gauge", "Number of pods that have a running pod sandbox."),
];

const cadvisor: readonly MetricSpec[] = [
    metric("cadvisor", "container_cpu_usage_seconds_total", "counter", "Cumulative cpu time consumed in seconds.", ["namespace", "pod", "container"]),
    metric("cadvisor", "container_memory_working_set_bytes", "gauge", "Current working set in bytes.", ["namespace", "pod", "container"]),
];

// What tells Prometheus replicas apart (charted on the Kubernetes dashboard); Alertmanager's cluster members are
// catalogued with the stack's metrics (alerts/metrics-stack.ts).
const replicated: readonly MetricSpec[] = [metric("replicas", "prometheus_rule_group_rules", "gauge", "The number of rules.", ["rule_group"])];

export const kubernetesMetrics: readonly MetricSpec[] = [...kubeStateMetrics, ...kubelet, ...cadvisor, ...replicated];
