// Scrape jobs found through a cluster's API (Kubernetes service discovery): each node agent's pods, annotated pods and services, platform targets
// written as Services or `kubernetes:` entries, the cluster itself (kube-state-metrics; kubelets and cAdvisor with Prometheus' token, as kube-prometheus does).
import { ComponentName } from "../../model/config/catalog";
import { kubeletMetricsPaths, kubernetesJobs, kubeStateMetricsPorts } from "../../model/config/kubernetes-cluster";
import { ConfigSlice, KubernetesDiscovery, PlatformTarget } from "../../model/config/types";
import { componentNamespace, discoveryNamespaces, watchedNamespaces } from "../../model/endpoints";

type Job = Record<string, unknown>;
type Namespaces = ConfigSlice<"namespace" | "clientNamespaces">;
type Watched = Namespaces & ConfigSlice<"components">;

const serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";
const notRunning = { source_labels: ["__meta_kubernetes_pod_phase"], regex: "Pending|Succeeded|Failed|Unknown", action: "drop" };
const label = (source: string, target: string) => ({ source_labels: [`__meta_kubernetes_${source}`], target_label: target });
// A pod, not an address that the next pod may reuse.
const podLabels = [label("pod_name", "instance"), label("namespace", "namespace"), label("pod_name", "pod")];

/** Each pod of a per-node component, named by its node (a Service would reach one pod at random). */
export function perNodeScrapeJob(config: ConfigSlice<"namespace">, component: ComponentName, port: number): Job {
    return {
        job_name: component,
        // node_exporter sits behind kube-rbac-proxy: TLS with a self-signed certificate per pod, the token for access.
        ...(component === "node-exporter"
            ? { scheme: "https", authorization: { credentials_file: `${serviceAccountDir}/token` }, tls_config: { insecure_skip_verify: true } }
            : {}),
        kubernetes_sd_configs: [{ role: "pod", namespaces: { names: [componentNamespace(config, component)] } }],
        relabel_configs: [
            { source_labels: ["__meta_kubernetes_pod_label_app_kubernetes_io_name"], regex: component, action: "keep" },
            { source_labels: ["__meta_kubernetes_pod_container_port_number"], regex: String(port), action: "keep" },
            label("pod_node_name", "instance"),
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
    label("namespace", "namespace"),
];

/** `team=<name>` on what a team's namespaces expose, so its alerts route to it; a target's own `team` becomes `exported_team` (honor_labels false). */
const teamRelabels = (teams: ConfigSlice<"teams">["teams"]) =>
    teams
        .filter((t) => t.namespaces?.length)
        .map((t) => ({ source_labels: ["__meta_kubernetes_namespace"], regex: t.namespaces!.join("|"), target_label: "team", replacement: t.name }));

/** Pods and services that ask to be scraped with `prometheus.io/scrape: "true"`, in the discovery namespaces: no redeploy to add one. */
export function annotationScrapeJobs(config: Namespaces & ConfigSlice<"teams">): Job[] {
    const job = (name: string, role: string, kind: "pod" | "service", own: Job) => ({
        job_name: name,
        kubernetes_sd_configs: [{ role, namespaces: { names: discoveryNamespaces(config) } }],
        relabel_configs: [...annotationRelabels(kind), own, label("pod_name", "pod"), ...teamRelabels(config.teams)],
    });
    return [
        job("kubernetes-pods", "pod", "pod", notRunning),
        job("kubernetes-service-endpoints", "endpointslice", "service", label("service_name", "service")),
    ];
}

function kubeletJob(config: Watched, job: keyof typeof kubeletMetricsPaths, keep: string[], extra: Job[] = []): Job {
    return {
        job_name: kubernetesJobs[job],
        scheme: "https",
        metrics_path: kubeletMetricsPaths[job],
        // The kubelet authorises the token against nodes/metrics (Prometheus' ClusterRole).
        authorization: { credentials_file: `${serviceAccountDir}/token` },
        // Kubelets usually serve self-signed certificates that the cluster CA did not sign (kube-prometheus skips it too).
        tls_config: { ca_file: `${serviceAccountDir}/ca.crt`, insecure_skip_verify: true },
        kubernetes_sd_configs: [{ role: "node" }],
        relabel_configs: [label("node_name", "instance")],
        // Series of other namespaces are dropped at the scrape: the stack watches its own and the platform's only.
        metric_relabel_configs: [
            { source_labels: ["__name__"], regex: keep.join("|"), action: "keep" },
            { source_labels: ["namespace"], regex: watchedNamespaces(config).join("|"), action: "keep" },
            ...extra,
        ],
    };
}

export function clusterScrapeJobs(config: Watched): Job[] {
    return [
        {
            job_name: kubernetesJobs.kubeStateMetrics,
            // Its series name the object's own namespace and pod: keep them rather than the scrape target's.
            honor_labels: true,
            static_configs: [{ targets: [`${kubernetesJobs.kubeStateMetrics}:${kubeStateMetricsPorts.metrics}`] }],
        },
        kubeletJob(config, "kubelet", ["kubelet_volume_stats_available_bytes", "kubelet_volume_stats_capacity_bytes", "kubelet_volume_stats_used_bytes"]),
        // cAdvisor's pod-level cgroup (no container) and the pause container: summed by pod they would count twice.
        kubeletJob(
            config,
            "cadvisor",
            ["container_cpu_usage_seconds_total", "container_memory_working_set_bytes"],
            [{ source_labels: ["container"], regex: "|POD", action: "drop" }],
        ),
    ];
}

const serviceDns = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?:(\d+)$/;

/** The Service a target names by its cluster DNS name (<service>.<namespace>.svc[.cluster.local]:<port>), else undefined. */
export function serviceTargetOf(target: string): { service: string; namespace: string; port: number } | undefined {
    const m = serviceDns.exec(target);
    return m ? { service: m[1], namespace: m[3], port: Number(m[6]) } : undefined;
}

/**
 * Where a platform target's series come from in a cluster: its `kubernetes:` discovery, or, when every target is a Service in a discovery namespace, its
 * EndpointSlices: every pod behind it, ready or not (a pod failing its readiness probe must still report `up`), on the target's port. Undefined: as written.
 */
export function discoveredTargets(config: Namespaces, t: PlatformTarget): Job | undefined {
    const job = t.kubernetes ? kubernetesDiscovery(t.kubernetes) : serviceDiscovery(config, t.targets);
    // The job's static labels: one relabelling each (no source label: always set).
    const labels = Object.entries(t.labels ?? {}).map(([name, value]) => ({ target_label: name, replacement: value }));
    return job && { ...job, relabel_configs: [...(job.relabel_configs as unknown[]), ...labels] };
}

function serviceDiscovery(config: Namespaces, targets: readonly string[]): Job | undefined {
    const found = targets.map(serviceTargetOf).filter((s) => s !== undefined);
    if (found.length === 0 || found.length < targets.length || found.some((s) => !discoveryNamespaces(config).includes(s.namespace))) return undefined;
    return {
        kubernetes_sd_configs: [{ role: "endpointslice", namespaces: { names: [...new Set(found.map((s) => s.namespace))].sort() } }],
        relabel_configs: [
            {
                source_labels: ["__meta_kubernetes_namespace", "__meta_kubernetes_service_name", "__meta_kubernetes_endpointslice_port"],
                regex: found.map((s) => `${s.namespace};${s.service};${s.port}`).join("|"),
                action: "keep",
            },
            ...podLabels,
        ],
    };
}

/** Prometheus' meta label name for an annotation or label key: every character outside [a-zA-Z0-9_] becomes `_`. */
const metaName = (key: string) => key.replace(/[^a-zA-Z0-9_]/g, "_");

/** A `kubernetes:` target: its pods or its Services' endpoints, selected by label and annotation, on one port when named. */
function kubernetesDiscovery(d: KubernetesDiscovery): Job {
    const kind = d.role === "pod" ? "pod" : "service";
    const [annotationKey, annotationValue] = d.annotation?.split("=") ?? [];
    const portLabel =
        d.role === "pod"
            ? `__meta_kubernetes_pod_container_port_${typeof d.port === "number" ? "number" : "name"}`
            : `__meta_kubernetes_endpointslice_port${typeof d.port === "number" ? "" : "_name"}`;
    const annotation = annotationKey === undefined ? undefined : metaName(annotationKey);
    return {
        kubernetes_sd_configs: [
            {
                role: d.role === "pod" ? "pod" : "endpointslice",
                namespaces: { names: [...d.namespaces] },
                ...(d.selector ? { selectors: [{ role: kind, label: d.selector }] } : {}),
            },
        ],
        relabel_configs: [
            ...(annotation === undefined
                ? []
                : annotationValue === undefined
                  ? [{ source_labels: [`__meta_kubernetes_${kind}_annotationpresent_${annotation}`], regex: "true", action: "keep" }]
                  : [{ source_labels: [`__meta_kubernetes_${kind}_annotation_${annotation}`], regex: annotationValue, action: "keep" }]),
            ...(d.port === undefined ? [] : [{ source_labels: [portLabel], regex: String(d.port), action: "keep" }]),
            ...(d.role === "pod" ? [notRunning] : []),
            ...podLabels,
            ...(d.role === "service" ? [label("service_name", "service")] : []),
        ],
    };
}
