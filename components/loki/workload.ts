// The Loki workload: single binary, chunks, index and compactor state on one volume.
import { StackConfig } from "../config/types";
import { Workload } from "../platform/workload";
import { lokiArgs, lokiPaths, renderLokiConfig } from "./config";

export function lokiWorkload(config: StackConfig): Workload {
    const port = config.ports.loki;
    return {
        component: "loki",
        image: config.images.loki,
        args: lokiArgs(),
        files: [{ path: lokiPaths.configFile, content: renderLokiConfig(config) }],
        ports: [{ name: "loki", port, protocol: "tcp" }],
        volumes: [{ name: "data", mountPath: lokiPaths.dataDir }],
        // The image is distroless (no shell, no wget); Loki 3.6.5+ probes its own /ready.
        health: { port, path: "/ready", exec: ["/usr/bin/loki", `-config.file=${lokiPaths.configFile}`, "-health"] },
    };
}
