// promtail.yml: the seed's file and journal jobs, positions on a volume, pushing to the stack's Loki.
import { StackConfig } from "../config/types";
import { discoveryNamespaces } from "../render/discovery";
import { internalUrl } from "../render/endpoints";
import { renderYaml } from "../render/yaml";

export const promtailPaths = {
    configFile: "/etc/promtail/promtail.yml",
    positionsDir: "/var/lib/promtail",
    platformLogs: "/var/log/provisioning/*.log",
    journal: "/var/log/journal",
    /** The volatile journal (journald's Storage=volatile, or before its flush to /var/log/journal). */
    runtimeJournal: "/run/log/journal",
    podLogs: "/var/log/pods",
} as const;

/** Stream label of the pod logs Promtail tails on Kubernetes (beside the seed's `varlogs` and `systemd-journal`). */
export const podLogsJob = "kubernetes-pods";

/**
 * On Kubernetes: the logs of every pod in the discovery namespaces that runs on Promtail's own node (Promtail keeps
 * targets whose __host__ is its HOSTNAME), read from the kubelet's files in the CRI format.
 */
function podLogsJobConfig(config: StackConfig): Record<string, unknown> {
    return {
        job_name: podLogsJob,
        kubernetes_sd_configs: [{ role: "pod", namespaces: { names: discoveryNamespaces(config) } }],
        pipeline_stages: [{ cri: {} }],
        relabel_configs: [
            { source_labels: ["__meta_kubernetes_pod_node_name"], target_label: "__host__" },
            { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
            { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
            { source_labels: ["__meta_kubernetes_pod_container_name"], target_label: "container" },
            { target_label: "job", replacement: podLogsJob },
            {
                source_labels: ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"],
                separator: "/",
                replacement: `${promtailPaths.podLogs}/*$1/*.log`,
                target_label: "__path__",
            },
        ],
    };
}

/** What the rendered config watches in the platform's API: pods on Kubernetes, nothing on Docker. */
export function promtailDiscovers(config: StackConfig): "pods"[] {
    return config.platform === "kubernetes" ? ["pods"] : [];
}

export function lokiPushUrl(config: StackConfig): string {
    return `${internalUrl("loki", config.ports.loki)}/loki/api/v1/push`;
}

export function renderPromtailConfig(config: StackConfig): string {
    const doc = {
        server: { http_listen_port: config.ports.promtail, grpc_listen_port: 0 },
        // Positions on the data volume: a replaced container resumes where it stopped instead of re-shipping.
        positions: { filename: `${promtailPaths.positionsDir}/positions.yaml` },
        clients: [{ url: lokiPushUrl(config), external_labels: { cluster: config.cluster } }],
        scrape_configs: [
            {
                job_name: "system",
                static_configs: [{ targets: ["localhost"], labels: { job: "varlogs", __path__: promtailPaths.platformLogs } }],
            },
            {
                job_name: "journald",
                // On Kubernetes no path: the journal library then searches /run/log/journal and /var/log/journal and skips
                // what a node lacks, where a named directory that is missing stops Promtail at start.
                journal: {
                    max_age: "12h",
                    ...(config.platform === "kubernetes" ? {} : { path: promtailPaths.journal }),
                    labels: { job: "systemd-journal" },
                },
                relabel_configs: [
                    { source_labels: ["__journal__systemd_unit"], target_label: "unit" },
                    { source_labels: ["__journal_priority_keyword"], target_label: "level" },
                ],
            },
            ...(config.platform === "kubernetes" ? [podLogsJobConfig(config)] : []),
        ],
    };
    return renderYaml(doc);
}

export function promtailArgs(): string[] {
    return [`-config.file=${promtailPaths.configFile}`];
}
