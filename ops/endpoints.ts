// Where the components are: flags, then environment variables, then the stack's outputs (read by the Pulumi CLI as deploy does, deploy/project.ts).
import { execFileSync } from "child_process";
import { BackendChoice, passphraseVariable, projectRoot, stackBackend } from "../deploy/project";
import { parsedJson } from "../model/common/parsed-json";
import { onPath } from "../support/toolchain";
import { usageError } from "./http";

export const componentKeys = ["prometheus", "alertmanager", "grafana", "loki", "tempo"] as const;
export type ComponentKey = (typeof componentKeys)[number];
export const componentTitle = (key: ComponentKey): string => key[0].toUpperCase() + key.slice(1);
/** The flag, environment variable and stack output (program/program.ts) that give each URL. */
export const flagOf = (key: ComponentKey): string => `--${key}-url`;
export const urlEnv = (key: ComponentKey): string => `${key.toUpperCase()}_URL`;
const urlOutput = (key: ComponentKey): string => `${key}Url`;

export type Endpoints = { urls: Partial<Record<ComponentKey, string>>; grafanaUser?: string; grafanaPassword?: string };

function howToPassUrls(keys: readonly ComponentKey[]): string {
    return `pass ${keys.map(flagOf).join(", ")} or set ${keys.map(urlEnv).join(", ")}${keys.includes("grafana") ? " (and GRAFANA_PASSWORD)" : ""}`;
}

function checkedUrl(source: string, value: string): string {
    if (!/^https?:$/.test(URL.parse(value)?.protocol ?? "")) {
        throw usageError(`${source}: expected an http(s) URL such as http://localhost:9090 (got ${JSON.stringify(value)})`);
    }
    return value.replace(/\/+$/, "");
}

/** Flags and environment first; the stack outputs when a needed URL is missing from both, its config or state for Grafana's password; else one line on what is missing. */
export function resolveEndpoints(
    needed: readonly ComponentKey[],
    flags: Partial<Record<ComponentKey, string>>,
    env: NodeJS.ProcessEnv,
    stack: string,
    loadOutputs: (stack: string, missing: readonly ComponentKey[]) => Record<string, unknown>,
    loadPassword: (stack: string) => string = () => {
        throw usageError(`stack ${stack} has no Grafana admin password to read; set GRAFANA_PASSWORD (and GRAFANA_USER if not admin)`);
    },
): Endpoints {
    const urls: Partial<Record<ComponentKey, string>> = {};
    for (const key of componentKeys) {
        if (flags[key] !== undefined) urls[key] = checkedUrl(flagOf(key), flags[key]);
        else if (env[urlEnv(key)]) urls[key] = checkedUrl(urlEnv(key), env[urlEnv(key)]!);
    }
    const own = { urls, grafanaUser: env.GRAFANA_USER || undefined, grafanaPassword: env.GRAFANA_PASSWORD || undefined };
    const missing = needed.filter((k) => urls[k] === undefined);
    const needsPassword = needed.includes("grafana") && own.grafanaPassword === undefined;
    if (missing.length === 0 && !needsPassword) return own;
    const outputs = loadOutputs(stack, needsPassword && !missing.includes("grafana") ? [...missing, "grafana"] : missing);
    const text = (key: string) => (typeof outputs[key] === "string" ? (outputs[key] as string) : undefined);
    for (const key of componentKeys) {
        const output = text(urlOutput(key));
        if (urls[key] === undefined && output !== undefined) urls[key] = checkedUrl(`stack output ${urlOutput(key)}`, output);
    }
    const stillMissing = needed.filter((k) => urls[k] === undefined);
    if (stillMissing.length > 0) {
        throw usageError(`stack ${stack} has no output for ${stillMissing.map(componentTitle).join(", ")} (not deployed?); ${howToPassUrls(stillMissing)}`);
    }
    // Stacks deployed before issue 27 still have the password as an output; later ones keep it in their config or state.
    const password = own.grafanaPassword ?? text("grafanaAdminPassword") ?? (needsPassword ? loadPassword(stack) : undefined);
    return { urls, grafanaUser: own.grafanaUser ?? text("grafanaAdminUser"), grafanaPassword: password };
}

/** What `pulumi stack output` needs: deploy's backend, and whether a terminal can answer the passphrase prompt (when the secrets are under one). */
type StackAccessFacts = { backend: BackendChoice; passphraseNeeded: boolean; env: Readonly<Record<string, string | undefined>>; interactive: boolean };

export function stackAccess(stack: string, facts: StackAccessFacts): { env: Readonly<Record<string, string>>; askOnTerminal: boolean } | { error: string } {
    const fromEnvironment = passphraseVariable(facts.env) !== undefined;
    if (facts.passphraseNeeded && !fromEnvironment && !facts.interactive) {
        return {
            error:
                `stack ${stack} keeps its secrets under a passphrase (${facts.backend.description}) and there is no terminal to ask for it: ` +
                "set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE, as for npm run deploy",
        };
    }
    return { env: { ...facts.backend.env }, askOnTerminal: facts.passphraseNeeded && !fromEnvironment };
}

/** Grafana's generated admin password (its RandomPassword) in `pulumi stack export --show-secrets`; undefined when monitoring:grafanaAdminPassword is set. */
export function adminPasswordFromState(state: unknown): string | undefined {
    type Resource = { type?: string; urn?: string; outputs?: { result?: unknown } };
    const resources = (state as { deployment?: { resources?: Resource[] } })?.deployment?.resources ?? [];
    const generated = resources.find((r) => r.type === "random:index/randomPassword:RandomPassword" && r.urn?.endsWith("-grafana-admin-password"));
    const result = generated?.outputs?.result;
    // A secret shows as {<sig>, plaintext: <JSON text>} with --show-secrets.
    if (result !== null && typeof result === "object" && "plaintext" in result) return JSON.parse(String(result.plaintext)) as string;
    return typeof result === "string" ? result : undefined;
}

/** The admin password, which no stack output carries (platform stacks read those): the stack's config, else its state. */
export function readAdminPassword(stack: string): string {
    const run = pulumiOn(stack, `cannot read Grafana's admin password of stack ${stack}`, "set GRAFANA_PASSWORD");
    const own = () => {
        try {
            return run(["config", "get", "monitoring:grafanaAdminPassword"]).trim();
        } catch {
            return ""; // not set: the stack generated one
        }
    };
    try {
        const password = own() || adminPasswordFromState(JSON.parse(run(["stack", "export", "--show-secrets"])));
        if (password) return password;
    } catch (err) {
        throw usageError(`cannot read Grafana's admin password of stack ${stack} (${firstLine(err)}); set GRAFANA_PASSWORD`);
    }
    throw usageError(`stack ${stack} has no Grafana admin password in its config or state (not deployed?); set GRAFANA_PASSWORD`);
}

const firstLine = (err: unknown): string => ((err as { stderr?: string }).stderr ?? (err as Error).message).trim().split("\n")[0];

/** `pulumi <args> --stack <stack>` with deploy's backend and passphrase handling (Pulumi asks on the terminal); or a usage error of `what` and `instead`. */
function pulumiOn(stack: string, what: string, instead: string): (args: readonly string[]) => string {
    if (!onPath("pulumi", process.env)) throw usageError(`${what} (the Pulumi CLI is not installed); ${instead}`);
    const access = stackAccess(stack, {
        ...stackBackend(stack, process.env),
        env: process.env,
        interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    });
    if ("error" in access) throw usageError(`${what}: ${access.error}; or ${instead}`);
    const terminal = access.askOnTerminal ? "inherit" : undefined;
    return (args) =>
        execFileSync("pulumi", [...args, "--stack", stack], {
            cwd: projectRoot,
            env: { ...process.env, ...access.env },
            encoding: "utf8",
            stdio: [terminal ?? "ignore", "pipe", terminal ?? "pipe"],
            timeout: 300_000,
        });
}

export function readStackOutputs(stack: string, missing: readonly ComponentKey[]): Record<string, unknown> {
    const instead = howToPassUrls(missing);
    const run = pulumiOn(stack, `cannot read the outputs of stack ${stack}`, instead);
    let text: string;
    try {
        text = run(["stack", "output", "--json", "--show-secrets"]);
    } catch (err) {
        // pulumiOn has refused a missing Pulumi CLI already.
        throw usageError(`cannot read the outputs of stack ${stack} (pulumi stack output failed: ${firstLine(err)}); ${instead}`);
    }
    const outputs = parsedJson(text);
    if (outputs === undefined) throw usageError(`pulumi stack output for stack ${stack} is not JSON; ${instead}`);
    return outputs as Record<string, unknown>;
}
