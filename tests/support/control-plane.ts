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

/** An API server answer, with its `Warning` headers (Pod Security, deprecations). */
export type ApiResponse = { readonly status: number; readonly body: any; readonly warnings: readonly string[] };

export type ControlPlane = Awaited<ReturnType<typeof startControlPlane>>;

/** Flags written as one string, split before each `--` (a path may hold a space). */
const flags = (text: string): string[] => text.trim().split(/\s+(?=--)/);

/** A CA and the admin certificate it signs, for the API server, the components and every client. */
function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
    const openssl = (args: string) => execFileSync("openssl", args.split(" "), { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    openssl("req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=local-ca");
    openssl("req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr -subj /CN=admin/O=system:masters");
    fs.writeFileSync(path.join(dir, "admin.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n");
    openssl("x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out admin.crt -days 2 -extfile admin.ext");
    return { ca: path.join(dir, "ca.crt"), cert: path.join(dir, "admin.crt"), key: path.join(dir, "admin.key") };
}

/** Starts the control plane in `dir` (certificates, etcd's data, kubeconfig); `nodes` fake nodes for kwok. */
export async function startControlPlane(dir: string, nodes: number) {
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
            const headers = payload ? { "content-type": contentType } : {};
            const req = https.request({ host: "127.0.0.1", port, method, path: urlPath, ...tls, headers, timeout: 30_000 }, (res) => {
                let text = "";
                res.on("data", (d) => (text += d));
                res.on("end", () => {
                    let parsed: unknown = text;
                    try {
                        parsed = JSON.parse(text);
                    } catch {
                        // not JSON (e.g. /readyz)
                    }
                    resolve({ status: res.statusCode ?? 0, body: parsed, warnings: [res.headers.warning ?? []].flat() });
                });
            });
            req.on("error", reject);
            req.end(payload);
        });
    const start = async (...args: Parameters<typeof startDaemon>) => started.push(await startDaemon(...args));
    try {
        const peer = `http://127.0.0.1:${await freePort()}`;
        const client = "http://127.0.0.1:{port}";
        const etcd =
            `--name=node0 --data-dir=${path.join(dir, "etcd")} --listen-client-urls=${client} --advertise-client-urls=${client} ` +
            `--listen-peer-urls=${peer} --initial-advertise-peer-urls=${peer} --initial-cluster=node0=${peer}`;
        await start("etcd", flags(etcd), "/health", 30_000);
        port = await freePort();
        const serving = `--tls-cert-file=${pki.cert} --tls-private-key-file=${pki.key}`;
        // The default admission plugins (PodSecurity, LimitRanger, DefaultStorageClass, PersistentVolumeClaimResize, ...).
        const apiserver =
            `--etcd-servers=${started[0].baseUrl} --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port={port} ${serving} --client-ca-file=${pki.ca} ` +
            `--service-account-key-file=${pki.key} --service-account-signing-key-file=${pki.key} --service-account-issuer=https://kubernetes.default.svc.cluster.local ` +
            "--service-cluster-ip-range=10.96.0.0/16 --authorization-mode=RBAC --allow-privileged=true";
        await start("kube-apiserver", flags(apiserver), "/readyz", 120_000, { port, ready: async () => (await request("GET", "/readyz")).status === 200 });
        const server = `https://127.0.0.1:${port}`;
        const kubeconfig = path.join(dir, "kubeconfig");
        fs.writeFileSync(
            kubeconfig,
            JSON.stringify({
                apiVersion: "v1",
                kind: "Config",
                clusters: [{ name: "local", cluster: { server, "certificate-authority": pki.ca } }],
                users: [{ name: "admin", user: { "client-certificate": pki.cert, "client-key": pki.key } }],
                contexts: [{ name: "local", context: { cluster: "local", user: "admin" } }],
                "current-context": "local",
            }),
        );
        const leaseHeld = (name: string) => async () =>
            (await request("GET", `/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/${name}`)).status === 200;
        const component = `--kubeconfig=${kubeconfig} --bind-address=127.0.0.1 --secure-port=0`;
        const controllers =
            `${component} --root-ca-file=${pki.ca} --service-account-private-key-file=${pki.key} --use-service-account-credentials=false ` +
            "--controllers=*,-nodeipam,-service-lb-controller,-cloud-node-lifecycle,-route";
        await start("kube-controller-manager", flags(controllers), "", 60_000, { ready: leaseHeld("kube-controller-manager") });
        await start("kube-scheduler", flags(component), "", 60_000, { ready: leaseHeld("kube-scheduler") });
        // kwok renews each node's lease (as kwokctl sets it); without it the node controller marks the nodes NotReady
        // after a few minutes and every pod with them.
        const kwok = `--kubeconfig=${kubeconfig} --manage-all-nodes=true --cidr=10.0.0.1/24 --node-ip=127.0.0.1 --node-lease-duration-seconds=40`;
        await start("kwok", flags(`${kwok} --server-address=127.0.0.1:{port} ${serving}`), "/healthz", 60_000);
        for (let i = 0; i < nodes; i++) {
            const name = `kwok-node-${i}`;
            const resources = { cpu: "32", memory: "256Gi", pods: "110" };
            const labels = { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "topology.kubernetes.io/zone": `zone-${i}` };
            const node = { apiVersion: "v1", kind: "Node", metadata: { name, labels }, status: { allocatable: resources, capacity: resources } };
            const created = await request("POST", "/api/v1/nodes", node);
            if (created.status !== 201) throw new Error(`node ${name}: ${created.status} ${JSON.stringify(created.body)}`);
        }
        // logs: the last lines each component printed, for a failure message.
        return { server, kubeconfig, request, logs: () => started.map((d) => d.output().split("\n").slice(-20).join("\n")).join("\n---\n"), stop };
    } catch (error) {
        await stop();
        throw error;
    }
}
