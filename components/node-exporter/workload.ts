// The Node Exporter workload: host metrics from read-only mounts of /proc, /sys and /, on every node.
import { StackConfig } from "../../model/config/types";
import { Workload } from "../base/workload";
import { metricsClients } from "../../model/clients";
import { nodeExporterArgs, nodeExporterHostMounts } from "../../render/node-exporter/args";
import { nodeExporterProxy } from "./rbac-proxy";

export function nodeExporterWorkload(config: StackConfig): Workload {
    const port = config.ports.nodeExporter;
    const kubernetes = config.platform === "kubernetes";
    return {
        component: "node-exporter",
        image: config.images["node-exporter"],
        args: nodeExporterArgs(config),
        files: [],
        // On Kubernetes the port is the proxy's; node_exporter answers on the loopback only.
        ports: kubernetes ? [] : [{ name: "nodeExporter", port, protocol: "tcp", clients: metricsClients(config) }],
        ...(kubernetes ? { sidecars: [nodeExporterProxy(config, metricsClients(config))], healthHost: "127.0.0.1" } : {}),
        volumes: [],
        hostMounts: nodeExporterHostMounts.map((m) => ({ ...m })),
        // node_exporter's documented minimum: the host's PID and network namespaces, its root filesystem read-only.
        hostPid: true,
        hostNetwork: true,
        user: { uid: 65534, gid: 65534 },
        perNode: true,
        health: { port, path: "/", exec: ["wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}/`] },
    };
}
