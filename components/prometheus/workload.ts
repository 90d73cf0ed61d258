// The Prometheus workload: config and rule files, TSDB on a volume, retention as flags.
import { StackConfig } from "../config/types";
import { Workload } from "../platform/workload";
import { prometheusArgs, prometheusPaths, renderPrometheusConfig } from "./config";

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
        ports: [{ name: "prometheus", port, protocol: "tcp" }],
        volumes: [{ name: "data", mountPath: prometheusPaths.dataDir }],
        reachesHost: true,
        health: { port, path: "/-/ready", exec: ["wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}/-/ready`] },
    };
}
