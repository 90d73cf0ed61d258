// Node Exporter on every node; where callers prove who they are through the platform's API, kube-rbac-proxy serves its port.
import * as pulumi from "@pulumi/pulumi";
import { helperImages } from "../model/config/catalog";
import { profileOf } from "../model/config/platforms";
import { clientsOf, PortClient } from "../model/endpoints";
import { ComponentConfig, Sidecar, StackComponent, StackComponentArgs, Workload } from "./workload";

/** The ciphers kube-prometheus allows the proxy (ECDHE with AES-GCM or ChaCha20 only). */
const proxyCipherSuites = [
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
];

/** Serves TLS (its own certificate), passing a request only when its bearer token may `get` the non-resource URL /metrics. */
function rbacProxy(port: number, clients: readonly PortClient[]): Sidecar {
    return {
        name: "kube-rbac-proxy",
        image: helperImages.kubeRbacProxy,
        args: [`--secure-listen-address=[$(IP)]:${port}`, `--tls-cipher-suites=${proxyCipherSuites.join(",")}`, `--upstream=http://127.0.0.1:${port}/`],
        ports: [{ name: "nodeExporter", port, clients }],
        env: [{ name: "IP", instance: "ip" }],
        // The image's nonroot user.
        user: { uid: 65532, gid: 65532 },
        resources: { requests: { cpu: "10m", memory: "20Mi" }, limits: { cpu: "20m", memory: "40Mi" } },
        healthPort: port,
        authenticatesClients: true,
    };
}

export function nodeExporterWorkload(config: ComponentConfig): Workload {
    const port = config.ports.nodeExporter;
    const proxied = profileOf(config).clusterApi;
    const clients = clientsOf(config, "prometheus");
    return {
        component: "node-exporter",
        image: config.images["node-exporter"],
        args: [
            "--path.procfs=/host/proc",
            "--path.sysfs=/host/sys",
            "--path.rootfs=/host/root",
            // Behind the proxy only the proxy (on the node's address, same port) reaches it, over the loopback.
            `--web.listen-address=${proxied ? "127.0.0.1" : ""}:${port}`,
            // Container and kubelet mounts would otherwise show up as filesystems of the host.
            "--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run|var/lib/docker/.+|var/lib/kubelet/.+)($|/)",
        ],
        files: [],
        ports: proxied ? [] : [{ name: "nodeExporter", port, clients }],
        ...(proxied ? { sidecars: [rbacProxy(port, clients)] } : {}),
        volumes: [],
        hostMounts: [
            { hostPath: "/proc", mountPath: "/host/proc" },
            { hostPath: "/sys", mountPath: "/host/sys" },
            { hostPath: "/", mountPath: "/host/root" },
        ],
        // node_exporter's documented minimum: the host's PID and network namespaces, its root filesystem read-only.
        hostNamespaces: true,
        user: { uid: 65534, gid: 65534 },
        perNode: true,
        health: { port, path: "/", ...(proxied ? { host: "127.0.0.1" } : {}), exec: ["wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}/`] },
    };
}

export class NodeExporter extends StackComponent {
    constructor(name: string, args: StackComponentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("NodeExporter", name, "node-exporter", "nodeExporter", args, opts);
        this.run(name, args, nodeExporterWorkload(args.config));
    }
}
