// Pure preflight checks of this machine and the stack file: Node.js, the Pulumi CLI, the config, placeholders, passphrase.
import * as semver from "semver";
import { configNamespace } from "../model/config/parse";
import { ConfigError, parseStackConfig } from "../model/config/parse";
import { secretKeys } from "../model/config/schema";
import { placeholderProblems } from "../model/config/placeholders";
import { StackConfig } from "../model/config/types";
import { CheckResult, PulumiVersionProbe } from "./probe-types";

const ok = (message: string): CheckResult => ({ status: "ok", message });
const fail = (message: string): CheckResult => ({ status: "fail", message });

/** What the installed @pulumi/pulumi declares (node_modules/@pulumi/pulumi/package.json). */
export interface PulumiSdk {
    readonly version: string;
    /** `engines.node`, e.g. ">=22". */
    readonly nodeRange: string;
}

/** Node.js must satisfy the range @pulumi/pulumi declares: the program runs on this Node.js under `pulumi up`. */
export function checkNodeVersion(nodeVersion: string, sdk: PulumiSdk): CheckResult {
    if (semver.satisfies(nodeVersion, sdk.nodeRange)) return ok(`Node.js ${nodeVersion} (@pulumi/pulumi ${sdk.version} needs ${sdk.nodeRange})`);
    return fail(
        `Node.js ${nodeVersion} is outside what @pulumi/pulumi ${sdk.version} supports (${sdk.nodeRange}): ` +
            `install a Node.js LTS release in that range (e.g. nvm install --lts), then npm ci`,
    );
}

/**
 * The CLI must be at least the SDK's version: the Automation API's own default is "the CLI version matching the SDK
 * version", and an older CLI's language host may not know what this SDK asks of it.
 */
export function checkPulumiCli(probe: PulumiVersionProbe, minimum: string): CheckResult {
    const install = `curl -fsSL https://get.pulumi.com | sh -s -- --version ${minimum} (or see https://www.pulumi.com/docs/install/)`;
    if (!probe.found) return fail(`Pulumi CLI not found on PATH: install Pulumi ${minimum} or newer: ${install}`);
    const printed = probe.stdout.trim();
    const version = semver.valid(semver.clean(printed) ?? "");
    if (probe.exitCode !== 0 || version === null) {
        return fail(`Pulumi CLI did not report its version (\`pulumi version\` printed ${JSON.stringify(printed)}): reinstall it: ${install}`);
    }
    if (semver.lt(version, minimum)) {
        return fail(`Pulumi CLI ${version} is older than ${minimum}, the version of @pulumi/pulumi this project pins: upgrade it: ${install}`);
    }
    return ok(`Pulumi CLI ${version} (at least ${minimum})`);
}

/** The stack file as read from disk: its plain config values and which keys are stored encrypted. */
export interface StackFileRead {
    readonly raw?: Readonly<Record<string, string>>;
    readonly secureKeys?: readonly string[];
    /** Why the file could not be read. */
    readonly error?: string;
}

/**
 * The stack's config through the program's own validation (model/config), with its messages, one line each.
 * `config` only when valid; `configForChecks` also when only secrets are missing, so the other checks still run and
 * every failure is listed at once.
 */
export function checkStackConfig(stack: string, file: StackFileRead): { results: CheckResult[]; config?: StackConfig; configForChecks?: StackConfig } {
    if (file.error !== undefined || file.raw === undefined) return { results: [fail(`config: ${file.error ?? `no Pulumi.${stack}.yaml`}`)] };
    // Encrypted keys count as set: the program reads them through Pulumi's secret API, never here.
    const secrets = Object.fromEntries((file.secureKeys ?? []).map((key) => [key, "<encrypted>"]));
    try {
        const config = parseStackConfig({ ...file.raw, ...secrets }, stack, { plainTextKeys: Object.keys(file.raw) });
        return { results: [ok(`config of stack ${stack} is valid (platform ${config.platform})`)], config, configForChecks: config };
    } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        const results = err.problems.map((p) => fail(`config: ${p}`));
        const everySecret = Object.fromEntries(secretKeys.map((key) => [`${configNamespace}:${key}`, "<not checked here>"]));
        try {
            return { results, configForChecks: parseStackConfig({ ...file.raw, ...everySecret }, stack) };
        } catch {
            return { results };
        }
    }
}

/**
 * A kubernetes stack, or any stack that notifies people, must not send to (or link) documentation hosts: the pages would
 * go nowhere. The same lines as the program's own refusal (model/config/placeholders.ts), before anything runs.
 */
export function checkPlaceholders(config: StackConfig): CheckResult[] {
    const channels = config.notificationChannels;
    if (config.platform !== "kubernetes" && channels.length === 0) return [];
    if (config.allowPlaceholders) return [ok("placeholder hosts allowed (monitoring:allowPlaceholders: true)")];
    const problems = placeholderProblems(config);
    if (problems.length === 0) return [ok("no placeholder hosts (example.com) in the stack's config")];
    return problems.map(fail);
}

/** How the stack's secrets are unlocked: a passphrase from the environment, or asked for on the terminal. */
export function checkPassphrase(
    stack: string,
    needed: boolean,
    env: Readonly<Record<string, string | undefined>>,
    interactive: boolean,
): CheckResult | undefined {
    if (!needed) return undefined;
    if (env.PULUMI_CONFIG_PASSPHRASE !== undefined) return ok("secrets passphrase from PULUMI_CONFIG_PASSPHRASE");
    if (env.PULUMI_CONFIG_PASSPHRASE_FILE !== undefined) return ok("secrets passphrase from PULUMI_CONFIG_PASSPHRASE_FILE");
    if (interactive) return ok("secrets passphrase: asked for on the terminal");
    return fail(
        `stack ${stack} keeps its secrets under a passphrase and there is no terminal to ask for it: ` +
            "set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE",
    );
}
