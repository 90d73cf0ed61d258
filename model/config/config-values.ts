// One stack config key at a time: known or not (with "did you mean"), decoded from Pulumi's text, checked against its
// schema, a secret refused in plain text; one line per problem, naming the key, the value (shortened) and what is accepted.
import { z } from "zod";
import { closest, nonAsciiNote, show, stringsIn } from "./messages";
import { ConfigKey, configKeySchemas, objectSecretKeys, SecretKey, secretKeys } from "./schema";

export const configNamespace = "monitoring";

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
    "allowNoHeartbeat",
]);

/** "", [], {} and 0: the defaults Pulumi.yaml declares, standing for "not set" (the per-platform default applies). */
export function isEmptyValue(value: unknown): boolean {
    if (value === "" || value === 0) return true;
    if (Array.isArray(value)) return value.length === 0;
    return value !== null && typeof value === "object" && Object.keys(value).length === 0;
}

/** A secret's text as the CLI hands over Pulumi.yaml's declared default ("" or, for an object secret, "{}"). */
function isDeclaredDefault(text: string): boolean {
    try {
        return text.length === 0 || isEmptyValue(JSON.parse(text));
    } catch {
        return false;
    }
}

export /** Each key's value as its schema returns it. */
type ConfigValues = { -readonly [K in ConfigKey]?: z.output<(typeof configKeySchemas)[K]> };

/** What the secret's `pulumi config set --secret` command takes in place of the value (never the value itself). */
const secretPlaceholders: Readonly<Record<SecretKey, string>> = {
    grafanaAdminPassword: "<password>",
    pagerdutyServiceKey: "<integration-key>",
    slackWebhookUrl: "<webhook-url>",
    smtpPassword: "<password>",
    deadMansSwitchUrl: "<heartbeat-url>",
    scrapeCredentials: "<token-or-password>",
};

/** The command that sets a secret; an object secret's entries one by one (`entry`: the job of scrapeCredentials). */
export function setSecretCommand(key: SecretKey, entry = "<job>"): string {
    if (objectSecretKeys.includes(key)) return `pulumi config set --secret --path '${keyName(key, [entry])}' ${secretPlaceholders[key]}`;
    return `pulumi config set --secret ${keyName(key)} ${secretPlaceholders[key]}`;
}

/** The entry names of an object secret's value (its JSON text), never its values; undefined when the text is no JSON object. */
function entryNames(text: unknown): string[] | undefined {
    if (typeof text !== "string") return undefined;
    try {
        const parsed = JSON.parse(text);
        return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? Object.keys(parsed).sort() : undefined;
    } catch {
        return undefined;
    }
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
    return path.reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined), value);
}

export function keyName(key: string, path: readonly PropertyKey[] = []): string {
    return `${configNamespace}:${key}${path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}`;
}

function issueLine(key: ConfigKey, issue: z.core.$ZodIssue, decoded: unknown, where: string): string {
    if (issue.code === "unrecognized_keys") {
        const fields = acceptedFields(key, issue.path);
        const names = issue.keys.map((k) => {
            const suggestion = closest(k, fields);
            return suggestion ? `${k} (did you mean ${suggestion}?)` : k;
        });
        return `${where}: unknown field ${names.join(", ")}; accepted: ${fields.join(", ")}${firstNote(issue.keys)}`;
    }
    const value = valueAt(decoded, issue.path);
    return `${where}: ${issue.message} (got ${show(value)})${firstNote(stringsIn(value))}`;
}

/** The look-alike note of the first string that has one (its position counted within that string), else nothing. */
function firstNote(strings: readonly string[]): string {
    return strings.map(nonAsciiNote).find((n) => n !== "") ?? "";
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

/** Field names of the object at `path` inside a key's schema (the object itself, or a list's element). */
function acceptedFields(key: ConfigKey, path: readonly PropertyKey[]): string[] {
    const unwrap = (t: z.core.$ZodType): z.core.$ZodType => (t instanceof z.ZodOptional ? unwrap(t.unwrap()) : t);
    // A list's unknown fields are reported at an index (`platformTargets[0]`), so the walk below reaches its element.
    let schema = unwrap(configKeySchemas[key]);
    for (const step of path) {
        if (schema instanceof z.ZodArray) schema = unwrap(schema.element);
        else if (schema instanceof z.ZodObject) schema = unwrap(schema.shape[String(step)] ?? schema);
    }
    return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** What the per-key pass found: each valid value, the secrets that are set, the keys with a refused value, one line per problem. */
export interface ConfigValuesRead {
    readonly values: ConfigValues;
    readonly secretsSet: SecretKey[];
    /** The jobs monitoring:scrapeCredentials has an entry for, when its value is readable as an object (in the program). */
    readonly scrapeCredentialJobs?: readonly string[];
    readonly invalid: ReadonlySet<ConfigKey>;
    readonly problems: string[];
}

/** Each key on its own: known, decoded, checked against its schema; a secret in plain text refused. */
export function readConfigValues(raw: Readonly<Record<string, unknown>>, plainTextKeys: readonly string[]): ConfigValuesRead {
    const problems: string[] = [];
    const values: ConfigValues = {};
    const secretsSet: SecretKey[] = [];
    let scrapeCredentialJobs: string[] | undefined;
    // Keys given with a value their schema refuses: reported once, never again as "not set" by a check that needs them.
    const invalid = new Set<ConfigKey>();
    const plainText = new Set(plainTextKeys.map((k) => (k.includes(":") ? k : `${configNamespace}:${k}`)));
    const knownKeys = [...Object.keys(configKeySchemas), ...secretKeys];

    for (const [fullKey, text] of Object.entries(raw).sort(([a], [b]) => a.localeCompare(b))) {
        const [namespace, key] = fullKey.includes(":") ? fullKey.split(":", 2) : [configNamespace, fullKey];
        if (namespace !== configNamespace) continue;
        if ((secretKeys as readonly string[]).includes(key)) {
            const secretKey = key as SecretKey;
            // An empty value is Pulumi.yaml's declared default, which the CLI hands over in plain text for every stack
            // that never set the secret: unset, not a secret written in the stack file (found by `npm run e2e -- prod`).
            const empty = typeof text !== "string" || isDeclaredDefault(text);
            if (plainText.has(`${configNamespace}:${key}`) && !empty) {
                // The value is never echoed: it is a secret, now in the repository's history.
                problems.push(`${keyName(key)}: a secret must not be written in plain text in the stack file; encrypt it with: ${setSecretCommand(secretKey)}`);
            }
            // A plain-text secret is still set: "not set" would contradict the line above. An object secret's declared
            // default ({}) is not set.
            const names = objectSecretKeys.includes(secretKey) ? entryNames(text) : undefined;
            if (secretKey === "scrapeCredentials") scrapeCredentialJobs = names;
            if (typeof text === "string" && text.length > 0 && names?.length !== 0) secretsSet.push(secretKey);
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
    return { values, secretsSet, scrapeCredentialJobs, invalid, problems };
}
