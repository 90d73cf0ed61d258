// A real Kubernetes control plane on 127.0.0.1, from the pinned binaries (npm run tools): etcd, kube-apiserver with its
// default admission plugins (Pod Security among them), kube-controller-manager, kube-scheduler, and kwok, which plays
// the kubelet for fake nodes so that scheduled pods become Running and Ready. No container runs: a pod's readiness is
// kwok's word, not its program's. One admin certificate (system:masters) serves, and authenticates every client, as
// kwok's own clusters do.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as path from "path";
import { Daemon, freePort, startDaemon } from "./daemon";

export interface ApiResponse {
    readonly status: number;
    readonly body: any;
    /** The API server's `Warning` headers (Pod Security, deprecations). */
    readonly warnings: readonly string[];
}

export interface ControlPlane {
    readonly server: string;
    readonly kubeconfig: string;
    request(method: string, urlPath: string, body?: unknown, contentType?: string): Promise<ApiResponse>;
    /** Everything each component printed, for a failure message. */
    logs(): string;
    stop(): Promise<void>;
}

function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
    const file = (name: string) => path.join(dir, name);
    const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=local-ca");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "admin.key", "-out", "admin.csr", "-subj", "/CN=admin/O=system:masters");
    fs.writeFileSync(file("admin.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n");
    openssl(
        "x509",
        "-req",
        "-in",
        "admin.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "admin.crt",
        "-days",
        "2",
        "-extfile",
        "admin.ext",
    );
    return { ca: file("ca.crt"), cert: file("admin.crt"), key: file("admin.key") };
}

function kubeconfigText(server: string, pki: { ca: string; cert: string; key: string }): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "local", cluster: { server, "certificate-authority": pki.ca } }],
        users: [{ name: "admin", user: { "client-certificate": pki.cert, "client-key": pki.key } }],
        contexts: [{ name: "local", context: { cluster: "local", user: "admin" } }],
        "current-context": "local",
    });
}

/** Starts the control plane in `dir` (certificates, etcd's data, kubeconfig); `nodes` fake nodes for kwok. */
export async function startControlPlane(dir: string, nodes: number): Promise<ControlPlane> {
    const pki = makeCertificates(dir);
    const tls = { ca: fs.readFileSync(pki.ca), cert: fs.readFileSync(pki.cert), key: fs.readFileSync(pki.key) };
    const started: Daemon[] = [];
    const stop = async () => {
        for (const d of started.reverse()) await d.stop();
    };
    let port = 0;
    const request = (method: string, urlPath: string, body?: unknown, contentType = "application/json"): Promise<ApiResponse> =>
        new Promise((resolve, reject) => {
            const payload = body === undefined ? undefined : JSON.stringify(body);
            const req = https.request(
                { host: "127.0.0.1", port, method, path: urlPath, ...tls, headers: payload ? { "content-type": contentType } : {}, timeout: 30_000 },
                (res) => {
                    let text = "";
                    res.on("data", (d) => (text += d));
                    res.on("end", () => {
                        const warning = res.headers.warning;
                        const warnings = warning === undefined ? [] : Array.isArray(warning) ? warning : [warning];
                        let parsed: unknown = text;
                        try {
                            parsed = JSON.parse(text);
                        } catch {
                            // not JSON (e.g. /readyz)
                        }
                        resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
                    });
                },
            );
            req.on("error", reject);
            req.end(payload);
        });
    try {
        const peerPort = await freePort();
        started.push(
            await startDaemon(
                "etcd",
                [
                    "--name=node0",
                    `--data-dir=${path.join(dir, "etcd")}`,
                    "--listen-client-urls=http://127.0.0.1:{port}",
                    "--advertise-client-urls=http://127.0.0.1:{port}",
                    `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
                    `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
                    `--initial-cluster=node0=http://127.0.0.1:${peerPort}`,
                ],
                "/health",
                30_000,
            ),
        );
        const etcd = started[0].baseUrl;
        port = await freePort();
        started.push(
            await startDaemon(
                "kube-apiserver",
                [
                    `--etcd-servers=${etcd}`,
                    "--bind-address=127.0.0.1",
                    "--advertise-address=127.0.0.1",
                    "--secure-port={port}",
                    `--tls-cert-file=${pki.cert}`,
                    `--tls-private-key-file=${pki.key}`,
                    `--client-ca-file=${pki.ca}`,
                    `--service-account-key-file=${pki.key}`,
                    `--service-account-signing-key-file=${pki.key}`,
                    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                    "--service-cluster-ip-range=10.96.0.0/16",
                    "--authorization-mode=RBAC",
                    // The default plugins (PodSecurity, LimitRanger, DefaultStorageClass, PersistentVolumeClaimResize, ...).
                    "--allow-privileged=true",
                ],
                "/readyz",
                120_000,
                { port, ready: async () => (await request("GET", "/readyz")).status === 200 },
            ),
        );
        const server = `https://127.0.0.1:${port}`;
        const kubeconfig = path.join(dir, "kubeconfig");
        fs.writeFileSync(kubeconfig, kubeconfigText(server, pki));
        const leaseHeld = (name: string) => async () =>
            (await request("GET", `/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/${name}`)).status === 200;
        started.push(
            await startDaemon(
                "kube-controller-manager",
                [
                    `--kubeconfig=${kubeconfig}`,
                    "--bind-address=127.0.0.1",
                    "--secure-port=0",
                    `--root-ca-file=${pki.ca}`,
                    `--service-account-private-key-file=${pki.key}`,
                    "--use-service-account-credentials=false",
                    "--controllers=*,-nodeipam,-service-lb-controller,-cloud-node-lifecycle,-route",
                ],
                "",
                60_000,
                { ready: leaseHeld("kube-controller-manager") },
            ),
        );
        started.push(
            await startDaemon("kube-scheduler", [`--kubeconfig=${kubeconfig}`, "--bind-address=127.0.0.1", "--secure-port=0"], "", 60_000, {
                ready: leaseHeld("kube-scheduler"),
            }),
        );
        started.push(
            await startDaemon(
                "kwok",
                [
                    `--kubeconfig=${kubeconfig}`,
                    "--manage-all-nodes=true",
                    "--cidr=10.0.0.1/24",
                    "--node-ip=127.0.0.1",
                    // kwok renews each node's lease (as kwokctl sets it); without it the node controller marks the nodes
                    // NotReady after a few minutes and every pod with them.
                    "--node-lease-duration-seconds=40",
                    "--server-address=127.0.0.1:{port}",
                    `--tls-cert-file=${pki.cert}`,
                    `--tls-private-key-file=${pki.key}`,
                ],
                "/healthz",
                60_000,
            ),
        );
        for (let i = 0; i < nodes; i++) {
            const name = `kwok-node-${i}`;
            const created = await request("POST", "/api/v1/nodes", {
                apiVersion: "v1",
                kind: "Node",
                metadata: { name, labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "topology.kubernetes.io/zone": `zone-${i}` } },
                status: { allocatable: { cpu: "32", memory: "256Gi", pods: "110" }, capacity: { cpu: "32", memory: "256Gi", pods: "110" } },
            });
            if (created.status !== 201) throw new Error(`node ${name}: ${created.status} ${JSON.stringify(created.body)}`);
        }
        return { server, kubeconfig, request, logs: () => started.map((d) => d.output().split("\n").slice(-20).join("\n")).join("\n---\n"), stop };
    } catch (error) {
        await stop();
        throw error;
    }
}
