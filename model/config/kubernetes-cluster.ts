// What a Kubernetes stack adds to watch the cluster: job names (shared by prometheus.yml, alerts, dashboard), kube-state-metrics' pinned image and ports.

/** kube-state-metrics (the cluster's objects), the kubelet (volume stats) and cAdvisor (containers), by job name. */
export const kubernetesJobs = { kubeStateMetrics: "kube-state-metrics", kubelet: "kubelet", cadvisor: "cadvisor" } as const;

/** Current stable kube-state-metrics, from the Kubernetes project's registry. */
export const kubeStateMetricsImage = "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0";

/** Object metrics on `metrics`, kube-state-metrics' own on `telemetry` (its defaults). */
export const kubeStateMetricsPorts = { metrics: 8080, telemetry: 8081 } as const;

/** kube-state-metrics' --resources, only what the alerts and dashboard use; its RBAC lists and watches exactly these, in the discovery namespaces only. */
export const kubeStateMetricsResources = {
    core: ["persistentvolumeclaims", "pods"],
    apps: ["daemonsets", "deployments", "statefulsets"],
} as const;

/** The kubelet's metrics paths (kubernetes_sd's node role gives each node's kubelet address). */
export const kubeletMetricsPaths = { kubelet: "/metrics", cadvisor: "/metrics/cadvisor" } as const;
