// Loads the real Pulumi.<stack>.yaml files into StackConfig, the way Pulumi would hand their values to the program.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { parseStackConfig } from "../../components/config/parse";
import { secretKeys } from "../../components/config/schema";
import { StackConfig } from "../../components/config/types";

/** The project root (where Pulumi.yaml lives). */
export const projectRoot = path.resolve(__dirname, "..", "..");

/** Stacks with a Pulumi.<stack>.yaml in the project root, sorted. */
export function stackNames(): string[] {
    return fs
        .readdirSync(projectRoot)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** Pulumi's view of one config value: strings stay strings, everything else becomes JSON text. */
function pulumiString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * The raw `config:` map of Pulumi.<stack>.yaml as parseStackConfig takes it. Secure values (`{secure: ...}`) are
 * replaced by a placeholder, and every secret key listed in `fakeSecrets` is set to "x" (why: tests never see real secrets).
 */
export function loadRawStackConfig(stack: string, fakeSecrets: readonly string[] = []): Record<string, string> {
    const file = path.join(projectRoot, `Pulumi.${stack}.yaml`);
    const document = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const raw: Record<string, string> = {};
    for (const [key, value] of Object.entries(document.config ?? {})) {
        const secure = value !== null && typeof value === "object" && "secure" in value;
        raw[key] = secure ? "x" : pulumiString(value);
    }
    for (const key of fakeSecrets) raw[key.includes(":") ? key : `monitoring:${key}`] = "x";
    return raw;
}

/** Secret keys a stack file's notificationChannels make mandatory (what `pulumi config set --secret` would have set). */
export function secretsNeededBy(raw: Readonly<Record<string, string>>): string[] {
    const channels: string[] = raw["monitoring:notificationChannels"] ? JSON.parse(raw["monitoring:notificationChannels"]) : [];
    const needs: Record<string, string[]> = { pagerduty: ["pagerdutyServiceKey"], slack: ["slackWebhookUrl"], email: [] };
    return channels.flatMap((c) => needs[c] ?? []).filter((k) => (secretKeys as readonly string[]).includes(k));
}

/**
 * StackConfig of a real stack file, with fake values for the secrets its channels need plus `extraSecrets`
 * (e.g. ["smtpPassword"] to exercise SMTP authentication).
 */
export function loadStackConfig(stack: string, extraSecrets: readonly string[] = []): StackConfig {
    const raw = loadRawStackConfig(stack);
    return parseStackConfig(loadRawStackConfig(stack, [...secretsNeededBy(raw), ...extraSecrets]), stack);
}

/** The raw config of a stack file alone, with no secret set (what a fresh `pulumi stack init` would have). */
export function readStackFile(stack: string): Record<string, string> {
    return loadRawStackConfig(stack);
}

/** Recognisable fake values for the secrets a stack's channels need, to search for in plain text. */
export const fakeSecrets: Readonly<Record<string, string>> = {
    "monitoring:pagerdutyServiceKey": "fake-pagerduty-routing-key-0123456789",
    "monitoring:slackWebhookUrl": "https://hooks.slack.invalid/services/FAKE/FAKE/fake",
    "monitoring:smtpPassword": "fake-smtp-password-9876543210",
};
