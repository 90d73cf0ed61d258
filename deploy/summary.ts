// What a person reads at the end of a deploy and before a destroy (pure).
import { setSecretCommand } from "../model/config/parse";
import { StackConfig } from "../model/config/types";

/** Stack outputs that are addresses people and services use, in the order they are shown. */
const shownOutputs: readonly [key: string, label: string][] = [
    ["grafanaUrl", "Grafana"],
    ["prometheusUrl", "Prometheus"],
    ["alertmanagerUrl", "Alertmanager"],
    ["lokiUrl", "Loki"],
    ["lokiPushUrl", "Loki push"],
    ["tempoUrl", "Tempo"],
    ["otlpGrpcEndpoint", "OTLP gRPC"],
    ["otlpHttpEndpoint", "OTLP HTTP"],
];

/** The stack's URLs and how to get the Grafana password; `prefix` makes the command find the same backend. */
export function deploySummary(stack: string, outputs: Readonly<Record<string, { value: unknown; secret?: boolean }>>, prefix: string): string[] {
    const lines = [`stack ${stack} is up:`];
    for (const [key, label] of shownOutputs) {
        const value = outputs[key]?.value;
        if (typeof value === "string") lines.push(`  ${label.padEnd(13)}${value}`);
    }
    if (outputs.grafanaAdminPassword !== undefined) {
        const user = typeof outputs.grafanaAdminUser?.value === "string" ? outputs.grafanaAdminUser.value : "admin";
        lines.push(`Grafana user ${user}; its password: ${prefix}pulumi stack output grafanaAdminPassword --show-secrets --stack ${stack}`);
    }
    lines.push(`all outputs: ${prefix}pulumi stack output --stack ${stack}`);
    return lines;
}

/**
 * Said after every deploy of a stack whose Watchdog goes nowhere (Alertmanager without monitoring:deadMansSwitchUrl):
 * nothing outside the stack hears from it, so a dead Prometheus or Alertmanager goes unnoticed.
 */
export function heartbeatNote(config: StackConfig): string[] {
    if (!config.components.includes("alertmanager") || config.secretsSet.includes("deadMansSwitchUrl")) return [];
    return [
        "No heartbeat leaves this stack: monitoring:deadMansSwitchUrl is not set, so the Watchdog goes to a blackhole and nobody is told " +
            `when Prometheus or Alertmanager dies (set it with: ${setSecretCommand("deadMansSwitchUrl")}).`,
    ];
}

/** What `destroy` leaves behind, from monitoring:retainDataOnDestroy and the platform. */
export function keptData(config: StackConfig): string[] {
    if (!config.retainDataOnDestroy) {
        return [
            "monitoring:retainDataOnDestroy is false: destroy DELETES the stack's data " +
                (config.platform === "docker" ? "(its Docker volumes)." : "(its namespace, claims and StatefulSets)."),
        ];
    }
    if (config.platform === "docker") {
        return [
            "Data is kept (monitoring:retainDataOnDestroy: true): the Docker volumes of Prometheus, Grafana, Loki, Tempo, Alertmanager and Promtail stay,",
            "and the next deploy of this stack uses them again. To delete them on purpose afterwards:",
            `  docker volume rm $(docker volume ls -q --filter label=org.provisioning.monitoring.stack=${config.stack})`,
        ];
    }
    const ns = config.namespace;
    return [
        `Data is kept (monitoring:retainDataOnDestroy: true): namespace ${ns}, Grafana's claim and the Prometheus, Alertmanager,`,
        "Loki and Tempo StatefulSets with their claims stay in the cluster (Pulumi's retainOnDelete). To delete them on purpose afterwards:",
        `  kubectl -n ${ns} delete statefulset prometheus alertmanager loki tempo && kubectl -n ${ns} delete pvc --all && kubectl delete namespace ${ns}`,
    ];
}
