// The Node Exporter workload: host metrics from read-only mounts of /proc, /sys and /.
import { StackConfig } from "../config/types";
import { Workload } from "../platform/workload";
import { nodeExporterArgs, nodeExporterHostMounts } from "./args";

export function nodeExporterWorkload(config: StackConfig): Workload {
    const port = config.ports.nodeExporter;
    return {
        component: "node-exporter",
        image: config.images["node-exporter"],
        args: nodeExporterArgs(config),
        files: [],
        ports: [{ name: "nodeExporter", port, protocol: "tcp" }],
        volumes: [],
        hostMounts: nodeExporterHostMounts.map((m) => ({ ...m })),
        hostPid: true,
        health: { port, path: "/", exec: ["wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}/`] },
    };
}
