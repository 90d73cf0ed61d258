// Tempo: traces over OTLP, blocks and WAL on a volume, and service-graph and span metrics for Prometheus.
import * as pulumi from "@pulumi/pulumi";
import { PortName, publishedPortNames } from "../model/config/catalog";
import { clientsOf, externalEndpoint, externalUrl } from "../model/endpoints";
import { renderTempoConfig, TempoConfig, tempoPaths } from "../render/tempo/config";
import { ComponentConfig, StackComponent, StackComponentArgs, storeConfigFile, Workload } from "./workload";

type Config = ComponentConfig & TempoConfig;
const uid = 10001;

function tempoWorkload({ config, secrets = {} }: StackComponentArgs<Config>): Workload {
    const p = config.ports;
    // With the OTLP collector deployed its ports are the published OTLP ones; Tempo's are reached inside the stack.
    const published = publishedPortNames(config);
    const publish = (name: PortName) => (published.includes(name) ? {} : { published: false as const });
    return {
        component: "tempo",
        image: config.images.tempo,
        args: [`-config.file=${tempoPaths.configFile}`],
        // With a bucket, tempo.yml holds the store's keys: a secret file only Tempo's user reads.
        files: [
            storeConfigFile(uid, tempoPaths.configFile, config.objectStorage?.buckets.traces, secrets.objectStorageCredentials, (keys) =>
                renderTempoConfig(config, keys),
            ),
        ],
        ports: [
            { name: "tempo", port: p.tempo, clients: clientsOf(config, "grafana", "prometheus") },
            // The platform's services send their traces, directly or through the OTLP collector.
            { name: "tempoOtlpGrpc", port: p.tempoOtlpGrpc, clients: ["platform-services"], ...publish("tempoOtlpGrpc") },
            { name: "tempoOtlpHttp", port: p.tempoOtlpHttp, clients: clientsOf(config, "platform-services", "otel-collector"), ...publish("tempoOtlpHttp") },
        ],
        volumes: [{ name: "data", mountPath: tempoPaths.dataDir }],
        // Tempo runs as 10001 and its image does not create /var/tempo.
        chownsVolumes: true,
        user: { uid, gid: uid },
        scratchDirs: ["/tmp"],
        stableIdentity: true,
        // Distroless image with no self-probe: platforms that probe over HTTP use /ready; Prometheus' `up{job="tempo"}` covers Docker.
        health: { port: p.tempo, path: "/ready", livenessPath: "/metrics" },
    };
}

export class Tempo extends StackComponent {
    /** OTLP gRPC endpoint (host:port) and HTTP URL from outside, for the services' exporters. */
    public readonly otlpGrpcEndpoint: pulumi.Output<string>;
    public readonly otlpHttpEndpoint: pulumi.Output<string>;

    constructor(name: string, args: StackComponentArgs<Config>, opts?: pulumi.ComponentResourceOptions) {
        super("Tempo", name, "tempo", "tempo", args, opts);
        this.otlpGrpcEndpoint = pulumi.output(externalEndpoint(args.config, "tempo", args.config.ports.tempoOtlpGrpc));
        this.otlpHttpEndpoint = pulumi.output(externalUrl(args.config, "tempo", args.config.ports.tempoOtlpHttp));
        this.run(name, args, tempoWorkload(args), { otlpGrpcEndpoint: this.otlpGrpcEndpoint, otlpHttpEndpoint: this.otlpHttpEndpoint });
    }
}
