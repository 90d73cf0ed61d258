// Thin I/O probes: each asks one tool or socket for its raw answer, so the pure checks (checks.ts, checks-kubernetes.ts) are tested with recorded ones.
import { execFile } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as path from "path";
import { onPath, recipeDir, recipes } from "../support/toolchain";

/** One run of a command-line tool (`pulumi version` prints `v3.276.0`); `path` is the program that ran. */
export type ToolRun = { found: false } | { found: true; path?: string; exitCode: number; stdout: string; stderr: string };

export type DockerEndpoint =
    | { url: string; transport: "unix"; socketPath: string }
    | { url: string; transport: "tcp"; host: string; port: number; tls: boolean }
    /** ssh:// and npipe:// need the docker CLI or Windows; the preflight does not probe them. */
    | { url: string; transport: "unsupported" };

export type HttpAnswer = { ok: true; status: number; body: string } | { ok: false; error: string };
/** Docker Engine API answers: `GET /_ping`, then `GET /version` and the stack's containers (`GET /containers/json`). */
export type DockerProbe = { endpoint: DockerEndpoint; ping?: HttpAnswer; version?: HttpAnswer; containers?: HttpAnswer };
/** Trying to listen on a published port's address, as Docker will: "free", or the listen error's code (EADDRINUSE, ...). */
export type PortProbe = { name: string; port: number; address: string; result: string };
/** `kubectl version -o json` through the context used (monitoring:kubeContext, else the current one), then the lists. */
export type KubernetesProbe = { context?: string; version: ToolRun; namespaces?: ToolRun; storageClasses?: ToolRun; ingressClasses?: ToolRun };

export const timeoutMs = 5000;

function run(command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd?: string; timeout?: number }): Promise<ToolRun> {
    return new Promise((resolve) => {
        execFile(command, args, { timeout: 20000, maxBuffer: 16 * 1024 * 1024, ...options }, (err, stdout, stderr) => {
            if ((err as NodeJS.ErrnoException | null)?.code === "ENOENT") return resolve({ found: false });
            const code = (err as { code?: unknown } | null)?.code;
            const exitCode = err ? (typeof code === "number" ? code : 1) : 0;
            resolve({ found: true, exitCode, stdout: String(stdout), stderr: String(stderr) || (err && !stderr ? err.message : "") });
        });
    });
}

/** The promtool `npm run tools` built at the deployed Prometheus' version, else one on PATH; undefined when neither exists. */
export function findPromtool(env: NodeJS.ProcessEnv): string | undefined {
    const prometheus = recipes.find((r) => r.tool === "prometheus");
    const cached = prometheus && path.join(recipeDir(prometheus), "promtool");
    return cached && fs.existsSync(cached) ? cached : onPath("promtool", env);
}

/** `promtool check rules` on the user's rule files (paths relative to `projectDir`, where it runs, so it names them so). */
export async function probePromtoolRules(projectDir: string, rulePaths: readonly string[], env: NodeJS.ProcessEnv): Promise<ToolRun> {
    const promtool = findPromtool(env);
    if (promtool === undefined) return { found: false };
    const result = await run(promtool, ["check", "rules", ...rulePaths], { cwd: projectDir, env, timeout: 60000 });
    return result.found ? { ...result, path: promtool } : result;
}

/** `pulumi <args>` without its update check (which would add seconds and a line of stderr). */
export function runPulumi(args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<ToolRun> {
    return run("pulumi", args, { cwd, env: { ...env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
}

export function getAnswer(client: typeof http | typeof https, options: https.RequestOptions): Promise<HttpAnswer> {
    return new Promise((resolve) => {
        const req = client.get(options, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (chunk) => (body += chunk));
            res.on("end", () => resolve({ ok: true, status: res.statusCode ?? 0, body }));
        });
        req.on("timeout", () => req.destroy(new Error(`no answer within ${(options.timeout ?? 0) / 1000}s`)));
        req.on("error", (err) => resolve({ ok: false, error: err.message }));
    });
}

/** One GET against the Docker Engine API, over its unix socket or TCP (TLS as DOCKER_TLS_VERIFY/DOCKER_CERT_PATH say). */
function dockerGet(endpoint: Exclude<DockerEndpoint, { transport: "unsupported" }>, requestPath: string, env: NodeJS.ProcessEnv): Promise<HttpAnswer> {
    const where = endpoint.transport === "unix" ? { socketPath: endpoint.socketPath } : { host: endpoint.host, port: endpoint.port };
    const options: https.RequestOptions = { ...where, path: requestPath, timeout: timeoutMs, headers: { Host: "docker" } };
    if (endpoint.transport === "unix" || !endpoint.tls) return getAnswer(http, options);
    const certs = env.DOCKER_CERT_PATH || path.join(env.HOME ?? "", ".docker");
    const read = (f: string) => (fs.existsSync(path.join(certs, f)) ? fs.readFileSync(path.join(certs, f)) : undefined);
    return getAnswer(https, { ...options, ca: read("ca.pem"), cert: read("cert.pem"), key: read("key.pem") });
}

export async function probeDocker(endpoint: DockerEndpoint, stack: string, env: NodeJS.ProcessEnv): Promise<DockerProbe> {
    if (endpoint.transport === "unsupported") return { endpoint };
    const ping = await dockerGet(endpoint, "/_ping", env);
    if (!ping.ok || ping.status !== 200) return { endpoint, ping };
    const filters = encodeURIComponent(JSON.stringify({ label: [`org.provisioning.monitoring.stack=${stack}`] }));
    const [version, containers] = await Promise.all([dockerGet(endpoint, "/version", env), dockerGet(endpoint, `/containers/json?filters=${filters}`, env)]);
    return { endpoint, ping, version, containers };
}

/** Listens on address:port the way Docker's port publishing will, and lets go at once. */
export function probePort(name: string, address: string, port: number): Promise<PortProbe> {
    return new Promise((resolve) => {
        const server = net.createServer();
        server.once("error", (err: NodeJS.ErrnoException) => resolve({ name, port, address, result: err.code ?? err.message }));
        server.listen({ host: address, port, exclusive: true }, () => server.close(() => resolve({ name, port, address, result: "free" })));
    });
}

export async function probeKubernetes(context: string | undefined, wantIngressClasses: boolean, env: NodeJS.ProcessEnv): Promise<KubernetesProbe> {
    const kubectl = (...args: string[]) =>
        run("kubectl", [...(context ? ["--context", context] : []), `--request-timeout=${timeoutMs / 1000}s`, ...args], { env });
    const version = await kubectl("version", "-o", "json");
    if (!version.found || version.exitCode !== 0) return { context, version };
    const [namespaces, storageClasses, ingressClasses] = await Promise.all([
        kubectl("get", "namespaces", "-o", "json"),
        kubectl("get", "storageclasses", "-o", "json"),
        wantIngressClasses ? kubectl("get", "ingressclasses", "-o", "json") : undefined,
    ]);
    return { context, version, namespaces, storageClasses, ...(ingressClasses ? { ingressClasses } : {}) };
}
