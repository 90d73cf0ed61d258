// Pure preflight checks over what the probes saw: Node.js, the Pulumi CLI, the stack file, the user's files, and the docker platform (engine, ports).
import * as semver from "semver";
import { parsedJson } from "../model/common/parsed-json";
import { PortName, publishedPortNames } from "../model/config/catalog";
import { configNamespace } from "../model/config/messages";
import { ConfigError, parseStackConfig } from "../model/config/parse";
import { placeholderProblems } from "../model/config/placeholders";
import { secretKeys } from "../model/config/schema";
import { StackConfig } from "../model/config/types";
import { UserFiles } from "../model/user-files";
import { nodeExporterWorkload } from "../components/node-exporter";
import { promtailWorkload } from "../components/promtail";
import { DockerEndpoint, DockerProbe, PortProbe, ToolRun } from "./probes";
import { passphraseVariable, PulumiSdk, StackFileRead } from "./project";

export type CheckResult = { readonly status: "ok" | "warn" | "fail"; readonly message: string };
export const ok = (message: string): CheckResult => ({ status: "ok", message });
export const warn = (message: string): CheckResult => ({ status: "warn", message });
export const fail = (message: string): CheckResult => ({ status: "fail", message });

/** Node.js must satisfy the range @pulumi/pulumi declares: the program runs on this Node.js under `pulumi up`. */
export function checkNodeVersion(nodeVersion: string, sdk: PulumiSdk): CheckResult {
    if (semver.satisfies(nodeVersion, sdk.nodeRange)) return ok(`Node.js ${nodeVersion} (@pulumi/pulumi ${sdk.version} needs ${sdk.nodeRange})`);
    return fail(
        `Node.js ${nodeVersion} is outside what @pulumi/pulumi ${sdk.version} supports (${sdk.nodeRange}): ` +
            `install a Node.js LTS release in that range (e.g. nvm install --lts), then npm ci`,
    );
}

/** The CLI must be at least the SDK's version (the Automation API's default): an older CLI's language host may not know what this SDK asks. */
export function checkPulumiCli(probe: ToolRun, minimum: string): CheckResult {
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

/** The config through the program's own validation, one line per problem; `configForChecks` also when only secrets are missing, so every failure shows at once. */
export function checkStackConfig(stack: string, file: StackFileRead): { results: CheckResult[]; config?: StackConfig; configForChecks?: StackConfig } {
    if ("error" in file) return { results: [fail(`config: ${file.error}`)] };
    // Encrypted keys count as set: the program reads them through Pulumi's secret API, never here.
    const secrets = Object.fromEntries(file.secureKeys.map((key) => [key, "<encrypted>"]));
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

/** A kubernetes stack, or one that notifies people, must not link documentation hosts: the program's own refusal (model/config/placeholders.ts), early. */
export function checkPlaceholders(config: StackConfig): CheckResult[] {
    if (config.platform !== "kubernetes" && config.notificationChannels.length === 0) return [];
    if (config.allowPlaceholders) return [ok("placeholder hosts allowed (monitoring:allowPlaceholders: true)")];
    const problems = placeholderProblems(config);
    return problems.length === 0 ? [ok("no placeholder hosts (example.com) in the stack's config")] : problems.map(fail);
}

export function checkPassphrase(stack: string, needed: boolean, env: NodeJS.ProcessEnv, interactive: boolean): CheckResult | undefined {
    if (!needed) return undefined;
    const variable = passphraseVariable(env);
    if (variable) return ok(`secrets passphrase from ${variable}`);
    if (interactive) return ok("secrets passphrase: asked for on the terminal");
    return fail(
        `stack ${stack} keeps its secrets under a passphrase and there is no terminal to ask for it: ` +
            "set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE",
    );
}

/** The user's files (user/): each problem the program would stop on (render/user-content.ts), else one line per rule promtool refuses. */
export function checkUserFiles(files: UserFiles, problems: readonly string[], promtool: ToolRun | undefined): CheckResult[] {
    if (files.dashboards.length === 0 && files.rules.length === 0) return [];
    if (problems.length > 0) return problems.map((p) => fail(`user files: ${p}`));
    const counted = `${files.dashboards.length} dashboard(s) and ${files.rules.length} rule file(s) in user/`;
    if (files.rules.length === 0) return [ok(`${counted} are valid`)];
    const unchecked =
        "so the rules' types and templates are checked by Prometheus only when it loads them: install promtool, or run npm run tools -- prometheus";
    if (promtool === undefined || !promtool.found)
        return [warn(`${counted}: structure and PromQL syntax checked; promtool not found (in the tools cache or on PATH), ${unchecked}`)];
    if (promtool.exitCode === 0) return [ok(`${counted} are valid (promtool check rules: ${promtool.path})`)];
    // promtool prints one `<file>: <line>:<col>: <what>` line per refused rule.
    const printed = `${promtool.stdout}\n${promtool.stderr}`.split("\n").map((l) => l.trim());
    const refused = printed.filter((l) => files.rules.some((f) => l.startsWith(`${f.path}: `)));
    const lines = refused.length > 0 ? refused : [`promtool check rules exited ${promtool.exitCode}: ${promtool.stderr.trim().split("\n")[0]}`];
    return lines.map((l) => fail(`user files: ${l} (promtool check rules)`));
}

/** The engine the Docker provider uses: monitoring:dockerHost, else DOCKER_HOST, else the local socket (the provider's order). */
export function resolveDockerEndpoint(dockerHost: string | undefined, env: Readonly<Record<string, string | undefined>>): DockerEndpoint {
    const url = dockerHost ?? (env.DOCKER_HOST || "unix:///var/run/docker.sock");
    if (url.startsWith("unix://")) return { url, transport: "unix", socketPath: url.slice("unix://".length) };
    const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(url);
    if (!tcp) return { url, transport: "unsupported" };
    const tls = (env.DOCKER_TLS_VERIFY ?? "") !== "";
    return { url, transport: "tcp", host: tcp[1].replace(/^\[|\]$/g, ""), port: Number(tcp[2] ?? (tls ? 2376 : 2375)), tls };
}

export function publishedPorts(config: StackConfig): { name: PortName; port: number }[] {
    return publishedPortNames(config).map((name) => ({ name, port: config.ports[name] }));
}

/** Components whose containers bind-mount host paths (/proc, /sys, /, /var/log), which only a Linux engine has. */
export function hostMountingComponents(config: StackConfig): string[] {
    const workloads = [
        ...(config.components.includes("node-exporter") ? [nodeExporterWorkload(config)] : []),
        ...(config.components.includes("promtail") ? [promtailWorkload(config)] : []),
    ];
    return workloads.filter((w) => (w.hostMounts ?? []).length > 0).map((w) => w.component);
}

/** The engine answers `/_ping` with 200 "OK"; its `/version` Os must be linux when containers bind-mount host paths. */
export function checkDockerEngine(probe: DockerProbe, config: StackConfig): CheckResult[] {
    const { endpoint, ping } = probe;
    if (endpoint.transport === "unsupported") {
        return [warn(`Docker engine at ${endpoint.url} not checked (the preflight probes unix:// and tcp:// engines only)`)];
    }
    if (!ping || !ping.ok || ping.status !== 200) {
        const why = !ping ? "not probed" : ping.ok ? `HTTP ${ping.status} from /_ping` : ping.error;
        const fix = "start Docker (sudo systemctl start docker, or Docker Desktop) or point monitoring:dockerHost (or DOCKER_HOST) at a running engine";
        return [fail(`Docker engine not reachable at ${endpoint.url} (${why}): ${fix}`)];
    }
    const version: any = probe.version?.ok ? parsedJson(probe.version.body) : undefined;
    const os: string | undefined = version?.Os;
    const described = version ? `Docker ${version.Version} (API ${version.ApiVersion}, ${os}/${version.Arch})` : "Docker engine";
    const mounting = hostMountingComponents(config);
    if (os === undefined || os === "linux" || mounting.length === 0) return [ok(`${described} reachable at ${endpoint.url}`)];
    const fix = `switch the engine to Linux containers or remove ${mounting.join(", ")} from monitoring:components`;
    return [fail(`${described} at ${endpoint.url} runs ${os} containers, but ${mounting.join(" and ")} bind-mount Linux host paths: ${fix}`)];
}

/** Host ports the stack's own containers already publish (a second `deploy` finds them in use, rightly). */
export function portsOfStack(containers: DockerProbe["containers"], stack: string): Set<number> {
    const list = containers?.ok ? parsedJson(containers.body) : undefined;
    const ours = (Array.isArray(list) ? list : []).filter((c) => c?.Labels?.["org.provisioning.monitoring.stack"] === stack);
    return new Set(ours.flatMap((c) => (c.Ports ?? []).map((p: { PublicPort?: unknown }) => p.PublicPort).filter((p: unknown) => typeof p === "number")));
}

export function checkPorts(probes: readonly PortProbe[], containers: DockerProbe["containers"], config: StackConfig): CheckResult[] {
    const ours = portsOfStack(containers, config.stack);
    const results: CheckResult[] = [];
    for (const p of probes) {
        const where = `${p.address}:${p.port}`;
        const key = `monitoring:ports.${p.name}`;
        if (p.result === "free" || (p.result === "EADDRINUSE" && ours.has(p.port))) continue;
        if (p.result === "EADDRINUSE") results.push(fail(`port ${where} (${p.name}) is in use by another program: stop it or set ${key} to a free port`));
        else if (p.result === "EADDRNOTAVAIL") {
            results.push(fail(`monitoring:bindAddress ${p.address} is not an address of this host: use 127.0.0.1 or one of this host's addresses`));
            break;
        } else if (p.result === "EACCES") results.push(fail(`port ${where} (${p.name}) needs root to bind: set ${key} to a port above 1023`));
        else results.push(fail(`port ${where} (${p.name}) cannot be bound (${p.result}): set ${key} to another port`));
    }
    if (results.length === 0 && probes.length > 0) {
        results.push(ok(`ports ${probes.map((p) => p.port).join(", ")} free on ${probes[0].address}${ours.size > 0 ? " (or held by this stack)" : ""}`));
    }
    return results;
}
