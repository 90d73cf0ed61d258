import { strict as assert } from "assert";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { checkCluster } from "../../deploy/checks-kubernetes";
import { checkDockerEngine, resolveDockerEndpoint } from "../../deploy/checks";
import { probeDocker, probeKubernetes, probePort, runPulumi } from "../../deploy/probes";
import { loadStackConfig } from "../support/stack-files";

// The thin probes against real sockets and the real tools of this machine; no engine, cluster or Pulumi CLI is here.
describe("preflight probes (deploy/probes.ts)", () => {
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "probes-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("a port: free, or EADDRINUSE while something listens on it", async () => {
        const server = net.createServer();
        await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
        const port = (server.address() as net.AddressInfo).port;
        try {
            assert.deepEqual(await probePort("grafana", "127.0.0.1", port), { name: "grafana", port, address: "127.0.0.1", result: "EADDRINUSE" });
        } finally {
            await new Promise((resolve) => server.close(resolve));
        }
        assert.equal((await probePort("grafana", "127.0.0.1", port)).result, "free");
    });

    it("a Docker socket that does not exist: the connection error, which the check turns into one line", async () => {
        const socket = path.join(dir, "docker.sock");
        const probe = await probeDocker(resolveDockerEndpoint(`unix://${socket}`, {}), "dev", {});
        assert.deepEqual(probe.ping, { ok: false, error: `connect ENOENT ${socket}` });
        assert.equal(probe.version, undefined, "nothing more is asked of an engine that does not answer");
        assert.equal(checkDockerEngine(probe, loadStackConfig("dev"))[0].status, "fail");
    });

    it("`pulumi version` with no Pulumi on PATH", async () => {
        assert.deepEqual(await runPulumi(["version"], { PATH: dir }), { found: false });
    });

    it("kubectl with no kubeconfig: it exits non-zero without serverVersion, or is missing; either way one failure", async () => {
        const env = { PATH: process.env.PATH, KUBECONFIG: path.join(dir, "no-kubeconfig"), HOME: dir };
        const probe = await probeKubernetes(undefined, false, env);
        if (probe.version.found) {
            assert.notEqual(probe.version.exitCode, 0);
            assert.equal(probe.namespaces, undefined, "no lists are asked of a cluster that does not answer");
            assert.match(checkCluster(probe).message, /^Kubernetes cluster not reachable through the current kubeconfig context \(/);
        } else {
            assert.match(checkCluster(probe).message, /^kubectl not found on PATH/);
        }
    });
});
