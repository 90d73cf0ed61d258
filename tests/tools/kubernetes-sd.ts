// Debian's Prometheus 2.42 (promtool) is built without Kubernetes service discovery, so it rejects
// `kubernetes_sd_configs`. To let it check everything else (relabel rules included), each such block is swapped for an
// empty static_configs, and the blocks themselves are held to the facts below (the fields Prometheus documents).
import { parse, stringify } from "yaml";

export interface KubernetesSdBlock {
    readonly job: string;
    readonly sd: Record<string, unknown>;
}

/** Roles Prometheus' Kubernetes discovery knows. */
const roles = new Set(["node", "service", "pod", "endpoints", "endpointslice", "ingress"]);
/** Fields of a kubernetes_sd_config (Prometheus docs: configuration, <kubernetes_sd_config>). */
const fields = new Set(["role", "namespaces", "selectors", "api_server", "kubeconfig_file", "attach_metadata", "follow_redirects", "enable_http2"]);
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Where a pod finds its service account's token and CA; promtool checks that referenced files exist. */
const serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount/";
/** The stand-in directory, relative to prometheus.yml (promtool resolves relative paths from the config's directory). */
export const serviceAccountStandIn = "kubernetes-serviceaccount/";

/**
 * The same prometheus.yml with every kubernetes_sd_configs swapped for an empty static_configs, and the swapped blocks;
 * `standIns` lists the service-account files (token, CA) the copy now reads from `serviceAccountStandIn` instead of the pod's.
 */
export function swapKubernetesDiscovery(text: string): { text: string; blocks: KubernetesSdBlock[]; standIns: string[] } {
    const doc = parse(text);
    const blocks: KubernetesSdBlock[] = [];
    for (const job of doc.scrape_configs ?? []) {
        if (!job.kubernetes_sd_configs) continue;
        for (const sd of job.kubernetes_sd_configs) blocks.push({ job: job.job_name, sd });
        delete job.kubernetes_sd_configs;
        job.static_configs = [{ targets: [] }];
        // promtool wants the pod's service account token to exist; prometheus.yml beside the copy stands in for it.
        if (job.authorization?.credentials_file === "/var/run/secrets/kubernetes.io/serviceaccount/token")
            job.authorization.credentials_file = "prometheus.yml";
    }
    const swapped = stringify(doc, { lineWidth: 0 });
    const standIns = [...new Set([...swapped.matchAll(/\/var\/run\/secrets\/kubernetes\.io\/serviceaccount\/([a-z.]+)/g)].map((m) => m[1]))].sort();
    return { text: swapped.split(serviceAccountDir).join(serviceAccountStandIn), blocks, standIns: standIns.map((f) => `${serviceAccountStandIn}${f}`) };
}

/** Problems of one kubernetes_sd_config, as readable lines; none when it is what Prometheus accepts. */
export function kubernetesSdProblems(block: KubernetesSdBlock): string[] {
    const problems: string[] = [];
    const where = `job ${block.job}`;
    for (const key of Object.keys(block.sd)) if (!fields.has(key)) problems.push(`${where}: unknown field ${key}`);
    if (!roles.has(block.sd.role as string)) problems.push(`${where}: role ${JSON.stringify(block.sd.role)} is not one of ${[...roles].join(", ")}`);
    const namespaces = block.sd.namespaces as { names?: unknown; own_namespace?: unknown } | undefined;
    if (namespaces !== undefined) {
        for (const key of Object.keys(namespaces)) if (key !== "names" && key !== "own_namespace") problems.push(`${where}: unknown namespaces field ${key}`);
        const names = namespaces.names;
        if (!Array.isArray(names) || names.length === 0) problems.push(`${where}: namespaces.names must be a non-empty list`);
        else for (const n of names) if (typeof n !== "string" || !dnsLabel.test(n)) problems.push(`${where}: ${JSON.stringify(n)} is not a namespace name`);
    }
    return problems;
}
