// Loki: stores and queries the logs the log agent ships; single binary, chunks, index and compactor state on one volume
// (or, with objectStorage's logs bucket, in the bucket, three replicas), retention enforced by its compactor.
import * as pulumi from "@pulumi/pulumi";
import { ConfigSlice } from "../model/config/types";
import { clientsOf } from "../model/endpoints";
import { lokiMemberlistPort, lokiPaths, lokiReplicas, renderLokiConfig } from "../render/loki/config";
import { ComponentConfig, StackComponent, StackComponentArgs, Workload, WorkloadFile, objectStorageKeys } from "./workload";

type Config = ComponentConfig & ConfigSlice<"lokiRetention" | "objectStorage" | "lokiObjectStorageFrom">;
const uid = 10001;

/** loki.yml; with a bucket it holds the store's keys, so it is a secret file only Loki's user reads. */
function lokiConfigFile(config: Config, objectStorageCredentials: pulumi.Input<string> | undefined): WorkloadFile {
    if (!config.objectStorage?.buckets.logs || objectStorageCredentials === undefined) return { path: lokiPaths.configFile, content: renderLokiConfig(config) };
    return {
        path: lokiPaths.configFile,
        content: objectStorageKeys(objectStorageCredentials).apply((k) => renderLokiConfig(config, k)),
        secret: true,
        owner: String(uid),
    };
}

function lokiWorkload(config: Config, objectStorageCredentials: pulumi.Input<string> | undefined): Workload {
    const port = config.ports.loki;
    const replicas = lokiReplicas(config);
    return {
        component: "loki",
        image: config.images.loki,
        args: [`-config.file=${lokiPaths.configFile}`],
        files: [lokiConfigFile(config, objectStorageCredentials)],
        // The log agent, the OTLP collector and platform services push, Grafana queries, Prometheus scrapes.
        ports: [
            { name: "loki", port, protocol: "tcp", clients: clientsOf(config, "promtail", "otel-collector", "grafana", "prometheus", "platform-services") },
        ],
        volumes: [{ name: "data", mountPath: lokiPaths.dataDir }],
        user: { uid, gid: uid },
        scratchDirs: ["/tmp"],
        stableIdentity: true,
        ...(replicas > 1 ? { replicas, peerPort: { name: "memberlist", port: lokiMemberlistPort } } : {}),
        // The image is distroless (no shell, no wget); Loki 3.6.5+ probes its own /ready.
        health: { port, path: "/ready", livenessPath: "/metrics", exec: ["/usr/bin/loki", `-config.file=${lokiPaths.configFile}`, "-health"] },
    };
}

export interface LokiArgs extends StackComponentArgs<Config> {
    /** monitoring:objectStorageCredentials (a Pulumi secret, JSON text of accessKeyId and secretAccessKey). Default: none. */
    readonly objectStorageCredentials?: pulumi.Input<string>;
}

export class Loki extends StackComponent {
    /** Push API inside the stack (what the log agent and platform services use), and from outside. */
    public readonly pushUrl: pulumi.Output<string>;
    public readonly externalPushUrl: pulumi.Output<string>;

    constructor(name: string, args: LokiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("Loki", name, "loki", "loki", args, opts);
        this.pushUrl = this.internalUrl.apply((u) => `${u}/loki/api/v1/push`);
        this.externalPushUrl = this.externalUrl.apply((u) => `${u}/loki/api/v1/push`);
        this.run(name, args, lokiWorkload(args.config, args.objectStorageCredentials), { pushUrl: this.pushUrl, externalPushUrl: this.externalPushUrl });
    }
}
