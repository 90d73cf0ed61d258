import * as pulumi from "@pulumi/pulumi";
import { StackComponent, StackComponentArgs } from "../base/stack-component";
import { prometheusWorkload } from "./workload";

export interface PrometheusArgs extends StackComponentArgs {
    /** Rule files loaded from rules/ (file name -> YAML). Default: none. */
    readonly ruleFiles?: Readonly<Record<string, string>>;
    /** monitoring:scrapeCredentials (a Pulumi secret, JSON text of job -> token or password). Default: none. */
    readonly scrapeCredentials?: pulumi.Input<string>;
}

/** Prometheus: scrapes the platform and every component, evaluates the rule files, alerts Alertmanager. */
export class Prometheus extends StackComponent {
    constructor(name: string, args: PrometheusArgs, opts?: pulumi.ComponentResourceOptions) {
        super("Prometheus", name, "prometheus", "prometheus", args, opts);
        const externalUrl = args.platform.externalUrl("prometheus", args.config.ports.prometheus);
        this.run(name, args.platform, prometheusWorkload(args.config, externalUrl, args.ruleFiles ?? {}, args.scrapeCredentials));
        this.registerOutputs({ internalUrl: this.internalUrl, externalUrl: this.externalUrl });
    }
}
