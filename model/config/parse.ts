// Raw stack config (strings from Pulumi) -> validated, frozen StackConfig; every problem reported at once.
import { z } from "zod";
import {
    ComponentName,
    componentDependencies,
    componentNames,
    defaultImages,
    defaultPorts,
    platformScrapeInterval,
    PortName,
    portOwners,
    seedPlatformJobs,
} from "./catalog";
import { durationSeconds } from "./durations";
import { cpuMillis, prometheusSizeBytes, quantityBytes } from "./quantities";
import { defaultResources, defaultStorageSizes, ResourceRequirements } from "./sizing";
import { channelRequirements, ConfigKey, configKeySchemas, NotificationChannel, SecretKey, secretKeys } from "./schema";
import { KubernetesSettings, PlatformName, PlatformTarget, StackConfig } from "./types";
import { defaultRunbookBaseUrl } from "./catalog";
import { closest, nonAsciiNote, show, stringsIn } from "./messages";
import { placeholderProblems } from "./placeholders";

export const configNamespace = "monitoring";

/** Raised for bad stack config: lists every offending key, its value and what is accepted. */
export class ConfigError extends Error {
    constructor(public readonly problems: readonly string[]) {
        super(`Invalid stack configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

/** Keys whose value Pulumi hands over as JSON text (lists, objects, booleans). */
const jsonKeys: ReadonlySet<ConfigKey> = new Set([
    "components",
    "ports",
    "platformTargets",
    "remoteWrite",
    "images",
    "notificationChannels",
    "retainDataOnDestroy",
    "maintenanceWindows",
    "storageSizes",
    "resources",
    "grafanaIngress",
    "alertmanagerReplicas",
    "prometheusReplicas",
    "clientNamespaces",
    "allowPlaceholders",
]);

/** Per-platform defaults: a local dev engine keeps a week, a cluster keeps the seed's 30 days. */
const platformDefaults: Record<
    PlatformName,
    { prometheusTime: string; prometheusSize?: string; loki: string; tempo: string; alertmanagerReplicas: number; prometheusReplicas: number }
> = {
    docker: { prometheusTime: "7d", loki: "168h", tempo: "72h", alertmanagerReplicas: 1, prometheusReplicas: 1 },
    // Three Alertmanagers survive the loss of one node while their gossip still deduplicates notifications.
    // Two Prometheus replicas as kube-prometheus runs them: one keeps scraping and alerting while the other restarts.
    kubernetes: { prometheusTime: "30d", prometheusSize: "50GB", loki: "720h", tempo: "336h", alertmanagerReplicas: 3, prometheusReplicas: 2 },
};

/** "", [], {} and 0: the defaults Pulumi.yaml declares, standing for "not set" (the per-platform default applies). */
export function isEmptyValue(value: unknown): boolean {
    if (value === "" || value === 0) return true;
    if (Array.isArray(value)) return value.length === 0;
    return value !== null && typeof value === "object" && Object.keys(value).length === 0;
}

/** Each key's value as its schema returns it. */
type ConfigValues = { -readonly [K in ConfigKey]?: z.output<(typeof configKeySchemas)[K]> };

/** What the secret's `pulumi config set --secret` command takes in place of the value (never the value itself). */
const secretPlaceholders: Readonly<Record<SecretKey, string>> = {
    grafanaAdminPassword: "<password>",
    pagerdutyServiceKey: "<integration-key>",
    slackWebhookUrl: "<webhook-url>",
    smtpPassword: "<password>",
    deadMansSwitchUrl: "<heartbeat-url>",
};

export function setSecretCommand(key: SecretKey): string {
    return `pulumi config set --secret ${keyName(key)} ${secretPlaceholders[key]}`;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
    return path.reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined), value);
}

function keyName(key: string, path: readonly PropertyKey[] = []): string {
    return `${configNamespace}:${key}${path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}`;
}

function issueLine(key: ConfigKey, issue: z.core.$ZodIssue, decoded: unknown, where: string): string {
    if (issue.code === "unrecognized_keys") {
        const fields = acceptedFields(key, issue.path);
        const names = issue.keys.map((k) => {
            const suggestion = closest(k, fields);
            return suggestion ? `${k} (did you mean ${suggestion}?)` : k;
        });
        return `${where}: unknown field ${names.join(", ")}; accepted: ${fields.join(", ")}${nonAsciiNote(issue.keys.join(""))}`;
    }
    const value = valueAt(decoded, issue.path);
    const note =
        stringsIn(value)
            .map(nonAsciiNote)
            .find((n) => n !== "") ?? "";
    return `${where}: ${issue.message} (got ${show(value)})${note}`;
}

function decode(key: ConfigKey, text: unknown, problems: string[]): unknown {
    if (typeof text !== "string" || !jsonKeys.has(key)) return text;
    try {
        return JSON.parse(text);
    } catch {
        problems.push(`${keyName(key)}: expected a YAML list, object or boolean (got ${show(text)})`);
        return undefined;
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
    const problems: string[] = [];
    const values: ConfigValues = {};
    const secretsSet: SecretKey[] = [];
    // Keys given with a value their schema refuses: reported once, never again as "not set" by a check that needs them.
    const invalid = new Set<ConfigKey>();
    const plainText = new Set((options.plainTextKeys ?? []).map((k) => (k.includes(":") ? k : `${configNamespace}:${k}`)));
    const knownKeys = [...Object.keys(configKeySchemas), ...secretKeys];

    for (const [fullKey, text] of Object.entries(raw).sort(([a], [b]) => a.localeCompare(b))) {
        const [namespace, key] = fullKey.includes(":") ? fullKey.split(":", 2) : [configNamespace, fullKey];
        if (namespace !== configNamespace) continue;
        if ((secretKeys as readonly string[]).includes(key)) {
            const secretKey = key as SecretKey;
            if (plainText.has(`${configNamespace}:${key}`)) {
                // The value is never echoed: it is a secret, now in the repository's history.
                problems.push(`${keyName(key)}: a secret must not be written in plain text in the stack file; encrypt it with: ${setSecretCommand(secretKey)}`);
            }
            // A plain-text secret is still set: "not set" would contradict the line above.
            if (typeof text === "string" && text.length > 0) secretsSet.push(secretKey);
            continue;
        }
        if (!(key in configKeySchemas)) {
            const suggestion = closest(key, knownKeys);
            const hint = suggestion ? `did you mean ${suggestion}?` : `accepted keys: ${[...knownKeys].sort().join(", ")}`;
            problems.push(`${keyName(key)}: unknown key (${hint})${nonAsciiNote(key)}`);
            continue;
        }
        const configKey = key as ConfigKey;
        const decoded = decode(configKey, text, problems);
        if (decoded === undefined) {
            invalid.add(configKey);
            continue;
        }
        // Pulumi.yaml declares every key with its empty value as default (Pulumi demands a value otherwise): empty means unset.
        if (isEmptyValue(decoded)) continue;
        const result = (configKeySchemas[configKey] as z.ZodType).safeParse(decoded);
        if (result.success) {
            (values as Record<ConfigKey, unknown>)[configKey] = result.data;
            continue;
        }
        invalid.add(configKey);
        const reported = new Set<string>();
        for (const issue of result.error.issues) {
            const where = keyName(configKey, issue.path);
            // One line per value: a second complaint about the same value adds nothing the first did not say.
            if (reported.has(where)) continue;
            reported.add(where);
            problems.push(issueLine(configKey, issue, decoded, where));
        }
    }
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
    const platformTargets = buildPlatformTargets(values.platformTargets, platform, problems);
    if (valid("notificationChannels")) checkChannels(channels, values, invalid, secretsSet, problems);
    const platformAlertsEvaluator = choosePlatformAlertsEvaluator(
        values.platformAlertsEvaluator,
        components,
        channels,
        valid("components", "notificationChannels") ? problems : [],
    );
    const kubernetes = buildKubernetesSettings(values, valid("resources") ? problems : []);
    // With an invalid platform, which one was meant is unknown: its platform-specific checks would guess.
    if (valid("platform")) {
        if (platform === "kubernetes" && kubernetes.namespace.length > 58) {
            problems.push(`${keyName("namespace")}: at most 58 characters, since the node agents run in <namespace>-node (got ${show(kubernetes.namespace)})`);
        }
        if (valid("storageSizes", "prometheusRetentionSize")) {
            checkPrometheusClaimHoldsRetention(kubernetes, values.prometheusRetentionSize ?? defaults.prometheusSize, platform, problems);
        }
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
    };
    // Checked on the finished config, so a placeholder is listed with every other problem at once.
    if (options.refusePlaceholders && platform === "kubernetes") problems.push(...placeholderProblems(config));
    if (problems.length > 0) throw new ConfigError(problems);
    return deepFreeze(config);
}

/**
 * Grafana evaluates the platform's alerts when it is deployed and can deliver them (a channel, or the stack's
 * Alertmanager to hand them to); otherwise Prometheus does. An explicit choice that cannot work is an error.
 */
function choosePlatformAlertsEvaluator(
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

/** Field names of the object at `path` inside a key's schema (the object itself, or a list's element). */
function acceptedFields(key: ConfigKey, path: readonly PropertyKey[]): string[] {
    const unwrap = (t: z.core.$ZodType): z.core.$ZodType => (t instanceof z.ZodOptional ? unwrap(t.unwrap()) : t);
    let schema = unwrap(configKeySchemas[key]);
    if (schema instanceof z.ZodArray && path.length === 0) schema = unwrap(schema.element);
    for (const step of path) {
        if (schema instanceof z.ZodArray) schema = unwrap(schema.element);
        else if (schema instanceof z.ZodObject) schema = unwrap(schema.shape[String(step)] ?? schema);
    }
    return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function orderComponents(list: readonly ComponentName[]): ComponentName[] {
    return componentNames.filter((c) => list.includes(c));
}

function checkDependencies(components: readonly ComponentName[], problems: string[]): void {
    for (const component of components) {
        for (const needed of componentDependencies[component]) {
            if (!components.includes(needed)) {
                problems.push(`${keyName("components")}: ${component} needs ${needed}; add ${needed} or remove ${component} (got ${show(components)})`);
            }
        }
    }
}

function checkPortClashes(components: readonly ComponentName[], ports: Record<PortName, number>, problems: string[]): void {
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

function checkRetention(value: string, key: ConfigKey, problems: string[]): void {
    const seconds = durationSeconds(value);
    if (seconds < 24 * 3600 || seconds % (24 * 3600) !== 0) {
        problems.push(`${keyName(key)}: expected a whole number of days of at least 24h, since Loki's index period is 24h (got ${show(value)})`);
    }
}

function buildPlatformTargets(list: ConfigValues["platformTargets"], platform: PlatformName, problems: string[]): PlatformTarget[] {
    // Containers reach services on the Docker host through host.docker.internal; in a cluster they are Services.
    const seedHost = platform === "docker" ? "host.docker.internal" : undefined;
    const given: NonNullable<ConfigValues["platformTargets"]> =
        list ?? seedPlatformJobs.map((j) => ({ job: j.job, targets: [`${seedHost ?? j.job}:${j.port}`], scrapeInterval: platformScrapeInterval }));
    const reserved = new Set<string>(componentNames);
    const seen = new Set<string>();
    given.forEach((t, i) => {
        if (seen.has(t.job) || reserved.has(t.job)) {
            problems.push(`${keyName("platformTargets", [i, "job"])}: job names must be unique and not a component name (got ${show(t.job)})`);
        }
        seen.add(t.job);
    });
    return given.map((t) => ({
        job: t.job,
        targets: [...t.targets],
        metricsPath: t.metricsPath ?? "/metrics",
        scheme: t.scheme ?? "http",
        ...(t.scrapeInterval ? { scrapeInterval: t.scrapeInterval } : {}),
    }));
}

function checkChannels(
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

/** Kubernetes settings with defaults filled in; a request above its limit is an error the scheduler would give later. */
function buildKubernetesSettings(values: ConfigValues, problems: string[]): KubernetesSettings {
    const resources = Object.fromEntries(
        componentNames.map((c) => {
            const given = values.resources?.[c] ?? {};
            const merged: ResourceRequirements = {
                requests: { ...defaultResources[c].requests, ...(given.requests ?? {}) },
                limits: { ...defaultResources[c].limits, ...(given.limits ?? {}) },
            };
            if (cpuMillis(merged.requests.cpu) > cpuMillis(merged.limits.cpu)) {
                problems.push(
                    `${keyName("resources", [c])}: CPU request ${merged.requests.cpu} is above its limit ${merged.limits.cpu}; a request must not exceed the limit`,
                );
            }
            if (quantityBytes(merged.requests.memory) > quantityBytes(merged.limits.memory)) {
                problems.push(
                    `${keyName("resources", [c])}: memory request ${merged.requests.memory} is above its limit ${merged.limits.memory}; a request must not exceed the limit`,
                );
            }
            return [c, merged];
        }),
    ) as Record<ComponentName, ResourceRequirements>;
    const ingress = values.grafanaIngress;
    return {
        namespace: values.namespace ?? "monitoring",
        ...(values.storageClass ? { storageClass: values.storageClass } : {}),
        storageSizes: { ...defaultStorageSizes, ...(values.storageSizes ?? {}) },
        resources,
        ...(ingress
            ? {
                  grafanaIngress: {
                      ...ingress,
                      controllerNamespace: ingress.controllerNamespace ?? "ingress-nginx",
                      annotations: sortedRecord(ingress.annotations ?? {}),
                  },
              }
            : {}),
        clientNamespaces: [...new Set<string>(values.clientNamespaces ?? ["provisioning"])].sort(),
        ...(values.kubeContext ? { kubeContext: values.kubeContext } : {}),
    };
}

/** Prometheus stops writing when its disk is full, long before a retention size larger than the claim deletes anything. */
function checkPrometheusClaimHoldsRetention(k8s: KubernetesSettings, size: string | undefined, platform: PlatformName, problems: string[]): void {
    if (platform !== "kubernetes" || size === undefined) return;
    if (prometheusSizeBytes(size) >= quantityBytes(k8s.storageSizes.prometheus)) {
        problems.push(
            `${keyName("storageSizes", ["prometheus"])}: the claim (${k8s.storageSizes.prometheus}) must be larger than prometheusRetentionSize (${size}), ` +
                "with room for the WAL and compaction",
        );
    }
}

/** Keys sorted, so the same config gives the same bytes. */
function sortedRecord(record: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object") {
        Object.values(value).forEach(deepFreeze);
        Object.freeze(value);
    }
    return value;
}
