import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseStackConfig } from "../../model/config/parse";
import { checkDockerEngine, checkPorts, hostMountingComponents, portsOfStack, publishedPorts, resolveDockerEndpoint } from "../../deploy/checks";
import { DockerProbe, HttpAnswer, PortProbe } from "../../deploy/probes";
import { loadRawStackConfig, loadStackConfig } from "../support/stack-files";

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, "..", "fixtures", "preflight", name), "utf8");
const answer = (body: string, status = 200): HttpAnswer => ({ ok: true, status, body });
const socket = resolveDockerEndpoint(undefined, {});

describe("preflight: the docker platform (deploy/checks.ts)", () => {
    const dev = loadStackConfig("dev");

    describe("which engine", () => {
        it("uses monitoring:dockerHost, else DOCKER_HOST, else the local socket (the Docker provider's order)", () => {
            assert.deepEqual(socket, { url: "unix:///var/run/docker.sock", transport: "unix", socketPath: "/var/run/docker.sock" });
            assert.deepEqual(resolveDockerEndpoint(undefined, { DOCKER_HOST: "unix:///run/user/1000/docker.sock" }), {
                url: "unix:///run/user/1000/docker.sock",
                transport: "unix",
                socketPath: "/run/user/1000/docker.sock",
            });
            assert.equal(resolveDockerEndpoint("unix:///srv/docker.sock", { DOCKER_HOST: "tcp://10.0.0.1:2375" }).url, "unix:///srv/docker.sock");
        });
        it("speaks TCP, with TLS when DOCKER_TLS_VERIFY is set, and leaves ssh:// unprobed", () => {
            assert.deepEqual(resolveDockerEndpoint("tcp://10.0.0.5:2375", {}), {
                url: "tcp://10.0.0.5:2375",
                transport: "tcp",
                host: "10.0.0.5",
                port: 2375,
                tls: false,
            });
            assert.deepEqual(resolveDockerEndpoint("tcp://docker.internal", { DOCKER_TLS_VERIFY: "1" }), {
                url: "tcp://docker.internal",
                transport: "tcp",
                host: "docker.internal",
                port: 2376,
                tls: true,
            });
            assert.equal(resolveDockerEndpoint("ssh://me@build-host", {}).transport, "unsupported");
        });
    });

    describe("the engine", () => {
        it("fails when /_ping gets no answer, naming the endpoint, the error and the fix", () => {
            const probe: DockerProbe = { endpoint: socket, ping: { ok: false, error: "connect ENOENT /var/run/docker.sock" } };
            assert.deepEqual(checkDockerEngine(probe, dev), [
                {
                    status: "fail",
                    message:
                        "Docker engine not reachable at unix:///var/run/docker.sock (connect ENOENT /var/run/docker.sock): start Docker (sudo systemctl start docker, or Docker Desktop) or point monitoring:dockerHost (or DOCKER_HOST) at a running engine",
                },
            ]);
        });
        it("fails when /_ping answers with an error status", () => {
            const [result] = checkDockerEngine({ endpoint: socket, ping: answer('{"message":"page not found"}', 500) }, dev);
            assert.equal(result.status, "fail");
            assert.match(result.message, /\(HTTP 500 from \/_ping\)/);
        });
        it("passes a Linux engine, describing it from /version", () => {
            const probe: DockerProbe = { endpoint: socket, ping: answer("OK"), version: answer(fixture("docker-version-linux.json")) };
            assert.deepEqual(checkDockerEngine(probe, dev), [
                { status: "ok", message: "Docker 27.0.1 (API 1.47, linux/amd64) reachable at unix:///var/run/docker.sock" },
            ]);
        });
        it("fails a Windows-containers engine when node-exporter or promtail bind-mount host paths", () => {
            assert.deepEqual(hostMountingComponents(dev), ["node-exporter", "promtail"]);
            const probe: DockerProbe = { endpoint: socket, ping: answer("OK"), version: answer(fixture("docker-version-windows.json")) };
            const [result] = checkDockerEngine(probe, dev);
            assert.equal(result.status, "fail");
            assert.equal(
                result.message,
                "Docker 27.0.1 (API 1.47, windows/amd64) at unix:///var/run/docker.sock runs windows containers, but node-exporter and promtail bind-mount Linux host paths: switch the engine to Linux containers or remove node-exporter, promtail from monitoring:components",
            );
        });
        it("accepts that engine when no component mounts host paths", () => {
            const raw = { ...loadRawStackConfig("dev"), "monitoring:components": JSON.stringify(["prometheus", "grafana"]) };
            const config = parseStackConfig(raw, "dev");
            assert.deepEqual(hostMountingComponents(config), []);
            const probe: DockerProbe = { endpoint: socket, ping: answer("OK"), version: answer(fixture("docker-version-windows.json")) };
            assert.equal(checkDockerEngine(probe, config)[0].status, "ok");
        });
        it("warns that an ssh:// engine was not checked", () => {
            assert.equal(checkDockerEngine({ endpoint: resolveDockerEndpoint("ssh://me@host", {}) }, dev)[0].status, "warn");
        });
    });

    describe("published ports", () => {
        it("are the ports of the deployed components, the OTLP ones the collector's", () => {
            assert.deepEqual(
                publishedPorts(dev).map((p) => p.port),
                [9090, 3000, 3100, 9093, 9100, 3200, 9080, 4317, 4318, 8888],
            );
            assert.deepEqual(
                publishedPorts(dev)
                    .filter((p) => p.port === 4317 || p.port === 4318)
                    .map((p) => p.name),
                ["otlpGrpc", "otlpHttp"],
            );
            // Without the collector, Tempo publishes its own OTLP ports, as before it.
            const withoutCollector = parseStackConfig({ ...loadRawStackConfig("dev"), "monitoring:otlpCollector": "false" }, "dev");
            assert.deepEqual(
                publishedPorts(withoutCollector).map((p) => p.port),
                [9090, 3000, 3100, 9093, 9100, 3200, 4317, 4318, 9080],
            );
            const raw = {
                ...loadRawStackConfig("dev"),
                "monitoring:components": JSON.stringify(["prometheus", "grafana"]),
                "monitoring:ports": '{"grafana":3001}',
            };
            assert.deepEqual(publishedPorts(parseStackConfig(raw, "dev")), [
                { name: "prometheus", port: 9090 },
                { name: "grafana", port: 3001 },
                { name: "otlpGrpc", port: 4317 },
                { name: "otlpHttp", port: 4318 },
                { name: "otelCollector", port: 8888 },
            ]);
        });
        const probes = (result: Record<number, string>): PortProbe[] =>
            publishedPorts(dev).map((p) => ({ name: p.name, port: p.port, address: "127.0.0.1", result: result[p.port] ?? "free" }));

        it("pass when all are free", () => {
            assert.deepEqual(checkPorts(probes({}), undefined, dev), [
                { status: "ok", message: "ports 9090, 3000, 3100, 9093, 9100, 3200, 9080, 4317, 4318, 8888 free on 127.0.0.1" },
            ]);
        });
        it("fail a port another program holds, with the key that moves it", () => {
            assert.deepEqual(checkPorts(probes({ 3000: "EADDRINUSE" }), undefined, dev), [
                {
                    status: "fail",
                    message: "port 127.0.0.1:3000 (grafana) is in use by another program: stop it or set monitoring:ports.grafana to a free port",
                },
            ]);
        });
        it("pass a port this stack's own container publishes (a second deploy), but not another stack's", () => {
            const containers = answer(fixture("docker-containers-dev.json"));
            assert.deepEqual([...portsOfStack(containers, "dev")], [3000]);
            assert.deepEqual([...portsOfStack(containers, "qa")], []);
            assert.equal(checkPorts(probes({ 3000: "EADDRINUSE" }), containers, dev)[0].status, "ok");
            const qa = { ...dev, stack: "qa" };
            assert.equal(checkPorts(probes({ 3000: "EADDRINUSE" }), containers, qa)[0].status, "fail");
        });
        it("fail once when the bind address is not this host's, and explain a privileged port", () => {
            const foreign = probes({}).map((p) => ({ ...p, address: "10.9.8.7", result: "EADDRNOTAVAIL" }));
            assert.deepEqual(checkPorts(foreign, undefined, dev), [
                { status: "fail", message: "monitoring:bindAddress 10.9.8.7 is not an address of this host: use 127.0.0.1 or one of this host's addresses" },
            ]);
            assert.deepEqual(checkPorts(probes({ 9090: "EACCES" }), undefined, dev), [
                { status: "fail", message: "port 127.0.0.1:9090 (prometheus) needs root to bind: set monitoring:ports.prometheus to a port above 1023" },
            ]);
        });
    });
});
