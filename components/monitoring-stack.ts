// MonitoringStack: the seven components on one platform, wired to each other.
import * as pulumi from "@pulumi/pulumi";
import { Alertmanager } from "./alertmanager";
import { AlertmanagerSecrets } from "./alertmanager/workload";
import { ComponentName } from "../model/config/catalog";
import { SecretKey } from "../model/config/schema";
import { StackConfig } from "../model/config/types";
import { Grafana } from "./grafana";
import { GrafanaContent } from "./grafana-content";
import { GrafanaRuleGroupSpec } from "../render/grafana-content/alert-rule-groups";
import { DashboardResourceSpec } from "../render/grafana-content/dashboards";
import { Loki } from "./loki";
import { NodeExporter } from "./node-exporter";
import { Prometheus } from "./prometheus";
import { Promtail } from "./promtail";
import { Tempo } from "./tempo";
import { PlatformFactory } from "./base/workload";

/** The stack's secret config values, each a Pulumi secret. */
export type StackSecrets = Partial<Record<SecretKey, pulumi.Output<string>>>;

export interface MonitoringStackArgs {
    /** The validated stack config (see model/config). */
    readonly config: StackConfig;
    /** Makes the platform the components run on (platform/index.ts's createPlatform). */
    readonly createPlatform: PlatformFactory;
    /** Secret config values; absent keys are generated (Grafana password) or leave their channel off. Default: none. */
    readonly secrets?: StackSecrets;
    /** Prometheus rule files (file name -> YAML). Default: none. */
    readonly prometheusRuleFiles?: Readonly<Record<string, string>>;
    /** Dashboards Grafana gets as provider resources. Default: none. */
    readonly dashboards?: readonly DashboardResourceSpec[];
    /** Alert rule groups Grafana evaluates. Default: none. */
    readonly grafanaRuleGroups?: readonly GrafanaRuleGroupSpec[];
}

/** Every deployed component, by name; a component not in `monitoring:components` is absent. */
export interface StackComponents {
    readonly prometheus?: Prometheus;
    readonly grafana?: Grafana;
    readonly loki?: Loki;
    readonly promtail?: Promtail;
    readonly tempo?: Tempo;
    readonly alertmanager?: Alertmanager;
    readonly nodeExporter?: NodeExporter;
}

export class MonitoringStack extends pulumi.ComponentResource {
    public readonly components: StackComponents;
    /** Grafana's data sources, dashboards and alerting; absent without Grafana. */
    public readonly grafanaContent?: GrafanaContent;
    /** Names of the deployed components, in catalogue order. */
    public readonly componentNames: pulumi.Output<ComponentName[]>;

    constructor(name: string, args: MonitoringStackArgs, opts?: pulumi.ComponentResourceOptions) {
        super("monitoring:index:MonitoringStack", name, {}, opts);
        const { config } = args;
        const secrets = args.secrets ?? {};
        const platform = args.createPlatform(config, name, this);
        const has = (c: ComponentName) => config.components.includes(c);
        const common = { config, platform };
        const child = (suffix: string) => `${name}-${suffix}`;

        const alertmanager = has("alertmanager")
            ? new Alertmanager(child("alertmanager"), { ...common, secrets: alertmanagerSecrets(secrets) }, { parent: this })
            : undefined;
        const prometheus = has("prometheus")
            ? new Prometheus(
                  child("prometheus"),
                  { ...common, ruleFiles: args.prometheusRuleFiles, scrapeCredentials: secrets.scrapeCredentials },
                  { parent: this },
              )
            : undefined;
        const loki = has("loki") ? new Loki(child("loki"), common, { parent: this }) : undefined;
        // Promtail starts after Loki so its first pushes are not refused.
        const promtail = has("promtail") ? new Promtail(child("promtail"), common, { parent: this, dependsOn: [...(loki?.ready ?? [])] }) : undefined;
        const tempo = has("tempo") ? new Tempo(child("tempo"), common, { parent: this }) : undefined;
        const nodeExporter = has("node-exporter") ? new NodeExporter(child("node-exporter"), common, { parent: this }) : undefined;
        const grafana = has("grafana")
            ? new Grafana(
                  child("grafana"),
                  {
                      ...common,
                      adminPassword: secrets.grafanaAdminPassword,
                      smtpPassword: secrets.smtpPassword,
                      dataSourceUrls: {
                          prometheus: prometheus?.internalUrl,
                          loki: loki?.internalUrl,
                          tempo: tempo?.internalUrl,
                          alertmanager: alertmanager?.internalUrl,
                      },
                  },
                  { parent: this },
              )
            : undefined;

        // Inside Grafana: data sources, dashboards and alerting, as provider resources (drift shows in `pulumi preview`).
        this.grafanaContent = grafana
            ? new GrafanaContent(
                  child("grafana-content"),
                  {
                      config,
                      url: config.grafanaUrl ?? grafana.externalUrl,
                      adminUser: grafana.adminUser,
                      adminPassword: grafana.adminPassword,
                      grafanaReady: grafana.ready,
                      secrets,
                      dashboards: args.dashboards,
                      ruleGroups: args.grafanaRuleGroups,
                  },
                  { parent: this },
              )
            : undefined;

        this.components = { prometheus, grafana, loki, promtail, tempo, alertmanager, nodeExporter };
        this.componentNames = pulumi.output([...config.components]);
        this.registerOutputs({ componentNames: this.componentNames });
    }
}

function alertmanagerSecrets(secrets: StackSecrets): AlertmanagerSecrets {
    return {
        pagerdutyServiceKey: secrets.pagerdutyServiceKey,
        slackWebhookUrl: secrets.slackWebhookUrl,
        smtpPassword: secrets.smtpPassword,
        deadMansSwitchUrl: secrets.deadMansSwitchUrl,
    };
}
