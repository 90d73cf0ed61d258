// Grafana: dashboards and alerting; the admin password a secret file (reset from it at every start), its database on a volume.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { clientsOf, externalUrl } from "../model/endpoints";
import { GrafanaIniConfig, grafanaPaths, grafanaStartScript, renderGrafanaIni } from "../render/grafana/config";
import { ComponentConfig, secretFile, StackComponent, StackComponentArgs, StackSecrets, Workload } from "./workload";

type Config = GrafanaIniConfig & ComponentConfig;

/** The image's user; its secret files must be readable by it alone. */
const uid = 472;

function grafanaWorkload(config: Config, adminPassword: pulumi.Input<string>, { smtpPassword, grafanaSsoClientSecret }: StackSecrets): Workload {
    const port = config.ports.grafana;
    return {
        component: "grafana",
        image: config.images.grafana,
        entrypoint: ["/bin/sh", "-c", grafanaStartScript()],
        args: [],
        files: [
            { path: grafanaPaths.configFile, content: renderGrafanaIni(config, externalUrl(config, "grafana", port)) },
            secretFile(uid, grafanaPaths.adminPasswordFile, adminPassword),
            // Without an SMTP password, Grafana's mail goes through an unauthenticated relay.
            ...(smtpPassword !== undefined && config.notificationChannels.includes("email")
                ? [secretFile(uid, grafanaPaths.smtpPasswordFile, smtpPassword)]
                : []),
            ...(grafanaSsoClientSecret !== undefined && config.grafanaSso ? [secretFile(uid, grafanaPaths.ssoClientSecretFile, grafanaSsoClientSecret)] : []),
        ],
        ports: [{ name: "grafana", port, clients: clientsOf(config, "prometheus", "users") }],
        volumes: [{ name: "data", mountPath: grafanaPaths.dataDir }],
        user: { uid, gid: uid },
        scratchDirs: ["/tmp"],
        ...(config.grafanaIngress ? { ingress: { port, ...config.grafanaIngress } } : {}),
        ...(config.grafanaHttpRoute ? { httpRoute: { port, ...config.grafanaHttpRoute } } : {}),
        health: { port, path: "/api/health", exec: ["wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}/api/health`] },
    };
}

export class Grafana extends StackComponent {
    public readonly adminUser: pulumi.Output<string>;
    /** Never admin/admin: the stack's secret, else a random 32-character one generated once and kept in state; secret either way. */
    public readonly adminPassword: pulumi.Output<string>;

    constructor(name: string, args: StackComponentArgs<Config>, opts?: pulumi.ComponentResourceOptions) {
        super("Grafana", name, "grafana", "grafana", args, opts);
        const generated = () => new random.RandomPassword(`${name}-admin-password`, { length: 32, special: false }, { parent: this }).result;
        const secrets = args.secrets ?? {};
        this.adminPassword = pulumi.secret(secrets.grafanaAdminPassword ?? generated());
        this.adminUser = pulumi.output(args.config.grafanaAdminUser);
        this.run(name, args, grafanaWorkload(args.config, this.adminPassword, secrets), { adminUser: this.adminUser, adminPassword: this.adminPassword });
    }
}
