// promtail.yml: the seed's file and journal jobs, positions on a volume, pushing to the stack's Loki.
import { StackConfig } from "../config/types";
import { internalUrl } from "../render/endpoints";
import { renderYaml } from "../render/yaml";

export const promtailPaths = {
    configFile: "/etc/promtail/promtail.yml",
    positionsDir: "/var/lib/promtail",
    platformLogs: "/var/log/provisioning/*.log",
    journal: "/var/log/journal",
} as const;

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
                journal: { max_age: "12h", path: promtailPaths.journal, labels: { job: "systemd-journal" } },
                relabel_configs: [
                    { source_labels: ["__journal__systemd_unit"], target_label: "unit" },
                    { source_labels: ["__journal_priority_keyword"], target_label: "level" },
                ],
            },
        ],
    };
    return renderYaml(doc);
}

export function promtailArgs(): string[] {
    return [`-config.file=${promtailPaths.configFile}`];
}
