import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { StackComponent, StackComponentArgs } from "../base/stack-component";
import { grafanaWorkload } from "./workload";

/** In-network URLs of the stack's other components, for Grafana's data sources (absent when not deployed). */
export interface GrafanaDataSourceUrls {
    readonly prometheus?: pulumi.Input<string>;
    readonly loki?: pulumi.Input<string>;
    readonly tempo?: pulumi.Input<string>;
    readonly alertmanager?: pulumi.Input<string>;
}

export interface GrafanaArgs extends StackComponentArgs {
    /** Admin password as a Pulumi secret. Default: a random 32-character password, generated once and kept in state. */
    readonly adminPassword?: pulumi.Input<string>;
    /** SMTP password for the e-mail contact point, as a Pulumi secret. Default: none (an unauthenticated relay). */
    readonly smtpPassword?: pulumi.Input<string>;
    /** Where Grafana's data sources point. Default: none. */
    readonly dataSourceUrls?: GrafanaDataSourceUrls;
}

/** Grafana: dashboards and alerting UI over Prometheus, Loki, Tempo and Alertmanager. */
export class Grafana extends StackComponent {
    /** Admin user name. */
    public readonly adminUser: pulumi.Output<string>;
    /** Admin password (secret). */
    public readonly adminPassword: pulumi.Output<string>;
    /** Data source URLs Grafana is wired to. */
    public readonly dataSourceUrls: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: GrafanaArgs, opts?: pulumi.ComponentResourceOptions) {
        super("Grafana", name, "grafana", "grafana", args, opts);
        const generated = () => new random.RandomPassword(`${name}-admin-password`, { length: 32, special: false }, { parent: this }).result;
        // Never admin/admin: the password is the stack's secret or a generated one, secret either way.
        this.adminPassword = pulumi.secret(args.adminPassword ?? generated());
        this.adminUser = pulumi.output(args.config.grafanaAdminUser);
        this.dataSourceUrls = pulumi.output(args.dataSourceUrls ?? {}) as pulumi.Output<Record<string, string>>;
        const rootUrl = args.platform.externalUrl("grafana", args.config.ports.grafana);
        this.run(name, args.platform, grafanaWorkload(args.config, rootUrl, this.adminPassword, args.smtpPassword));
        this.registerOutputs({
            internalUrl: this.internalUrl,
            externalUrl: this.externalUrl,
            adminUser: this.adminUser,
            adminPassword: this.adminPassword,
            dataSourceUrls: this.dataSourceUrls,
        });
    }
}
