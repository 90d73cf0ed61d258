import * as pulumi from "@pulumi/pulumi";
import { StackComponent, StackComponentArgs } from "../base/stack-component";
import { nodeExporterWorkload } from "./workload";

export type NodeExporterArgs = StackComponentArgs;

/** Node Exporter: the host's CPU, memory, disk and network metrics. */
export class NodeExporter extends StackComponent {
    constructor(name: string, args: NodeExporterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("NodeExporter", name, "node-exporter", "nodeExporter", args, opts);
        this.run(name, args.platform, nodeExporterWorkload(args.config));
        this.registerOutputs({ internalUrl: this.internalUrl, externalUrl: this.externalUrl });
    }
}
