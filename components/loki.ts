// Loki: stores and queries the logs the log agent ships; single binary, chunks, index and compactor state on one volume,
// retention enforced by its compactor.
import * as pulumi from "@pulumi/pulumi";
import { ConfigSlice } from "../model/config/types";
import { clientsOf } from "../model/endpoints";
import { lokiPaths, renderLokiConfig } from "../render/loki/config";
import { ComponentConfig, StackComponent, StackComponentArgs, Workload } from "./workload";

type Config = ComponentConfig & ConfigSlice<"lokiRetention">;

function lokiWorkload(config: Config): Workload {
    const port = config.ports.loki;
    return {
        component: "loki",
        image: config.images.loki,
        args: [`-config.file=${lokiPaths.configFile}`],
        files: [{ path: lokiPaths.configFile, content: renderLokiConfig(config) }],
        // The log agent, the OTLP collector and platform services push, Grafana queries, Prometheus scrapes.
        ports: [
            { name: "loki", port, protocol: "tcp", clients: clientsOf(config, "promtail", "otel-collector", "grafana", "prometheus", "platform-services") },
        ],
        volumes: [{ name: "data", mountPath: lokiPaths.dataDir }],
        user: { uid: 10001, gid: 10001 },
        scratchDirs: ["/tmp"],
        stableIdentity: true,
        // The image is distroless (no shell, no wget); Loki 3.6.5+ probes its own /ready.
        health: { port, path: "/ready", livenessPath: "/metrics", exec: ["/usr/bin/loki", `-config.file=${lokiPaths.configFile}`, "-health"] },
    };
}

export class Loki extends StackComponent {
    /** Push API inside the stack (what the log agent and platform services use), and from outside. */
    public readonly pushUrl: pulumi.Output<string>;
    public readonly externalPushUrl: pulumi.Output<string>;

    constructor(name: string, args: StackComponentArgs<Config>, opts?: pulumi.ComponentResourceOptions) {
        super("Loki", name, "loki", "loki", args, opts);
        this.pushUrl = this.internalUrl.apply((u) => `${u}/loki/api/v1/push`);
        this.externalPushUrl = this.externalUrl.apply((u) => `${u}/loki/api/v1/push`);
        this.run(name, args, lokiWorkload(args.config), { pushUrl: this.pushUrl, externalPushUrl: this.externalPushUrl });
    }
}
