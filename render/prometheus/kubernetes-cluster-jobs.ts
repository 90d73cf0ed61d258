// Scrape jobs that watch the cluster itself (Kubernetes only): kube-state-metrics, and each node's kubelet and cAdvisor,
// reached directly on the kubelet's port with Prometheus' service account token, as kube-prometheus does.
import { kubeletMetricsPaths, kubernetesJobs, kubeStateMetricsPorts } from "../../model/config/kubernetes-cluster";
import { StackConfig } from "../../model/config/types";
import { watchedNamespaces } from "../../model/discovery";

const serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

/** Series of other namespaces are dropped at the scrape: the stack watches its own and the platform's only. */
function keepDiscoveryNamespaces(config: StackConfig): Record<string, unknown> {
    return { source_labels: ["namespace"], regex: watchedNamespaces(config).join("|"), action: "keep" };
}

function kubeletJob(
    config: StackConfig,
    job: string,
    metricsPath: string,
    keep: readonly string[],
    extra: readonly Record<string, unknown>[] = [],
): Record<string, unknown> {
    return {
        job_name: job,
        scheme: "https",
        metrics_path: metricsPath,
        // The kubelet authorises the token against nodes/metrics (Prometheus' ClusterRole).
        authorization: { credentials_file: `${serviceAccountDir}/token` },
        // Kubelets usually serve self-signed certificates that the cluster CA did not sign (kube-prometheus skips it too).
        tls_config: { ca_file: `${serviceAccountDir}/ca.crt`, insecure_skip_verify: true },
        kubernetes_sd_configs: [{ role: "node" }],
        relabel_configs: [{ source_labels: ["__meta_kubernetes_node_name"], target_label: "instance" }],
        metric_relabel_configs: [{ source_labels: ["__name__"], regex: keep.join("|"), action: "keep" }, keepDiscoveryNamespaces(config), ...extra],
    };
}

export function clusterScrapeJobs(config: StackConfig): Record<string, unknown>[] {
    return [
        {
            job_name: kubernetesJobs.kubeStateMetrics,
            // Its series name the object's own namespace and pod: keep them rather than the scrape target's.
            honor_labels: true,
            static_configs: [{ targets: [`${kubernetesJobs.kubeStateMetrics}:${kubeStateMetricsPorts.metrics}`] }],
        },
        kubeletJob(config, kubernetesJobs.kubelet, kubeletMetricsPaths.kubelet, [
            "kubelet_volume_stats_available_bytes",
            "kubelet_volume_stats_capacity_bytes",
            "kubelet_volume_stats_used_bytes",
        ]),
        kubeletJob(
            config,
            kubernetesJobs.cadvisor,
            kubeletMetricsPaths.cadvisor,
            ["container_cpu_usage_seconds_total", "container_memory_working_set_bytes"],
            // cAdvisor's pod-level cgroup (no container) and the pause container: summed by pod they would count twice.
            [{ source_labels: ["container"], regex: "|POD", action: "drop" }],
        ),
    ];
}
