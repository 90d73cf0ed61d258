// The Tempo workload: OTLP gRPC and HTTP receivers, blocks and WAL on a volume owned by Tempo's user.
import { StackConfig } from "../config/types";
import { Workload } from "../platform/workload";
import { renderTempoConfig, tempoArgs, tempoPaths } from "./config";

export function tempoWorkload(config: StackConfig): Workload {
    const p = config.ports;
    return {
        component: "tempo",
        image: config.images.tempo,
        args: tempoArgs(),
        files: [{ path: tempoPaths.configFile, content: renderTempoConfig(config) }],
        ports: [
            { name: "tempo", port: p.tempo, protocol: "tcp" },
            { name: "tempoOtlpGrpc", port: p.tempoOtlpGrpc, protocol: "tcp" },
            { name: "tempoOtlpHttp", port: p.tempoOtlpHttp, protocol: "tcp" },
        ],
        volumes: [{ name: "data", mountPath: tempoPaths.dataDir }],
        // Tempo runs as 10001 and its image does not create /var/tempo.
        volumeOwner: "10001:10001",
        // Distroless image with no self-probe: platforms that probe over HTTP use /ready; Prometheus' `up{job="tempo"}` covers Docker.
        health: { port: p.tempo, path: "/ready" },
    };
}
