// Loads the real Pulumi.<stack>.yaml files into the string map Pulumi hands a program (objects as JSON text).
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export const projectRoot = path.resolve(__dirname, "..", "..");

/** `monitoring:<key>` -> value as Pulumi passes it: strings as they are, everything else as JSON. */
export function readStackFile(stack: string): Record<string, string> {
    const file = path.join(projectRoot, `Pulumi.${stack}.yaml`);
    const doc = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
    const raw: Record<string, string> = {};
    for (const [key, value] of Object.entries(doc.config ?? {})) {
        if (value !== null && typeof value === "object" && "secure" in (value as object)) continue;
        raw[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return raw;
}

/** Fake values for the secrets a stack file's channels need (real ones are set with `pulumi config set --secret`). */
export const fakeSecrets: Readonly<Record<string, string>> = {
    "monitoring:pagerdutyServiceKey": "fake-pagerduty-routing-key-0123456789",
    "monitoring:slackWebhookUrl": "https://hooks.slack.invalid/services/FAKE/FAKE/fake",
    "monitoring:smtpPassword": "fake-smtp-password-9876543210",
};
