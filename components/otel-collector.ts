// The OTLP collector (monitoring:otlpCollector): OpenTelemetry Collector core, Apache 2.0, Alloy's OTLP engine (docs/how-to/send-otlp.md); queues in memory.
import * as pulumi from "@pulumi/pulumi";
import { collectorName, helperImages } from "../model/config/catalog";
import { clientsOf, externalEndpoint, externalUrl } from "../model/endpoints";
import { OtelCollectorConfig, otelCollectorPaths, renderOtelCollectorConfig } from "../render/otel-collector/config";
import { ComponentConfig, StackComponent, StackComponentArgs, Workload } from "./workload";

type Config = OtelCollectorConfig & ComponentConfig;

function otelCollectorWorkload(config: Config): Workload {
    const p = config.ports;
    return {
        component: collectorName,
        image: helperImages.otelCollector,
        args: [`--config=${otelCollectorPaths.configFile}`],
        files: [{ path: otelCollectorPaths.configFile, content: renderOtelCollectorConfig(config) }],
        ports: [
            // The platform's services send their metrics, logs and traces.
            { name: "otlpGrpc", port: p.otlpGrpc, clients: ["platform-services"] },
            { name: "otlpHttp", port: p.otlpHttp, clients: ["platform-services"] },
            { name: "otelCollector", port: p.otelCollector, clients: clientsOf(config, "prometheus") },
        ],
        volumes: [],
        user: { uid: 10001, gid: 10001 },
        // Distroless, no self-probe; its metrics endpoint answers once the service has started.
        health: { port: p.otelCollector, path: "/metrics" },
    };
}

export class OtelCollector extends StackComponent {
    /** The stack's OTLP endpoints from outside: gRPC (host:port) and HTTP (URL), for the services' exporters. */
    public readonly otlpGrpcEndpoint: pulumi.Output<string>;
    public readonly otlpHttpEndpoint: pulumi.Output<string>;

    constructor(name: string, args: StackComponentArgs<Config>, opts?: pulumi.ComponentResourceOptions) {
        super("OtelCollector", name, collectorName, "otlpHttp", args, opts);
        this.otlpGrpcEndpoint = pulumi.output(externalEndpoint(args.config, collectorName, args.config.ports.otlpGrpc));
        this.otlpHttpEndpoint = pulumi.output(externalUrl(args.config, collectorName, args.config.ports.otlpHttp));
        this.run(name, args, otelCollectorWorkload(args.config), { otlpGrpcEndpoint: this.otlpGrpcEndpoint, otlpHttpEndpoint: this.otlpHttpEndpoint });
    }
}
