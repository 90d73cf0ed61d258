import * as pulumi from "@pulumi/pulumi";
import { StackComponent, StackComponentArgs } from "../base/stack-component";
import { tempoWorkload } from "./workload";

export type TempoArgs = StackComponentArgs;

/** Tempo: receives traces over OTLP, stores them, and turns them into service-graph and span metrics. */
export class Tempo extends StackComponent {
    /** OTLP gRPC endpoint (host:port) from outside, for services' exporters. */
    public readonly otlpGrpcEndpoint: pulumi.Output<string>;
    /** OTLP HTTP endpoint URL from outside. */
    public readonly otlpHttpEndpoint: pulumi.Output<string>;

    constructor(name: string, args: TempoArgs, opts?: pulumi.ComponentResourceOptions) {
        super("Tempo", name, "tempo", "tempo", args, opts);
        this.otlpGrpcEndpoint = pulumi.output(args.platform.externalEndpoint("tempo", args.config.ports.tempoOtlpGrpc));
        this.otlpHttpEndpoint = pulumi.output(args.platform.externalUrl("tempo", args.config.ports.tempoOtlpHttp));
        this.run(name, args.platform, tempoWorkload(args.config));
        this.registerOutputs({
            internalUrl: this.internalUrl,
            externalUrl: this.externalUrl,
            otlpGrpcEndpoint: this.otlpGrpcEndpoint,
            otlpHttpEndpoint: this.otlpHttpEndpoint,
        });
    }
}
