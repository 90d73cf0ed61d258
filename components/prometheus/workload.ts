// The Prometheus workload: config and rule files, TSDB on a volume, retention as flags.
import { StackConfig } from "../config/types";
import { Workload } from "../platform/workload";
import { deployedClients } from "../render/clients";
import { prometheusArgs, prometheusDiscovers, prometheusPaths, prometheusReadsNodeMetrics, renderPrometheusConfig } from "./config";

export function prometheusWorkload(config: StackConfig, externalUrl: string, ruleFiles: Readonly<Record<string, string>>): Workload {
    const port = config.ports.prometheus;
    return {
        component: "prometheus",
        image: config.images.prometheus,
        args: prometheusArgs(config, externalUrl),
        files: [
            { path: prometheusPaths.configFile, content: renderPrometheusConfig(config) },
            ...Object.keys(ruleFiles)
                .sort()
                .map((file) => ({ path: `${prometheusPaths.rulesDir}/${file}`, content: ruleFiles[file] })),
        ],
        // Grafana queries it, Tempo's metrics generator writes to it, platform stacks may query it.
        ports: [{ name: "prometheus", port, protocol: "tcp", clients: deployedClients(config, ["grafana", "tempo", "platform-services"]) }],
        volumes: [{ name: "data", mountPath: prometheusPaths.dataDir }],
        reachesHost: true,
        // The image's nobody user.
        user: { uid: 65534, gid: 65534 },
        scratchDirs: ["/tmp"],
        stableIdentity: true,
        discovers: prometheusDiscovers(config),
        readsNodeMetrics: prometheusReadsNodeMetrics(config),
        health: {
            port,
            path: "/-/ready",
            // Ready only after the WAL replay; alive well before, so a long replay is not killed.
            livenessPath: "/-/healthy",
            exec: ["wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}/-/ready`],
        },
    };
}
