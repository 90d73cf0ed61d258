import * as pulumi from "@pulumi/pulumi";
import { StackComponent, StackComponentArgs } from "../base/stack-component";
import { alloyWorkload } from "./alloy-workload";
import { promtailWorkload } from "./workload";

export type PromtailArgs = StackComponentArgs;

/** The log agent (Promtail, or Grafana Alloy with monitoring:logAgent: alloy): ships the platform's log files, the journal and pod logs to Loki. */
export class Promtail extends StackComponent {
    constructor(name: string, args: PromtailArgs, opts?: pulumi.ComponentResourceOptions) {
        super("Promtail", name, "promtail", "promtail", args, opts);
        // One slot, one name and job (promtail) whichever agent runs, so switching keeps resource names, scrape job and alerts.
        this.run(name, args.platform, args.config.logAgent === "alloy" ? alloyWorkload(args.config) : promtailWorkload(args.config));
        this.registerOutputs({ internalUrl: this.internalUrl, externalUrl: this.externalUrl });
    }
}
