// Scrape jobs that only a Kubernetes stack has: every pod of the stack's node agents, and annotated pods and services.
import { ComponentName, PortName } from "../../model/config/catalog";
import { StackConfig } from "../../model/config/types";
import { componentNamespace, discoveryNamespaces } from "../../model/discovery";

/** Label every stack pod carries with its component name (platform/kubernetes/labels.ts sets it). */
const componentLabel = "__meta_kubernetes_pod_label_app_kubernetes_io_name";

/** The service account token Kubernetes mounts into Prometheus' pod: its identity towards authenticating proxies. */
const serviceAccountTokenFile = "/var/run/secrets/kubernetes.io/serviceaccount/token";

/** Per-node components whose metrics sit behind kube-rbac-proxy (TLS with its own certificate, a token checked per request). */
const proxiedNodeAgents: readonly ComponentName[] = ["node-exporter"];

/** Each pod of a per-node component, named by its node (a Service would reach one pod at random). */
export function perNodeScrapeJob(config: StackConfig, component: ComponentName, port: PortName): Record<string, unknown> {
    return {
        job_name: component,
        // The proxy's certificate is self-signed per pod (as in kube-prometheus): TLS for privacy, the token for access.
        ...(proxiedNodeAgents.includes(component)
            ? { scheme: "https", authorization: { credentials_file: serviceAccountTokenFile }, tls_config: { insecure_skip_verify: true } }
            : {}),
        kubernetes_sd_configs: [{ role: "pod", namespaces: { names: [componentNamespace(config, component)] } }],
        relabel_configs: [
            { source_labels: [componentLabel], regex: component, action: "keep" },
            { source_labels: ["__meta_kubernetes_pod_container_port_number"], regex: String(config.ports[port]), action: "keep" },
            { source_labels: ["__meta_kubernetes_pod_node_name"], target_label: "instance" },
        ],
    };
}

// prometheus.io/scrape, /path, /port and /scheme: the annotations most charts and services already carry.
const annotationRelabels = (kind: "pod" | "service") => [
    { source_labels: [`__meta_kubernetes_${kind}_annotation_prometheus_io_scrape`], regex: "true", action: "keep" },
    { source_labels: [`__meta_kubernetes_${kind}_annotation_prometheus_io_scheme`], regex: "(https?)", target_label: "__scheme__" },
    { source_labels: [`__meta_kubernetes_${kind}_annotation_prometheus_io_path`], regex: "(.+)", target_label: "__metrics_path__" },
    {
        source_labels: ["__address__", `__meta_kubernetes_${kind}_annotation_prometheus_io_port`],
        regex: "([^:]+)(?::\\d+)?;(\\d+)",
        replacement: "$1:$2",
        target_label: "__address__",
    },
    { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
];

/** Pods and services that ask to be scraped with `prometheus.io/scrape: "true"`, in the discovery namespaces. */
export function annotationScrapeJobs(config: StackConfig): Record<string, unknown>[] {
    const namespaces = { names: discoveryNamespaces(config) };
    return [
        {
            job_name: "kubernetes-pods",
            kubernetes_sd_configs: [{ role: "pod", namespaces }],
            relabel_configs: [
                ...annotationRelabels("pod"),
                // A pod that is not running has nothing to serve.
                { source_labels: ["__meta_kubernetes_pod_phase"], regex: "Pending|Succeeded|Failed|Unknown", action: "drop" },
                { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
            ],
        },
        {
            job_name: "kubernetes-service-endpoints",
            kubernetes_sd_configs: [{ role: "endpointslice", namespaces }],
            relabel_configs: [
                ...annotationRelabels("service"),
                { source_labels: ["__meta_kubernetes_service_name"], target_label: "service" },
                { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
            ],
        },
    ];
}
