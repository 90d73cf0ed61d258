// On Kubernetes, each replica of the platform's services is scraped: a platform target written as a Service's cluster
// DNS name (<service>.<namespace>.svc[.cluster.local]:<port>) in a discovery namespace becomes that Service's
// endpoints, one target per pod, under the same job name and interval. Any other target stays a static one.
import { KubernetesDiscovery, PlatformTarget, StackConfig } from "../../model/config/types";
import { discoveryNamespaces } from "../../model/discovery";

export interface ServiceTarget {
    readonly service: string;
    readonly namespace: string;
    readonly port: number;
}

const serviceDns = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?:(\d+)$/;

/** The Service a target names by its cluster DNS name, or undefined for any other host. */
export function serviceTargetOf(target: string): ServiceTarget | undefined {
    const m = serviceDns.exec(target);
    return m ? { service: m[1], namespace: m[3], port: Number(m[6]) } : undefined;
}

/** The Services behind a job when every one of its targets is a Service Prometheus may discover; otherwise undefined. */
export function discoverableServices(config: StackConfig, job: PlatformTarget): ServiceTarget[] | undefined {
    if (config.platform !== "kubernetes") return undefined;
    const namespaces = discoveryNamespaces(config);
    const services = job.targets.map(serviceTargetOf);
    if (services.length === 0 || services.some((s) => s === undefined || !namespaces.includes(s.namespace))) return undefined;
    return services as ServiceTarget[];
}

/**
 * kubernetes_sd over the Services' EndpointSlices: every pod behind them, ready or not (a pod that fails its readiness
 * probe must still report `up`), on the target's port (the pod's port: a Service that maps another port is not found).
 */
export function podDiscovery(services: readonly ServiceTarget[]): Record<string, unknown> {
    const names = [...new Set(services.map((s) => s.namespace))].sort();
    const keep = services.map((s) => `${s.namespace};${s.service};${s.port}`).join("|");
    return {
        kubernetes_sd_configs: [{ role: "endpointslice", namespaces: { names } }],
        relabel_configs: [
            {
                source_labels: ["__meta_kubernetes_namespace", "__meta_kubernetes_service_name", "__meta_kubernetes_endpointslice_port"],
                regex: keep,
                action: "keep",
            },
            // A pod, not an address that the next pod may reuse.
            { source_labels: ["__meta_kubernetes_pod_name"], target_label: "instance" },
            { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
            { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
        ],
    };
}

/** A job's static labels on discovered targets: one relabelling each (no source label: always set). */
export function withLabels(job: Record<string, unknown>, labels: Readonly<Record<string, string>>): Record<string, unknown> {
    const set = Object.entries(labels).map(([name, value]) => ({ target_label: name, replacement: value }));
    return set.length === 0 ? job : { ...job, relabel_configs: [...((job.relabel_configs as unknown[]) ?? []), ...set] };
}

/** Prometheus' meta label name for an annotation or label key: every character outside [a-zA-Z0-9_] becomes `_`. */
const metaName = (key: string) => key.replace(/[^a-zA-Z0-9_]/g, "_");

/**
 * A `kubernetes:` entry of monitoring:platformTargets: its pods (role pod) or the endpoints of its Services (role
 * service), selected by label in the API and by annotation in relabelling, on one port when named, each target named by
 * its pod.
 */
export function kubernetesDiscovery(d: KubernetesDiscovery, labels: Readonly<Record<string, string>>): Record<string, unknown> {
    const kind = d.role === "pod" ? "pod" : "service";
    const [annotationKey, annotationValue] = d.annotation?.split("=") ?? [];
    const portLabel =
        d.role === "pod"
            ? `__meta_kubernetes_pod_container_port_${typeof d.port === "number" ? "number" : "name"}`
            : `__meta_kubernetes_endpointslice_port${typeof d.port === "number" ? "" : "_name"}`;
    const sd = {
        role: d.role === "pod" ? "pod" : "endpointslice",
        namespaces: { names: [...d.namespaces] },
        ...(d.selector ? { selectors: [{ role: kind, label: d.selector }] } : {}),
    };
    return withLabels(
        {
            kubernetes_sd_configs: [sd],
            relabel_configs: [
                ...(annotationKey === undefined
                    ? []
                    : annotationValue === undefined
                      ? [{ source_labels: [`__meta_kubernetes_${kind}_annotationpresent_${metaName(annotationKey)}`], regex: "true", action: "keep" }]
                      : [{ source_labels: [`__meta_kubernetes_${kind}_annotation_${metaName(annotationKey)}`], regex: annotationValue, action: "keep" }]),
                ...(d.port === undefined ? [] : [{ source_labels: [portLabel], regex: String(d.port), action: "keep" }]),
                // A pod that is not running has nothing to serve.
                ...(d.role === "pod" ? [{ source_labels: ["__meta_kubernetes_pod_phase"], regex: "Pending|Succeeded|Failed|Unknown", action: "drop" }] : []),
                { source_labels: ["__meta_kubernetes_pod_name"], target_label: "instance" },
                { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
                { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
                ...(d.role === "service" ? [{ source_labels: ["__meta_kubernetes_service_name"], target_label: "service" }] : []),
            ],
        },
        labels,
    );
}
