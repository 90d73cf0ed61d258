// MonitoringStack: the seven components on one platform, wired to each other, and what Grafana holds.
import * as pulumi from "@pulumi/pulumi";
import { ComponentName, deploysCollector } from "../model/config/catalog";
import { StackConfig } from "../model/config/types";
import { GrafanaRuleGroupSpec } from "../render/grafana-content/alert-rule-groups";
import { DashboardResourceSpec } from "../render/stack-files";
import { Alertmanager } from "./alertmanager";
import { Grafana } from "./grafana";
import { GrafanaContent } from "./grafana-content";
import { Loki } from "./loki";
import { NodeExporter } from "./node-exporter";
import { OtelCollector } from "./otel-collector";
import { Prometheus } from "./prometheus";
import { Promtail } from "./promtail";
import { Tempo } from "./tempo";
import { Thanos } from "./thanos";
import { PlatformFactory, StackSecrets } from "./workload";

export interface MonitoringStackArgs {
    /** The validated stack config (model/config); each component is given it as the slice it reads. */
    readonly config: StackConfig;
    readonly createPlatform: PlatformFactory;
    /** Secret config values, each a Pulumi secret; absent keys are generated (Grafana password) or leave their channel off. */
    readonly secrets?: StackSecrets;
    readonly prometheusRuleFiles?: Readonly<Record<string, string>>;
    readonly dashboards?: readonly DashboardResourceSpec[];
    readonly grafanaRuleGroups?: readonly GrafanaRuleGroupSpec[];
}

export class MonitoringStack extends pulumi.ComponentResource {
    /** Every deployed component, by name; one not in monitoring:components is undefined. */
    public readonly components;
    public readonly grafanaContent?: GrafanaContent;
    public readonly componentNames: pulumi.Output<ComponentName[]>;

    constructor(name: string, args: MonitoringStackArgs, opts?: pulumi.ComponentResourceOptions) {
        super("monitoring:index:MonitoringStack", name, {}, opts);
        const { config, secrets } = args;
        const common = { config, platform: args.createPlatform(config, name, this), secrets };
        const child = { parent: this };
        const has = (c: ComponentName) => config.components.includes(c);

        const alertmanager = has("alertmanager") ? new Alertmanager(`${name}-alertmanager`, common, child) : undefined;
        const prometheus = has("prometheus") ? new Prometheus(`${name}-prometheus`, { ...common, ruleFiles: args.prometheusRuleFiles }, child) : undefined;
        // Query over the Prometheus replicas' sidecars and the bucket; Grafana's Prometheus data source points at it.
        if (prometheus && config.thanos.enabled) new Thanos(`${name}-thanos`, common, child);
        const loki = has("loki") ? new Loki(`${name}-loki`, common, child) : undefined;
        // The log agent starts after Loki so its first pushes are not refused.
        const promtail = has("promtail") ? new Promtail(`${name}-promtail`, common, { ...child, dependsOn: [...(loki?.ready ?? [])] }) : undefined;
        const tempo = has("tempo") ? new Tempo(`${name}-tempo`, common, child) : undefined;
        const nodeExporter = has("node-exporter") ? new NodeExporter(`${name}-node-exporter`, common, child) : undefined;
        // Its stores first, so the first batches it forwards are not refused.
        const stores = [...(prometheus?.ready ?? []), ...(loki?.ready ?? []), ...(tempo?.ready ?? [])];
        const otelCollector = deploysCollector(config) ? new OtelCollector(`${name}-otel-collector`, common, { ...child, dependsOn: stores }) : undefined;
        const grafana = has("grafana") ? new Grafana(`${name}-grafana`, common, child) : undefined;

        // Inside Grafana: data sources, dashboards and alerting, as provider resources (drift shows in `pulumi preview`).
        this.grafanaContent = grafana
            ? new GrafanaContent(
                  `${name}-grafana-content`,
                  { config, grafana, secrets, dashboards: args.dashboards, ruleGroups: args.grafanaRuleGroups },
                  child,
              )
            : undefined;

        // otelCollector: the OTLP collector (monitoring:otlpCollector), in front of whichever of Prometheus, Loki and Tempo are deployed.
        this.components = { prometheus, grafana, loki, promtail, tempo, alertmanager, nodeExporter, otelCollector };
        this.componentNames = pulumi.output([...config.components]);
        this.registerOutputs({ componentNames: this.componentNames });
    }
}
