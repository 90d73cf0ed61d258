// Checks across keys, run once every key has been read on its own: what one key's value means for another.
import { ComponentName, componentDependencies, PortName, portOwners } from "./catalog";
import { keyName, setSecretCommand, ConfigValues } from "./config-values";
import { durationSeconds } from "./durations";
import { show } from "./messages";
import { prometheusSizeBytes, quantityBytes } from "./quantities";
import { channelRequirements, ConfigKey, NotificationChannel, SecretKey } from "./schema";
import { KubernetesSettings, PlatformName } from "./types";

/**
 * Grafana evaluates the platform's alerts when it is deployed and can deliver them (a channel, or the stack's
 * Alertmanager to hand them to); otherwise Prometheus does. An explicit choice that cannot work is an error.
 */
export function choosePlatformAlertsEvaluator(
    chosen: "grafana" | "prometheus" | undefined,
    components: readonly ComponentName[],
    channels: readonly string[],
    problems: string[],
): "grafana" | "prometheus" {
    const grafanaCanDeliver = components.includes("grafana") && (channels.length > 0 || components.includes("alertmanager"));
    if (chosen === "grafana" && !components.includes("grafana")) {
        problems.push(`${keyName("platformAlertsEvaluator")}: grafana needs the grafana component; add it or use prometheus (got "grafana")`);
    } else if (chosen === "grafana" && !grafanaCanDeliver) {
        problems.push(
            `${keyName("platformAlertsEvaluator")}: Grafana-evaluated alerts need somewhere to go: enable a notificationChannel or deploy alertmanager (got "grafana")`,
        );
    }
    if (chosen === "prometheus" && !components.includes("prometheus")) {
        problems.push(`${keyName("platformAlertsEvaluator")}: prometheus needs the prometheus component (got "prometheus")`);
    }
    return chosen ?? (grafanaCanDeliver ? "grafana" : "prometheus");
}

export function checkDependencies(components: readonly ComponentName[], problems: string[]): void {
    for (const component of components) {
        for (const needed of componentDependencies[component]) {
            if (!components.includes(needed)) {
                problems.push(`${keyName("components")}: ${component} needs ${needed}; add ${needed} or remove ${component} (got ${show(components)})`);
            }
        }
    }
}

export function checkPortClashes(components: readonly ComponentName[], ports: Record<PortName, number>, problems: string[]): void {
    const byPort = new Map<number, PortName[]>();
    for (const name of Object.keys(ports) as PortName[]) {
        if (!components.includes(portOwners[name])) continue;
        byPort.set(ports[name], [...(byPort.get(ports[name]) ?? []), name]);
    }
    for (const [port, names] of byPort) {
        if (names.length > 1) {
            problems.push(`${keyName("ports")}: port ${port} is used by ${names.join(" and ")}; each port must be used once`);
        }
    }
}

export function checkRetention(value: string, key: ConfigKey, problems: string[]): void {
    const seconds = durationSeconds(value);
    if (seconds < 24 * 3600 || seconds % (24 * 3600) !== 0) {
        problems.push(`${keyName(key)}: expected a whole number of days of at least 24h, since Loki's index period is 24h (got ${show(value)})`);
    }
}

export function checkChannels(
    channels: readonly NotificationChannel[],
    values: ConfigValues,
    invalid: ReadonlySet<ConfigKey>,
    secretsSet: SecretKey[],
    problems: string[],
): void {
    for (const channel of channels) {
        for (const key of channelRequirements[channel].settings) {
            if (values[key] === undefined && !invalid.has(key)) {
                problems.push(`${keyName(key)}: required because notificationChannels includes ${channel} (not set)`);
            }
        }
        for (const key of channelRequirements[channel].secrets) {
            if (!secretsSet.includes(key)) {
                problems.push(
                    `${keyName(key)}: required secret because notificationChannels includes ${channel} (not set); ` + `set it with: ${setSecretCommand(key)}`,
                );
            }
        }
    }
}

/**
 * A kubernetes stack with Alertmanager must send the Watchdog to a heartbeat outside it (monitoring:deadMansSwitchUrl):
 * otherwise it goes to a blackhole, and when Prometheus or Alertmanager dies nobody is told. An explicit opt-out allows it.
 */
export function checkHeartbeat(
    platform: PlatformName,
    components: readonly ComponentName[],
    secretsSet: readonly SecretKey[],
    allowNoHeartbeat: boolean,
    problems: string[],
): void {
    if (platform !== "kubernetes" || !components.includes("alertmanager") || secretsSet.includes("deadMansSwitchUrl") || allowNoHeartbeat) return;
    problems.push(
        `${keyName("deadMansSwitchUrl")}: required secret on kubernetes, or the Watchdog goes to a blackhole and a dead Prometheus or ` +
            `Alertmanager pages no one (not set); set it with: ${setSecretCommand("deadMansSwitchUrl")} ` +
            `(or ${keyName("allowNoHeartbeat")}: true to deploy without a heartbeat)`,
    );
}

/** Prometheus stops writing when its disk is full, long before a retention size larger than the claim deletes anything. */
export function checkPrometheusClaimHoldsRetention(k8s: KubernetesSettings, size: string | undefined, platform: PlatformName, problems: string[]): void {
    if (platform !== "kubernetes" || size === undefined) return;
    if (prometheusSizeBytes(size) >= quantityBytes(k8s.storageSizes.prometheus)) {
        problems.push(
            `${keyName("storageSizes", ["prometheus"])}: the claim (${k8s.storageSizes.prometheus}) must be larger than prometheusRetentionSize (${size}), ` +
                "with room for the WAL and compaction",
        );
    }
}
