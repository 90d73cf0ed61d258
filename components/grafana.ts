// Grafana: dashboards and alerting over Prometheus, Loki, Tempo and Alertmanager; grafana.ini, the admin password as a
// secret file (reset from it at every start), its database on a volume.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { clientsOf, externalUrl } from "../model/endpoints";
import { GrafanaIniConfig, grafanaPaths, grafanaStartScript, renderGrafanaIni } from "../render/grafana/config";
import { ComponentConfig, StackComponent, StackComponentArgs, Workload } from "./workload";

type Config = GrafanaIniConfig & ComponentConfig;

/** The image's user; its secret files must be readable by it alone. */
const uid = 472;

type GrafanaSecrets = { readonly smtpPassword?: pulumi.Input<string>; readonly ssoClientSecret?: pulumi.Input<string> };

function grafanaWorkload(config: Config, adminPassword: pulumi.Input<string>, { smtpPassword, ssoClientSecret }: GrafanaSecrets): Workload {
    const port = config.ports.grafana;
    const secret = (path: string, content: pulumi.Input<string>) => ({ path, content, secret: true, owner: String(uid) });
    return {
        component: "grafana",
        image: config.images.grafana,
        entrypoint: ["/bin/sh", "-c", grafanaStartScript()],
        args: [],
        files: [
            { path: grafanaPaths.configFile, content: renderGrafanaIni(config, externalUrl(config, "grafana", port)) },
            secret(grafanaPaths.adminPasswordFile, adminPassword),
            ...(smtpPassword !== undefined && config.notificationChannels.includes("email") ? [secret(grafanaPaths.smtpPasswordFile, smtpPassword)] : []),
            ...(ssoClientSecret !== undefined && config.grafanaSso ? [secret(grafanaPaths.ssoClientSecretFile, ssoClientSecret)] : []),
        ],
        ports: [{ name: "grafana", port, protocol: "tcp", clients: clientsOf(config, "prometheus", "users") }],
        volumes: [{ name: "data", mountPath: grafanaPaths.dataDir }],
        user: { uid, gid: uid },
        scratchDirs: ["/tmp"],
        ...(config.grafanaIngress ? { ingress: { port, ...config.grafanaIngress } } : {}),
        ...(config.grafanaHttpRoute ? { httpRoute: { port, ...config.grafanaHttpRoute } } : {}),
        health: { port, path: "/api/health", exec: ["wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}/api/health`] },
    };
}

export interface GrafanaArgs extends StackComponentArgs<Config> {
    /** Admin password as a Pulumi secret. Default: a random 32-character password, generated once and kept in state. */
    readonly adminPassword?: pulumi.Input<string>;
    /** SMTP password for the e-mail contact point, as a Pulumi secret. Default: none (an unauthenticated relay). */
    readonly smtpPassword?: pulumi.Input<string>;
    /** The identity provider's client secret for single sign-on (monitoring:grafanaSso), as a Pulumi secret. Default: none. */
    readonly ssoClientSecret?: pulumi.Input<string>;
}

export class Grafana extends StackComponent {
    public readonly adminUser: pulumi.Output<string>;
    /** Never admin/admin: the stack's secret or a generated one, secret either way. */
    public readonly adminPassword: pulumi.Output<string>;

    constructor(name: string, args: GrafanaArgs, opts?: pulumi.ComponentResourceOptions) {
        super("Grafana", name, "grafana", "grafana", args, opts);
        const generated = () => new random.RandomPassword(`${name}-admin-password`, { length: 32, special: false }, { parent: this }).result;
        this.adminPassword = pulumi.secret(args.adminPassword ?? generated());
        this.adminUser = pulumi.output(args.config.grafanaAdminUser);
        this.run(name, args, grafanaWorkload(args.config, this.adminPassword, args), {
            adminUser: this.adminUser,
            adminPassword: this.adminPassword,
        });
    }
}
