// Loki, single binary: its data on one volume, or in objectStorage's logs bucket with three replicas; its compactor enforces retention.
import * as pulumi from "@pulumi/pulumi";
import { clientsOf } from "../model/endpoints";
import { LokiConfig, lokiMemberlistPort, lokiPaths, lokiReplicas, renderLokiConfig } from "../render/loki/config";
import { ComponentConfig, StackComponent, StackComponentArgs, storeConfigFile, Workload } from "./workload";

type Config = ComponentConfig & LokiConfig;
const uid = 10001;

function lokiWorkload({ config, secrets = {} }: StackComponentArgs<Config>): Workload {
    const port = config.ports.loki;
    const replicas = lokiReplicas(config);
    return {
        component: "loki",
        image: config.images.loki,
        args: [`-config.file=${lokiPaths.configFile}`],
        // With a bucket, loki.yml holds the store's keys: a secret file only Loki's user reads.
        files: [
            storeConfigFile(uid, lokiPaths.configFile, config.objectStorage?.buckets.logs, secrets.objectStorageCredentials, (keys) =>
                renderLokiConfig(config, keys),
            ),
        ],
        // The log agent, the OTLP collector and platform services push, Grafana queries, Prometheus scrapes.
        ports: [{ name: "loki", port, clients: clientsOf(config, "promtail", "otel-collector", "grafana", "prometheus", "platform-services") }],
        volumes: [{ name: "data", mountPath: lokiPaths.dataDir }],
        user: { uid, gid: uid },
        scratchDirs: ["/tmp"],
        stableIdentity: true,
        ...(replicas > 1 ? { replicas, peerPort: { name: "memberlist", port: lokiMemberlistPort } } : {}),
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
        this.run(name, args, lokiWorkload(args), { pushUrl: this.pushUrl, externalPushUrl: this.externalPushUrl });
    }
}
