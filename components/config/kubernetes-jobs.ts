// Scrape jobs only a Kubernetes stack has: their names are shared by prometheus.yml, the alerts and the dashboard.

/** kube-state-metrics (the cluster's objects), the kubelet (volume stats) and cAdvisor (containers), by job name. */
export const kubernetesJobs = {
    kubeStateMetrics: "kube-state-metrics",
    kubelet: "kubelet",
    cadvisor: "cadvisor",
} as const;
