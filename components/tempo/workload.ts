// The Tempo workload: OTLP gRPC and HTTP receivers, blocks and WAL on a volume owned by Tempo's user.
import { StackConfig } from "../../model/config/types";
import { Workload } from "../base/workload";
import { deployedClients } from "../../model/clients";
import { renderTempoConfig, tempoArgs, tempoPaths } from "../../render/tempo/config";

export function tempoWorkload(config: StackConfig): Workload {
    const p = config.ports;
    return {
        component: "tempo",
        image: config.images.tempo,
        args: tempoArgs(),
        files: [{ path: tempoPaths.configFile, content: renderTempoConfig(config) }],
        ports: [
            { name: "tempo", port: p.tempo, protocol: "tcp", clients: deployedClients(config, ["grafana", "prometheus"]) },
            // The platform's services send their traces.
            { name: "tempoOtlpGrpc", port: p.tempoOtlpGrpc, protocol: "tcp", clients: ["platform-services"] },
            { name: "tempoOtlpHttp", port: p.tempoOtlpHttp, protocol: "tcp", clients: ["platform-services"] },
        ],
        volumes: [{ name: "data", mountPath: tempoPaths.dataDir }],
        // Tempo runs as 10001 and its image does not create /var/tempo.
        volumeOwner: "10001:10001",
        user: { uid: 10001, gid: 10001 },
        scratchDirs: ["/tmp"],
        stableIdentity: true,
        // Distroless image with no self-probe: platforms that probe over HTTP use /ready; Prometheus' `up{job="tempo"}` covers Docker.
        health: { port: p.tempo, path: "/ready", livenessPath: "/metrics" },
    };
}
