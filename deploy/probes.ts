// Thin I/O probes: each asks one real tool or socket and returns its raw answer (decisions live in the checks).
import { execFile } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as path from "path";
import { DockerEndpoint, DockerProbe, HttpAnswer, KubectlRun, KubernetesProbe, PortProbe, PromtoolRun, PulumiVersionProbe } from "./probe-types";
import { recipeDir, recipes } from "../support/toolchain";

const timeoutMs = 5000;

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<KubectlRun> {
    return new Promise((resolve) => {
        execFile(command, args, { env, timeout: 20000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
            const code = (err as NodeJS.ErrnoException | null)?.code;
            if (code === "ENOENT") return resolve({ found: false });
            const exitCode = err ? (typeof (err as any).code === "number" ? (err as any).code : 1) : 0;
            resolve({ found: true, exitCode, stdout: String(stdout), stderr: String(stderr) || (err && !stderr ? err.message : "") });
        });
    });
}

/** The promtool `npm run tools` built at the deployed Prometheus' version, else one on PATH; undefined when neither exists. */
export function findPromtool(env: NodeJS.ProcessEnv): string | undefined {
    const onPath = (env.PATH ?? "")
        .split(path.delimiter)
        .filter((dir) => dir !== "")
        .map((dir) => path.join(dir, "promtool"))
        .find((file) => fs.existsSync(file));
    const prometheus = recipes.find((r) => r.tool === "prometheus");
    const cached = prometheus ? path.join(recipeDir(prometheus), "promtool") : undefined;
    return cached && fs.existsSync(cached) ? cached : onPath;
}

/** `promtool check rules` on the user's rule files (paths relative to `projectDir`, where it runs). */
export async function probePromtoolRules(projectDir: string, rulePaths: readonly string[], env: NodeJS.ProcessEnv): Promise<PromtoolRun> {
    const promtool = findPromtool(env);
    if (promtool === undefined) return { found: false };
    return new Promise((resolve) => {
        execFile(promtool, ["check", "rules", ...rulePaths], { cwd: projectDir, env, timeout: 60000 }, (err, stdout, stderr) => {
            const exitCode = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === "number" ? (err as any).code : 1) : 0;
            resolve({ found: true, path: promtool, exitCode, stdout: String(stdout), stderr: String(stderr) });
        });
    });
}

/** `pulumi version`, without the CLI's update check. */
export async function probePulumiVersion(env: NodeJS.ProcessEnv): Promise<PulumiVersionProbe> {
    const result = await run("pulumi", ["version"], { ...env, PULUMI_SKIP_UPDATE_CHECK: "true" });
    return result.found ? { found: true, exitCode: result.exitCode, stdout: result.stdout } : { found: false };
}

/** One GET against the Docker Engine API, over its unix socket or TCP (TLS as DOCKER_TLS_VERIFY/DOCKER_CERT_PATH say). */
function dockerGet(endpoint: DockerEndpoint, requestPath: string, env: NodeJS.ProcessEnv): Promise<HttpAnswer> {
    return new Promise((resolve) => {
        let options: https.RequestOptions;
        let client: typeof http | typeof https = http;
        if (endpoint.transport === "unix") options = { socketPath: endpoint.socketPath, path: requestPath };
        else if (endpoint.transport === "tcp") {
            options = { host: endpoint.host, port: endpoint.port, path: requestPath };
            if (endpoint.tls) {
                const certs = env.DOCKER_CERT_PATH || path.join(env.HOME ?? "", ".docker");
                const read = (f: string) => (fs.existsSync(path.join(certs, f)) ? fs.readFileSync(path.join(certs, f)) : undefined);
                options = { ...options, ca: read("ca.pem"), cert: read("cert.pem"), key: read("key.pem") };
                client = https;
            }
        } else return resolve({ ok: false, error: "not probed" });
        const req = client.get({ ...options, timeout: timeoutMs, headers: { Host: "docker" } }, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (chunk) => (body += chunk));
            res.on("end", () => resolve({ ok: true, status: res.statusCode ?? 0, body }));
        });
        req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs / 1000}s`)));
        req.on("error", (err) => resolve({ ok: false, error: err.message }));
    });
}

/** `/_ping`; when it answers, `/version` and the stack's running containers. */
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

/** kubectl's view of the cluster: version first, the lists only when the cluster answered. */
export async function probeKubernetes(context: string | undefined, wantIngressClasses: boolean, env: NodeJS.ProcessEnv): Promise<KubernetesProbe> {
    const base = [...(context ? ["--context", context] : []), `--request-timeout=${timeoutMs / 1000}s`];
    const version = await run("kubectl", [...base, "version", "-o", "json"], env);
    if (!version.found || version.exitCode !== 0) return { context, version };
    const [namespaces, storageClasses, ingressClasses] = await Promise.all([
        run("kubectl", [...base, "get", "namespaces", "-o", "json"], env),
        run("kubectl", [...base, "get", "storageclasses", "-o", "json"], env),
        wantIngressClasses ? run("kubectl", [...base, "get", "ingressclasses", "-o", "json"], env) : Promise.resolve(undefined),
    ]);
    return { context, version, namespaces, storageClasses, ...(ingressClasses ? { ingressClasses } : {}) };
}
