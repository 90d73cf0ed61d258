// What the log agent ships, and with which labels, once: promtail.yml and Alloy's config.alloy are both rendered from
// this, so dashboards and derived fields (job, unit, level, namespace, pod, container, cluster) work whichever agent runs.
import { profileOf } from "../../model/config/platforms";
import { ConfigSlice } from "../../model/config/types";
import { discoveryNamespaces, nodeAgentUrl } from "../../model/endpoints";

export type LogAgentConfig = ConfigSlice<"platform" | "ports" | "cluster" | "namespace" | "clientNamespaces">;

/** One relabelling rule in Prometheus' terms (Promtail's relabel_configs, Alloy's rule blocks). */
export interface LabelRule {
    readonly sourceLabels?: readonly string[];
    readonly separator?: string;
    readonly replacement?: string;
    readonly targetLabel: string;
}

export interface LogShippingSpec {
    readonly listenPort: number;
    readonly pushUrl: string;
    readonly externalLabels: Readonly<Record<string, string>>;
    /** The guide's platform log files. */
    readonly files: { readonly job: string; readonly path: string };
    /** The systemd journal; no `path` means the journal library's own search (/run/log/journal, /var/log/journal). */
    readonly journal: { readonly job: string; readonly maxAge: string; readonly path?: string; readonly rules: readonly LabelRule[] };
    /** Kubernetes only: the pods of the discovery namespaces on the agent's own node, from the kubelet's CRI log files. */
    readonly pods?: { readonly job: string; readonly namespaces: readonly string[]; readonly rules: readonly LabelRule[] };
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

export function logShippingSpec(config: LogAgentConfig): LogShippingSpec {
    const { clusterApi, createsMissingHostPaths } = profileOf(config);
    return {
        listenPort: config.ports.promtail,
        pushUrl: `${nodeAgentUrl(config, "loki", config.ports.loki)}/loki/api/v1/push`,
        externalLabels: { cluster: config.cluster },
        files: { job: "varlogs", path: logPaths.platformLogs },
        journal: {
            job: "systemd-journal",
            maxAge: "12h",
            // Where the platform mounts the volatile journal too (creating what a node lacks), no path: the journal library
            // then searches both; elsewhere only the persistent one, as a missing bind would stop the agent at start.
            ...(createsMissingHostPaths ? {} : { path: logPaths.journal }),
            rules: [
                { sourceLabels: ["__journal__systemd_unit"], targetLabel: "unit" },
                { sourceLabels: ["__journal_priority_keyword"], targetLabel: "level" },
            ],
        },
        ...(clusterApi
            ? {
                  pods: {
                      job: podLogsJob,
                      namespaces: discoveryNamespaces(config),
                      rules: [
                          { sourceLabels: ["__meta_kubernetes_namespace"], targetLabel: "namespace" },
                          { sourceLabels: ["__meta_kubernetes_pod_name"], targetLabel: "pod" },
                          { sourceLabels: ["__meta_kubernetes_pod_container_name"], targetLabel: "container" },
                          { targetLabel: "job", replacement: podLogsJob },
                          {
                              sourceLabels: ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"],
                              separator: "/",
                              replacement: `${logPaths.podLogs}/*$1/*.log`,
                              targetLabel: "__path__",
                          },
                      ],
                  },
              }
            : {}),
    };
}
