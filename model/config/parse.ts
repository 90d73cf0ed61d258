// Raw stack config (strings from Pulumi) -> validated, frozen StackConfig; every problem reported at once.
import { defaultImages, defaultPorts, defaultRunbookBaseUrl, PortName } from "./catalog";
import { keyName, readConfigValues } from "./config-values";
import {
    checkChannels,
    checkDependencies,
    checkHeartbeat,
    checkPortClashes,
    checkPrometheusClaimHoldsRetention,
    checkRetention,
    choosePlatformAlertsEvaluator,
} from "./cross-checks";
import { show } from "./messages";
import { placeholderProblems } from "./placeholders";
import { ConfigKey } from "./schema";
import { buildKubernetesSettings, buildPlatformTargets, orderComponents, platformDefaults } from "./settings";
import { PlatformName, StackConfig } from "./types";
import { componentNames } from "./catalog";

/** Raised for bad stack config: lists every offending key, its value and what is accepted. */
export class ConfigError extends Error {
    constructor(public readonly problems: readonly string[]) {
        super(`Invalid stack configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

/** How the caller knows which keys are stored in plain text (Pulumi's `secure:` values arrive decrypted), and what it refuses. */
export interface ParseOptions {
    /** Keys (`monitoring:<key>`) written in plain text in the stack file; a secret key among them is refused. */
    readonly plainTextKeys?: readonly string[];
    /**
     * Refuse documentation hosts (example.com) left in a kubernetes stack unless monitoring:allowPlaceholders is true.
     * The program (`pulumi up`) asks for it; `npm run render` and the tests that read the shipped stack files do not.
     */
    readonly refusePlaceholders?: boolean;
}

/**
 * Validates the raw config of one stack. `raw` maps `monitoring:<key>` (or bare `<key>`) to Pulumi's string value;
 * secret keys count as set when non-empty (their values never pass through here).
 */
export function parseStackConfig(raw: Readonly<Record<string, unknown>>, stack: string, options: ParseOptions = {}): StackConfig {
    const { values, secretsSet, scrapeCredentialJobs, invalid, problems } = readConfigValues(raw, options.plainTextKeys ?? []);
    const platform: PlatformName = values.platform ?? "docker";
    const components = orderComponents(values.components ?? componentNames);
    const ports = { ...defaultPorts, ...(values.ports ?? {}) } as Record<PortName, number>;
    const defaults = platformDefaults[platform];
    const channels = values.notificationChannels ?? [];
    // Checks across keys run only on keys that were valid or unset: an invalid one has its own line already.
    const valid = (...keys: ConfigKey[]) => keys.every((k) => !invalid.has(k));

    if (valid("components")) checkDependencies(components, problems);
    if (valid("components", "ports")) checkPortClashes(components, ports, problems);
    if (valid("lokiRetention")) checkRetention(values.lokiRetention ?? defaults.loki, "lokiRetention", problems);
    if (valid("notificationChannels")) checkChannels(channels, values, invalid, secretsSet, problems);
    const platformAlertsEvaluator = choosePlatformAlertsEvaluator(
        values.platformAlertsEvaluator,
        components,
        channels,
        valid("components", "notificationChannels") ? problems : [],
    );
    const kubernetes = buildKubernetesSettings(values, valid("resources") ? problems : []);
    const platformTargets = buildPlatformTargets(
        values.platformTargets,
        {
            platform,
            platformKnown: valid("platform"),
            namespacesKnown: valid("namespace", "clientNamespaces"),
            discoveryNamespaces: [kubernetes.namespace, ...kubernetes.clientNamespaces],
            clientNamespaces: kubernetes.clientNamespaces,
            credentialsSet: secretsSet.includes("scrapeCredentials"),
            credentialJobs: scrapeCredentialJobs,
        },
        problems,
    );
    // With an invalid platform, which one was meant is unknown: its platform-specific checks would guess.
    if (valid("platform")) {
        if (platform === "kubernetes" && kubernetes.namespace.length > 58) {
            problems.push(`${keyName("namespace")}: at most 58 characters, since the node agents run in <namespace>-node (got ${show(kubernetes.namespace)})`);
        }
        if (valid("storageSizes", "prometheusRetentionSize")) {
            checkPrometheusClaimHoldsRetention(kubernetes, values.prometheusRetentionSize ?? defaults.prometheusSize, platform, problems);
        }
        if (valid("components", "allowNoHeartbeat")) checkHeartbeat(platform, components, secretsSet, values.allowNoHeartbeat ?? false, problems);
        if (
            platform === "kubernetes" &&
            valid("components", "grafanaUrl", "grafanaIngress") &&
            components.includes("grafana") &&
            values.grafanaUrl === undefined &&
            values.grafanaIngress === undefined
        ) {
            problems.push(
                `${keyName("grafanaUrl")}: on kubernetes the Pulumi CLI must reach Grafana to manage its dashboards and alerts; ` +
                    "set grafanaUrl (e.g. http://localhost:3000 through kubectl port-forward) or grafanaIngress (not set)",
            );
        }
        if (platform === "docker" && (values.prometheusReplicas ?? 1) !== 1) {
            problems.push(
                `${keyName("prometheusReplicas")}: the docker platform runs one Prometheus; two need platform kubernetes (got ${values.prometheusReplicas})`,
            );
        }
        if (platform === "docker" && (values.alertmanagerReplicas ?? 1) !== 1) {
            problems.push(
                `${keyName("alertmanagerReplicas")}: the docker platform runs one Alertmanager; more need platform kubernetes (got ${values.alertmanagerReplicas})`,
            );
        }
    }

    const config: StackConfig = {
        stack,
        platform,
        cluster: values.cluster ?? `provisioning-${stack}`,
        components,
        ports,
        bindAddress: values.bindAddress ?? "127.0.0.1",
        externalHost: values.externalHost ?? "localhost",
        scrapeInterval: values.scrapeInterval ?? "15s",
        evaluationInterval: values.evaluationInterval ?? "15s",
        retention: {
            prometheusTime: values.prometheusRetentionTime ?? defaults.prometheusTime,
            prometheusSize: values.prometheusRetentionSize ?? defaults.prometheusSize,
            loki: values.lokiRetention ?? defaults.loki,
            tempo: values.tempoRetention ?? defaults.tempo,
        },
        platformTargets,
        remoteWrite: values.remoteWrite ?? [],
        images: { ...defaultImages, ...(values.images ?? {}) },
        grafanaAdminUser: values.grafanaAdminUser ?? "admin",
        notifications: {
            channels: [...channels].sort(),
            email: channels.includes("email")
                ? { to: values.alertEmailTo!, from: values.alertEmailFrom!, smarthost: values.smtpSmarthost!, username: values.smtpUsername } // checkChannels refused it unset
                : undefined,
            slackChannel: channels.includes("slack") ? values.slackChannel : undefined,
        },
        secretsSet: [...secretsSet].sort(),
        dockerHost: values.dockerHost,
        retainDataOnDestroy: values.retainDataOnDestroy ?? true,
        platformAlertsEvaluator,
        grafanaUrl: values.grafanaUrl,
        runbookBaseUrl: (values.runbookBaseUrl ?? defaultRunbookBaseUrl).replace(/\/+$/, ""),
        maintenanceWindows: values.maintenanceWindows ?? [],
        alertmanagerReplicas: values.alertmanagerReplicas ?? defaults.alertmanagerReplicas,
        prometheusReplicas: values.prometheusReplicas ?? defaults.prometheusReplicas,
        kubernetes,
        logAgent: values.logAgent ?? "promtail",
        allowPlaceholders: values.allowPlaceholders ?? false,
        allowNoHeartbeat: values.allowNoHeartbeat ?? false,
    };
    // Checked on the finished config, so a placeholder is listed with every other problem at once.
    if (options.refusePlaceholders && platform === "kubernetes") problems.push(...placeholderProblems(config));
    if (problems.length > 0) throw new ConfigError(problems);
    return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object") {
        Object.values(value).forEach(deepFreeze);
        Object.freeze(value);
    }
    return value;
}
