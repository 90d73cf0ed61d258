import * as pulumi from "@pulumi/pulumi";
import { StackComponent, StackComponentArgs } from "../base/stack-component";
import { AlertmanagerSecrets, alertmanagerWorkload } from "./workload";

export interface AlertmanagerArgs extends StackComponentArgs {
    /** Receiver credentials (PagerDuty key, Slack webhook, SMTP password) as Pulumi secrets. Default: none. */
    readonly secrets?: AlertmanagerSecrets;
}

/** Alertmanager: groups, routes, inhibits and silences the alerts Prometheus sends. */
export class Alertmanager extends StackComponent {
    constructor(name: string, args: AlertmanagerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("Alertmanager", name, "alertmanager", "alertmanager", args, opts);
        const externalUrl = args.platform.externalUrl("alertmanager", args.config.ports.alertmanager);
        this.run(name, args.platform, alertmanagerWorkload(args.config, externalUrl, args.secrets ?? {}));
        this.registerOutputs({ internalUrl: this.internalUrl, externalUrl: this.externalUrl });
    }
}
