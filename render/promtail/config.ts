// promtail.yml: the guide's file and journal jobs, positions on a volume, pushing to the stack's Loki.
import { LabelRule, LogAgentConfig, LogShippingSpec, logShippingSpec } from "./log-spec";
import { renderYaml } from "../format/yaml";

export const promtailPaths = { configFile: "/etc/promtail/promtail.yml", positionsDir: "/var/lib/promtail" } as const;

/** Promtail's relabel_configs entry for a rule of the spec. */
function relabel(rule: LabelRule): Record<string, unknown> {
    return {
        ...(rule.sourceLabels ? { source_labels: [...rule.sourceLabels] } : {}),
        ...(rule.separator !== undefined ? { separator: rule.separator } : {}),
        ...(rule.sourceLabels ? {} : { target_label: rule.targetLabel }),
        ...(rule.replacement !== undefined ? { replacement: rule.replacement } : {}),
        ...(rule.sourceLabels ? { target_label: rule.targetLabel } : {}),
    };
}

/**
 * On Kubernetes: the logs of every pod in the discovery namespaces that runs on Promtail's own node (Promtail keeps
 * targets whose __host__ is its HOSTNAME), read from the kubelet's files in the CRI format.
 */
function podLogsJobConfig(pods: NonNullable<LogShippingSpec["pods"]>): Record<string, unknown> {
    return {
        job_name: pods.job,
        kubernetes_sd_configs: [{ role: "pod", namespaces: { names: [...pods.namespaces] } }],
        pipeline_stages: [{ cri: {} }],
        relabel_configs: [{ source_labels: ["__meta_kubernetes_pod_node_name"], target_label: "__host__" }, ...pods.rules.map(relabel)],
    };
}

export function renderPromtailConfig(config: LogAgentConfig): string {
    const spec = logShippingSpec(config);
    const doc = {
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
                relabel_configs: spec.journal.rules.map(relabel),
            },
            ...(spec.pods ? [podLogsJobConfig(spec.pods)] : []),
        ],
    };
    return renderYaml(doc);
}
