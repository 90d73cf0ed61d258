import * as pulumi from "@pulumi/pulumi";
import { StackComponent, StackComponentArgs } from "../base/stack-component";
import { lokiWorkload } from "./workload";

export type LokiArgs = StackComponentArgs;

/** Loki: stores and queries the logs Promtail ships, with retention enforced by its compactor. */
export class Loki extends StackComponent {
    /** Push API inside the stack (what Promtail and platform services use). */
    public readonly pushUrl: pulumi.Output<string>;
    /** Push API from outside. */
    public readonly externalPushUrl: pulumi.Output<string>;

    constructor(name: string, args: LokiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("Loki", name, "loki", "loki", args, opts);
        this.pushUrl = this.internalUrl.apply((u) => `${u}/loki/api/v1/push`);
        this.externalPushUrl = this.externalUrl.apply((u) => `${u}/loki/api/v1/push`);
        this.run(name, args.platform, lokiWorkload(args.config));
        this.registerOutputs({ internalUrl: this.internalUrl, externalUrl: this.externalUrl, pushUrl: this.pushUrl, externalPushUrl: this.externalPushUrl });
    }
}
