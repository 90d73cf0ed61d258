// Reads Pulumi.<stack>.yaml into the string map Pulumi hands a program, for tools that run without the Pulumi CLI.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { parsedJson } from "../common/parsed-json";
import { channelRequirements } from "./schema";

export interface StackFile {
    /** `monitoring:<key>` -> value as Pulumi passes it: strings as they are, lists, objects and booleans as JSON. */
    readonly raw: Record<string, string>;
    /** Keys stored encrypted (`secure:`, or with an entry that is); their values are never read here. */
    readonly secureKeys: readonly string[];
}

export function listStacks(projectDir: string): string[] {
    return fs
        .readdirSync(projectDir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

export function readStackFileConfig(projectDir: string, stack: string): StackFile {
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) throw new Error(`no stack file ${file}; stacks here: ${listStacks(projectDir).join(", ") || "none"}`);
    const document = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    // `pulumi config set --secret --path 'k.entry'` encrypts one entry: a key holding any `secure:` value is a secret.
    const encrypted = (value: unknown): boolean =>
        value !== null && typeof value === "object" && ("secure" in value || Object.values(value as object).some(encrypted));
    const entries = Object.entries(document.config ?? {});
    const secureKeys = entries.filter(([, v]) => encrypted(v)).map(([k]) => k);
    const raw = Object.fromEntries(entries.filter(([k]) => !secureKeys.includes(k)).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    return { raw, secureKeys: secureKeys.sort() };
}

/** The secrets a stack file makes mandatory: its channels', on kubernetes the heartbeat unless it opts out, SSO's client secret, object storage's keys (a bad channel list: none, the parser names it). */
export function secretsNeededBy(raw: Readonly<Record<string, string>>): string[] {
    const channels = parsedJson(raw["monitoring:notificationChannels"] ?? "[]");
    const known = (Array.isArray(channels) ? channels : []).filter(
        (c): c is keyof typeof channelRequirements => typeof c === "string" && c in channelRequirements,
    );
    const heartbeat = raw["monitoring:platform"] === "kubernetes" && raw["monitoring:allowNoHeartbeat"] !== "true" ? ["deadMansSwitchUrl"] : [];
    const sso = !["", "{}", undefined].includes(raw["monitoring:grafanaSso"]) ? ["grafanaSsoClientSecret"] : [];
    const store = !["", "{}", undefined].includes(raw["monitoring:objectStorage"]) ? ["objectStorageCredentials"] : [];
    return [...known.flatMap((c) => channelRequirements[c].secrets), ...heartbeat, ...sso, ...store];
}
