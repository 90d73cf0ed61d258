// Raw stack config (strings from Pulumi) -> validated, frozen StackConfig: each key on its own against its schema (did
// you mean, one line per problem), then the defaults of schema.ts, then the checks across keys; every problem at once.
import { z } from "zod";
import { componentDependencies, componentNames, PortName, publishedPortNames, workloadNames } from "./catalog";
import { durationSeconds } from "./durations";
import { closest, configNamespace, HasEntry, keyName, missingEntryText, nonAsciiNote, Say, setSecretCommand, show, stringsIn } from "./messages";
import { placeholderProblems } from "./placeholders";
import { objectStorageProblems, thanosProblems } from "./object-storage";
import { remoteWriteProblems } from "./remote-write";
import { isSupportedTempoImage, supportedTempoMajors } from "./tempo-version";
import { platformProfiles } from "./platforms";
import { cpuMillis, prometheusSizeBytes, quantityBytes } from "./quantities";
import { channelRequirements, ConfigKey, configKeys, configType, PlatformName, SecretKey, secretKeys, secrets, unwrapped } from "./schema";
import { prometheusOperatorProblems, teamProblems } from "./teams";
import { PlatformTarget, StackConfig } from "./types";
import { parsedJson } from "../common/parsed-json";

/** Raised for bad stack config: lists every offending key, its value and what is accepted. */
export class ConfigError extends Error {
    constructor(public readonly problems: readonly string[]) {
        super(`Invalid stack configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

export interface ParseOptions {
    /** Keys (`monitoring:<key>`) written in plain text in the stack file; a secret key among them is refused. */
    readonly plainTextKeys?: readonly string[];
    /** Refuse documentation hosts (example.com) on a production platform unless monitoring:allowPlaceholders (the program asks for it). */
    readonly refusePlaceholders?: boolean;
}

/** "", [], {} and 0: the defaults Pulumi.yaml declares, standing for "not set" (the per-platform default applies). */
export function isEmptyValue(value: unknown): boolean {
    if (value === "" || value === 0) return true;
    return value !== null && typeof value === "object" && Object.keys(value).length === 0;
}

/** The entry names of an object secret's JSON text, never its values; undefined when it is no JSON object. */
function entryNames(text: string): string[] | undefined {
    const parsed = parsedJson(text);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? Object.keys(parsed) : undefined;
}

/** The value at an issue's path; zod reports issues only inside values it walked, so every step but the last is there. */
const valueAt = (value: unknown, path: readonly PropertyKey[]): unknown => path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown>)[k], value);

/** The look-alike note of the first string that has one (its position counted within that string), else nothing. */
const firstNote = (strings: readonly string[]) => strings.map(nonAsciiNote).find((n) => n !== "") ?? "";

/** The fields of the object at `path` inside a key's schema (the object itself, or a list's element), `?` on optional ones. */
function acceptedFields(key: ConfigKey, path: readonly PropertyKey[], marked = false): string[] {
    // A list's unknown fields are reported at an index (`platformTargets[0]`), so the walk below reaches its element.
    let schema = unwrapped(configKeys[key].schema);
    for (const step of path) {
        if (schema instanceof z.ZodArray) schema = unwrapped(schema.element as z.ZodType);
        else if (schema instanceof z.ZodObject) schema = unwrapped(schema.shape[String(step)] ?? schema);
    }
    if (!(schema instanceof z.ZodObject)) return [];
    return Object.entries(schema.shape).map(([name, field]) => (marked && (field as z.ZodType).safeParse(undefined).success ? `${name}?` : name));
}

function issueLine(key: ConfigKey, issue: z.core.$ZodIssue, decoded: unknown, where: string): string {
    if (issue.code === "unrecognized_keys") {
        const fields = acceptedFields(key, issue.path);
        const names = issue.keys.map((k) => (closest(k, fields) ? `${k} (did you mean ${closest(k, fields)}?)` : k));
        return `${where}: unknown field ${names.join(", ")}; accepted: ${fields.join(", ")}${firstNote(issue.keys)}`;
    }
    const value = valueAt(decoded, issue.path);
    // Anything but an object where one belongs: the answer names its fields (none where no object belongs).
    const object = issue.code === "invalid_type" ? acceptedFields(key, issue.path, true) : [];
    const message = object.length > 0 ? `expected {${object.join(", ")}}` : issue.message;
    return `${where}: ${message} (${value === undefined ? "not set" : `got ${show(value)}`})${firstNote(stringsIn(value))}`;
}

type Resolved = { -readonly [K in ConfigKey]: z.output<(typeof configKeys)[K]["schema"]> };
type Values = Partial<Resolved>;

/** Each key on its own: known, decoded, checked against its schema; a secret in plain text refused. */
function readValues(raw: Readonly<Record<string, string>>, plainTextKeys: readonly string[] | undefined) {
    const problems: string[] = [];
    const values: Values = {};
    const secretsSet: SecretKey[] = [];
    // The entry names of each object secret (scrapeCredentials' jobs, teamSecrets' receivers); undefined when not JSON.
    const secretEntries: Partial<Record<SecretKey, string[]>> = {};
    // Keys given with a value their schema refuses: reported once, never again as "not set" by a check that needs them.
    const invalid = new Set<ConfigKey>();
    const plainText = new Set(plainTextKeys?.map((k) => (k.includes(":") ? k : `${configNamespace}:${k}`)));
    const knownKeys = [...Object.keys(configKeys), ...secretKeys];

    for (const [fullKey, text] of Object.entries(raw).sort(([a], [b]) => a.localeCompare(b))) {
        const [namespace, key] = fullKey.includes(":") ? fullKey.split(":", 2) : [configNamespace, fullKey];
        if (namespace !== configNamespace) continue;
        if (key in secrets) {
            const secretKey = key as SecretKey;
            // Pulumi.yaml's default ("" or {}) comes in plain text where the secret was never set: unset, not written in the file (npm run e2e -- prod).
            const empty = text === "" || isEmptyValue(parsedJson(text));
            // The value is never echoed: it is a secret, now in the repository's history.
            if (plainText.has(`${configNamespace}:${key}`) && !empty)
                problems.push(`${keyName(key)}: a secret must not be written in plain text in the stack file; encrypt it with: ${setSecretCommand(secretKey)}`);
            // A plain-text secret is still set: "not set" would contradict the line above.
            const names = "entries" in secrets[secretKey] ? entryNames(text) : undefined;
            secretEntries[secretKey] = names;
            if (text.length > 0 && names?.length !== 0) secretsSet.push(secretKey);
            continue;
        }
        if (!(key in configKeys)) {
            const suggestion = closest(key, knownKeys);
            const hint = suggestion ? `did you mean ${suggestion}?` : `accepted keys: ${[...knownKeys].sort().join(", ")}`;
            problems.push(`${keyName(key)}: unknown key (${hint})${nonAsciiNote(key)}`);
            continue;
        }
        const configKey = key as ConfigKey;
        const { schema } = configKeys[configKey];
        // Lists, objects, numbers and booleans arrive as JSON; text that is no JSON goes to the schema as it is, which says what the key wants.
        const decoded = configType(schema).type !== "string" ? (parsedJson(text) ?? text) : text;
        // Pulumi.yaml declares every key with its empty value as default (Pulumi demands a value otherwise): empty means unset.
        if (isEmptyValue(decoded)) continue;
        const result = (schema as z.ZodType).safeParse(decoded);
        if (result.success) {
            (values as Record<ConfigKey, unknown>)[configKey] = result.data;
            continue;
        }
        invalid.add(configKey);
        const reported = new Set<string>();
        for (const issue of result.error.issues) {
            const where = keyName(configKey, issue.path);
            // One line per value: a second complaint about the same value adds nothing the first did not say.
            if (!reported.has(where)) problems.push(issueLine(configKey, issue, decoded, where));
            reported.add(where);
        }
    }
    return { values, secretsSet, secretEntries, invalid, problems };
}

/** Each key's value, or its default for the platform (a default is written as in a stack file and parsed like one). */
function withDefaults(values: Values, platform: PlatformName, stack: string): Resolved {
    return Object.fromEntries(
        (Object.keys(configKeys) as ConfigKey[]).map((k) => {
            const given = values[k];
            const d = configKeys[k].default as Record<string, unknown> | undefined;
            const dflt = d === undefined ? undefined : "all" in d ? d.all : d[platform];
            if (given !== undefined || dflt === undefined) return [k, given];
            return [k, configKeys[k].schema.parse(typeof dflt === "string" ? dflt.replace("{stack}", stack) : dflt)];
        }),
    ) as Resolved;
}

/** Validates one stack's raw config: `monitoring:<key>` (or bare `<key>`) -> Pulumi's string; a non-empty secret counts as set, its value unread. */
export function parseStackConfig(raw: Readonly<Record<string, string>>, stack: string, options: ParseOptions = {}): StackConfig {
    const { values, secretsSet, secretEntries, invalid, problems } = readValues(raw, options.plainTextKeys);
    const platform = values.platform ?? "docker";
    const profile = platformProfiles[platform];
    const c = withDefaults(values, platform, stack);
    // Cross-key checks skip invalid keys (reported already); an invalid key reads its default, so only checks a default can trip ask valid().
    const valid = (...keys: ConfigKey[]) => keys.every((k) => !invalid.has(k));
    // With an invalid platform, which one was meant is unknown: its platform's checks would guess.
    const on = (fact: boolean) => fact && valid("platform");
    const say: Say = (key, text, path = []) => problems.push(`${keyName(key, path)}: ${text}`);
    // An object secret's entry counts as set when the secret is, and its entries are unknown (not JSON) or name it.
    const hasEntry: HasEntry = (key, entry) => secretsSet.includes(key) && (secretEntries[key]?.includes(entry) ?? true);

    for (const component of c.components)
        for (const needed of componentDependencies[component] ?? [])
            if (!c.components.includes(needed))
                say("components", `${component} needs ${needed}; add ${needed} or remove ${component} (got ${show(c.components)})`);
    if (valid("components")) {
        const byPort = new Map<number, PortName[]>();
        for (const name of publishedPortNames(c)) byPort.set(c.ports[name], [...(byPort.get(c.ports[name]) ?? []), name]);
        for (const [port, names] of byPort) if (names.length > 1) say("ports", `port ${port} is used by ${names.join(" and ")}; each port must be used once`);
    }
    const lokiDays = durationSeconds(c.lokiRetention) / (24 * 3600);
    if (lokiDays < 1 || !Number.isInteger(lokiDays))
        say("lokiRetention", `expected a whole number of days of at least 24h, since Loki's index period is 24h (got ${show(c.lokiRetention)})`);
    for (const channel of c.notificationChannels) {
        for (const key of channelRequirements[channel].settings)
            if (values[key] === undefined && !invalid.has(key)) say(key, `required because notificationChannels includes ${channel} (not set)`);
        for (const key of channelRequirements[channel].secrets.filter((k) => !secretsSet.includes(k)))
            say(key, `required secret because notificationChannels includes ${channel} (not set); set it with: ${setSecretCommand(key)}`);
    }
    const platformAlertsEvaluator = alertsEvaluator(values.platformAlertsEvaluator, c, valid("notificationChannels") ? say : () => undefined);
    for (const name of workloadNames) {
        const { requests: r, limits: l } = c.resources[name];
        if (cpuMillis(r.cpu) > cpuMillis(l.cpu))
            say("resources", `CPU request ${r.cpu} is above its limit ${l.cpu}; a request must not exceed the limit`, [name]);
        if (quantityBytes(r.memory) > quantityBytes(l.memory))
            say("resources", `memory request ${r.memory} is above its limit ${l.memory}; a request must not exceed the limit`, [name]);
    }
    const seen = new Set<string>();
    const platformTargets: PlatformTarget[] = c.platformTargets.map((t, i) => {
        if (seen.has(t.job) || (componentNames as readonly string[]).includes(t.job))
            say("platformTargets", `job names must be unique and not a component name (got ${show(t.job)})`, [i, "job"]);
        seen.add(t.job);
        if (t.kubernetes && on(!profile.clusterApi))
            say("platformTargets", `discovery needs platform kubernetes; on ${platform} write targets: [host:port]`, [i, "kubernetes"]);
        for (const ns of t.kubernetes?.namespaces ?? [])
            if (profile.clusterApi && valid("namespace", "clientNamespaces") && ![c.namespace, ...c.clientNamespaces].includes(ns))
                say("platformTargets", `Prometheus does not watch namespace ${ns}; add it to monitoring:clientNamespaces`, [i, "kubernetes", "namespaces"]);
        if (t.credentials && !hasEntry("scrapeCredentials", t.job)) say("platformTargets", missingEntryText("scrapeCredentials", t.job), [i, "credentials"]);
        const { kubernetes: k, ...rest } = t;
        const namespaces = k && [...new Set(k.namespaces ?? c.clientNamespaces)].sort();
        return { ...rest, targets: t.targets ?? [], ...(k ? { kubernetes: { ...k, namespaces: namespaces! } } : {}) };
    });
    remoteWriteProblems(c.remoteWrite, hasEntry, say);
    objectStorageProblems(c.objectStorage, valid("platform") ? profile.objectStorage : undefined, hasEntry, say);
    if (valid("thanos", "components")) thanosProblems(c, valid("platform") ? profile.objectStorage : undefined, valid("objectStorage"), say);
    if (c.lokiObjectStorageFrom !== undefined && c.objectStorage?.buckets.logs === undefined)
        say("lokiObjectStorageFrom", "needs objectStorage with a logs bucket: it is the day Loki moves to that bucket (leave it out otherwise)");
    if (valid("images", "components") && c.components.includes("tempo") && !isSupportedTempoImage(c.images.tempo))
        say(
            "images",
            `expected a Tempo ${supportedTempoMajors.map((m) => `${m}.x`).join(" or ")} tag (tempo.yml is written per major), such as grafana/tempo:2.10.0 or grafana/tempo:3.0.3 (got ${show(c.images.tempo)})`,
            ["tempo"],
        );
    if (on(profile.namespaces) && c.namespace.length > 58)
        say("namespace", `at most 58 characters, since the node agents run in <namespace>-node (got ${show(c.namespace)})`);
    const size = c.prometheusRetentionSize;
    const claim = c.storageSizes.prometheus;
    if (on(profile.sizedVolumes) && valid("storageSizes", "prometheusRetentionSize") && size && prometheusSizeBytes(size) >= quantityBytes(claim))
        say("storageSizes", `the claim (${claim}) must be larger than prometheusRetentionSize (${size}), with room for the WAL and compaction`, ["prometheus"]);
    // Without a heartbeat outside the stack the Watchdog goes to a blackhole, and a dead Prometheus or Alertmanager pages no one.
    const heartbeatless = c.components.includes("alertmanager") && !secretsSet.includes("deadMansSwitchUrl") && !c.allowNoHeartbeat;
    if (on(profile.production) && valid("components", "allowNoHeartbeat") && heartbeatless)
        say(
            "deadMansSwitchUrl",
            "required secret on kubernetes, or the Watchdog goes to a blackhole and a dead Prometheus or Alertmanager pages no one (not set); " +
                `set it with: ${setSecretCommand("deadMansSwitchUrl")} (or ${keyName("allowNoHeartbeat")}: true to deploy without a heartbeat)`,
        );
    // Without published ports, only an Ingress or HTTPRoute gives Grafana a URL outside the cluster.
    const unrouted = on(!profile.publishesPorts) && !c.grafanaIngress && !c.grafanaHttpRoute;
    if (unrouted && valid("components", "grafanaUrl", "grafanaIngress", "grafanaHttpRoute") && c.components.includes("grafana") && !c.grafanaUrl)
        say(
            "grafanaUrl",
            `on ${platform} the Pulumi CLI must reach Grafana to manage its dashboards and alerts; ` +
                "set grafanaUrl (e.g. http://localhost:3000 through kubectl port-forward), grafanaIngress or grafanaHttpRoute (not set)",
        );
    // How people reach Grafana: one route in (Ingress or HTTPRoute, where the platform has them), and what single sign-on needs.
    if (c.grafanaHttpRoute && on(!profile.ingress))
        say(
            "grafanaHttpRoute",
            `a Gateway API route needs platform kubernetes; on ${platform} Grafana is published on bindAddress (got ${show(c.grafanaHttpRoute.host)})`,
        );
    else if (c.grafanaHttpRoute && c.grafanaIngress)
        say("grafanaHttpRoute", "set either grafanaHttpRoute or grafanaIngress, not both (ingress-nginx is retired: prefer grafanaHttpRoute)");
    if (c.grafanaSso && !secretsSet.includes("grafanaSsoClientSecret"))
        say("grafanaSsoClientSecret", `required secret because grafanaSso is set (not set); set it with: ${setSecretCommand("grafanaSsoClientSecret")}`);
    // The provider sends browsers back to <root_url>/login/generic_oauth: a cluster-internal URL would strand them.
    if (c.grafanaSso && unrouted)
        say("grafanaSso", "browsers must reach Grafana's sign-in callback; set grafanaHttpRoute or grafanaIngress for its public https URL");
    for (const [key, what, more] of [
        ["prometheusReplicas", "Prometheus", "two need"],
        ["alertmanagerReplicas", "Alertmanager", "more need"],
    ] as const)
        if (on(!profile.replicas) && (values[key] ?? 1) !== 1)
            say(key, `the ${platform} platform runs one ${what}; ${more} platform kubernetes (got ${values[key]})`);

    // An invalid teams value is reported already and leaves the default, no team: nothing more to check.
    teamProblems(c, valid("platform") ? profile.namespaces : undefined, valid("clientNamespaces"), hasEntry, say);
    if (valid("components")) prometheusOperatorProblems(c, valid("platform") ? profile.namespaces : undefined, say);

    const config: StackConfig = { stack, ...c, platformTargets, platformAlertsEvaluator, secretsSet: [...secretsSet].sort() };
    // Checked on the finished config, so a placeholder is listed with every other problem at once.
    if (options.refusePlaceholders && profile.production) problems.push(...placeholderProblems(config));
    if (problems.length > 0) throw new ConfigError(problems);
    return deepFreeze(Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as StackConfig);
}

/** Grafana evaluates the platform's alerts if it can deliver them (a channel, the stack's Alertmanager), else Prometheus; an unworkable choice is an error. */
function alertsEvaluator(chosen: Values["platformAlertsEvaluator"], c: Pick<Resolved, "components" | "notificationChannels">, say: Say) {
    const grafanaCanDeliver = c.components.includes("grafana") && (c.notificationChannels.length > 0 || c.components.includes("alertmanager"));
    if (chosen === "grafana" && !c.components.includes("grafana"))
        say("platformAlertsEvaluator", 'grafana needs the grafana component; add it or use prometheus (got "grafana")');
    else if (chosen === "grafana" && !grafanaCanDeliver)
        say("platformAlertsEvaluator", 'Grafana-evaluated alerts need somewhere to go: enable a notificationChannel or deploy alertmanager (got "grafana")');
    if (chosen === "prometheus" && !c.components.includes("prometheus"))
        say("platformAlertsEvaluator", 'prometheus needs the prometheus component (got "prometheus")');
    return chosen ?? (grafanaCanDeliver ? "grafana" : "prometheus");
}

function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object") {
        Object.values(value).forEach(deepFreeze);
        Object.freeze(value);
    }
    return value;
}
