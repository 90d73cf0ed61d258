import * as pulumi from "@pulumi/pulumi";
import { StackComponent, StackComponentArgs } from "../stack-component";
import { promtailWorkload } from "./workload";

export type PromtailArgs = StackComponentArgs;

/** Promtail: ships the platform's log files and the systemd journal to the stack's Loki. */
export class Promtail extends StackComponent {
    constructor(name: string, args: PromtailArgs, opts?: pulumi.ComponentResourceOptions) {
        super("Promtail", name, "promtail", "promtail", args, opts);
        this.run(name, args.platform, promtailWorkload(args.config));
        this.registerOutputs({ internalUrl: this.internalUrl, externalUrl: this.externalUrl });
    }
}
