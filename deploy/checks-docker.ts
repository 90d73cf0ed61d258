// Pure preflight checks for the docker platform, over Docker Engine API answers and port probes.
import { portOwners, PortName } from "../model/config/catalog";
import { StackConfig } from "../model/config/types";
import { nodeExporterWorkload } from "../components/node-exporter";
import { promtailWorkload } from "../components/promtail";
import { CheckResult, DockerEndpoint, DockerProbe, PortProbe } from "./probe-types";

const ok = (message: string): CheckResult => ({ status: "ok", message });
const fail = (message: string): CheckResult => ({ status: "fail", message });
const warn = (message: string): CheckResult => ({ status: "warn", message });

/** The engine the Docker provider uses: monitoring:dockerHost, else DOCKER_HOST, else the local socket (the provider's order). */
export function resolveDockerEndpoint(dockerHost: string | undefined, env: Readonly<Record<string, string | undefined>>): DockerEndpoint {
    const url = dockerHost ?? (env.DOCKER_HOST || "unix:///var/run/docker.sock");
    if (url.startsWith("unix://")) return { url, transport: "unix", socketPath: url.slice("unix://".length) };
    const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(url);
    if (tcp) {
        const tls = (env.DOCKER_TLS_VERIFY ?? "") !== "";
        return { url, transport: "tcp", host: tcp[1].replace(/^\[|\]$/g, ""), port: Number(tcp[2] ?? (tls ? 2376 : 2375)), tls };
    }
    return { url, transport: "unsupported" };
}

/** Host ports the stack publishes on monitoring:bindAddress: the ports of the deployed components. */
export function publishedPorts(config: StackConfig): { name: PortName; port: number }[] {
    return (Object.keys(portOwners) as PortName[])
        .filter((name) => config.components.includes(portOwners[name]))
        .map((name) => ({ name, port: config.ports[name] }));
}

/** Components whose containers bind-mount host paths (/proc, /sys, /, /var/log), which only a Linux engine has. */
export function hostMountingComponents(config: StackConfig): string[] {
    const workloads = [
        ...(config.components.includes("node-exporter") ? [nodeExporterWorkload(config)] : []),
        ...(config.components.includes("promtail") ? [promtailWorkload(config)] : []),
    ];
    return workloads.filter((w) => (w.hostMounts ?? []).length > 0).map((w) => w.component);
}

function parseJson(body: string): any {
    try {
        return JSON.parse(body);
    } catch {
        return undefined;
    }
}

/** The engine answers `/_ping` with 200 "OK"; its `/version` Os must be linux when containers bind-mount host paths. */
export function checkDockerEngine(probe: DockerProbe, config: StackConfig): CheckResult[] {
    const { endpoint } = probe;
    if (endpoint.transport === "unsupported") {
        return [warn(`Docker engine at ${endpoint.url} not checked (the preflight probes unix:// and tcp:// engines only)`)];
    }
    const ping = probe.ping;
    if (!ping || !ping.ok || ping.status !== 200) {
        const why = !ping ? "not probed" : ping.ok ? `HTTP ${ping.status} from /_ping` : ping.error;
        return [
            fail(
                `Docker engine not reachable at ${endpoint.url} (${why}): start Docker (sudo systemctl start docker, or Docker Desktop) ` +
                    "or point monitoring:dockerHost (or DOCKER_HOST) at a running engine",
            ),
        ];
    }
    const version = probe.version?.ok ? parseJson(probe.version.body) : undefined;
    const os: string | undefined = version?.Os;
    const described = version ? `Docker ${version.Version} (API ${version.ApiVersion}, ${os}/${version.Arch})` : "Docker engine";
    const mounting = hostMountingComponents(config);
    if (os !== undefined && os !== "linux" && mounting.length > 0) {
        return [
            fail(
                `${described} at ${endpoint.url} runs ${os} containers, but ${mounting.join(" and ")} bind-mount Linux host paths: ` +
                    `switch the engine to Linux containers or remove ${mounting.join(", ")} from monitoring:components`,
            ),
        ];
    }
    return [ok(`${described} reachable at ${endpoint.url}`)];
}

/** Host ports the stack's own containers already publish (a second `deploy` finds them in use, rightly). */
export function portsOfStack(containers: DockerProbe["containers"], stack: string): Set<number> {
    const list = containers?.ok ? parseJson(containers.body) : undefined;
    const ports = new Set<number>();
    if (!Array.isArray(list)) return ports;
    for (const c of list) {
        if (c?.Labels?.["org.provisioning.monitoring.stack"] !== stack) continue;
        for (const p of c.Ports ?? []) if (typeof p.PublicPort === "number") ports.add(p.PublicPort);
    }
    return ports;
}

/** Every published port must be free on the bind address, unless this stack's own container holds it. */
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
