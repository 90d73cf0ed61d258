// The Loki workload: single binary, chunks, index and compactor state on one volume.
import { StackConfig } from "../../model/config/types";
import { Workload } from "../base/workload";
import { deployedClients } from "../../model/clients";
import { lokiArgs, lokiPaths, renderLokiConfig } from "../../render/loki/config";

export function lokiWorkload(config: StackConfig): Workload {
    const port = config.ports.loki;
    return {
        component: "loki",
        image: config.images.loki,
        args: lokiArgs(),
        files: [{ path: lokiPaths.configFile, content: renderLokiConfig(config) }],
        // Promtail and platform services push, Grafana queries, Prometheus scrapes.
        ports: [{ name: "loki", port, protocol: "tcp", clients: deployedClients(config, ["promtail", "grafana", "prometheus", "platform-services"]) }],
        volumes: [{ name: "data", mountPath: lokiPaths.dataDir }],
        user: { uid: 10001, gid: 10001 },
        scratchDirs: ["/tmp"],
        stableIdentity: true,
        // The image is distroless (no shell, no wget); Loki 3.6.5+ probes its own /ready.
        health: { port, path: "/ready", livenessPath: "/metrics", exec: ["/usr/bin/loki", `-config.file=${lokiPaths.configFile}`, "-health"] },
    };
}
