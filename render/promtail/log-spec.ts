// What the log agent ships, with which labels, once: promtail.yml (here) and config.alloy come from it, so dashboards and derived fields work either way.
import { profileOf } from "../../model/config/platforms";
import { ConfigSlice } from "../../model/config/types";
import { discoveryNamespaces, nodeAgentUrl } from "../../model/endpoints";
import { renderYaml } from "../format/yaml";

export type LogAgentConfig = ConfigSlice<"platform" | "ports" | "cluster" | "namespace" | "clientNamespaces">;

/** One relabelling rule in Prometheus' terms, as Promtail's relabel_configs take it (Alloy's rule blocks name the same fields). */
export interface LabelRule {
    readonly source_labels?: readonly string[];
    readonly separator?: string;
    readonly replacement?: string;
    readonly target_label: string;
}

export const logPaths = {
    platformLogs: "/var/log/provisioning/*.log",
    journal: "/var/log/journal",
    /** The volatile journal (journald's Storage=volatile, or before its flush to /var/log/journal). */
    runtimeJournal: "/run/log/journal",
    podLogs: "/var/log/pods",
} as const;

/** Stream label of the pod logs (beside the guide's `varlogs` and `systemd-journal`). */
export const podLogsJob = "kubernetes-pods";

/** The guide's platform log files, the systemd journal and, where there is a cluster API, the discovery namespaces' pods on the agent's own node. */
export function logShippingSpec(config: LogAgentConfig) {
    const { clusterApi, createsMissingHostPaths } = profileOf(config);
    return {
        listenPort: config.ports.promtail,
        pushUrl: `${nodeAgentUrl(config, "loki", config.ports.loki)}/loki/api/v1/push`,
        externalLabels: { cluster: config.cluster },
        files: { job: "varlogs", path: logPaths.platformLogs },
        journal: {
            job: "systemd-journal",
            maxAge: "12h",
            // No path where the platform also mounts the volatile journal (the library searches both); else the persistent one: a missing bind stops the agent.
            ...(createsMissingHostPaths ? {} : { path: logPaths.journal }),
            rules: [
                { source_labels: ["__journal__systemd_unit"], target_label: "unit" },
                { source_labels: ["__journal_priority_keyword"], target_label: "level" },
            ],
        },
        ...(clusterApi
            ? {
                  pods: {
                      job: podLogsJob,
                      namespaces: discoveryNamespaces(config),
                      rules: [
                          { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
                          { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
                          { source_labels: ["__meta_kubernetes_pod_container_name"], target_label: "container" },
                          { target_label: "job", replacement: podLogsJob },
                          {
                              source_labels: ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"],
                              separator: "/",
                              replacement: `${logPaths.podLogs}/*$1/*.log`,
                              target_label: "__path__",
                          },
                      ],
                  },
              }
            : {}),
    };
}

export const promtailPaths = { configFile: "/etc/promtail/promtail.yml", positionsDir: "/var/lib/promtail" } as const;

/** The discovery namespaces' pods on Promtail's own node (it keeps targets whose __host__ is its HOSTNAME), read from the kubelet's files (CRI format). */
function podLogsJobConfig(pods: NonNullable<ReturnType<typeof logShippingSpec>["pods"]>): Record<string, unknown> {
    return {
        job_name: pods.job,
        kubernetes_sd_configs: [{ role: "pod", namespaces: { names: [...pods.namespaces] } }],
        pipeline_stages: [{ cri: {} }],
        relabel_configs: [{ source_labels: ["__meta_kubernetes_pod_node_name"], target_label: "__host__" }, ...pods.rules],
    };
}

export function renderPromtailConfig(config: LogAgentConfig): string {
    const spec = logShippingSpec(config);
    return renderYaml({
        server: { http_listen_port: spec.listenPort, grpc_listen_port: 0 },
        // Positions on the data volume: a replaced container resumes where it stopped instead of re-shipping.
        positions: { filename: `${promtailPaths.positionsDir}/positions.yaml` },
        clients: [{ url: spec.pushUrl, external_labels: { ...spec.externalLabels } }],
        scrape_configs: [
            {
                job_name: "system",
                static_configs: [{ targets: ["localhost"], labels: { job: spec.files.job, __path__: spec.files.path } }],
            },
            {
                job_name: "journald",
                journal: { max_age: spec.journal.maxAge, ...(spec.journal.path ? { path: spec.journal.path } : {}), labels: { job: spec.journal.job } },
                relabel_configs: spec.journal.rules,
            },
            ...(spec.pods ? [podLogsJobConfig(spec.pods)] : []),
        ],
    });
}
