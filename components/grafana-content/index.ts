// GrafanaContent: everything inside Grafana as provider resources, so `pulumi up` puts back what was changed by hand.
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as grafana from "@pulumiverse/grafana";
import { SecretKey } from "../../model/config/schema";
import { StackConfig } from "../../model/config/types";
import { GrafanaRuleGroupSpec } from "../../render/grafana-content/alert-rule-groups";
import { dataSourceSpecs } from "../../render/grafana-content/datasources";
import { DashboardResourceSpec } from "../../render/grafana-content/dashboards";
import { folders } from "../../model/folders";
import { ContactPointSpec, GrafanaNotificationSpec, grafanaNotificationSpec } from "../../render/grafana-content/notifications";

export interface GrafanaContentArgs {
    readonly config: StackConfig;
    /** URL the Pulumi CLI reaches Grafana on. */
    readonly url: pulumi.Input<string>;
    readonly adminUser: pulumi.Input<string>;
    /** Admin password (a Pulumi secret). */
    readonly adminPassword: pulumi.Input<string>;
    /** Resources Grafana runs as; the health wait restarts when they are replaced. Default: none. */
    readonly grafanaReady?: readonly pulumi.Resource[];
    /** Contact point credentials, as Pulumi secrets. Default: none. */
    readonly secrets?: Partial<Record<SecretKey, pulumi.Input<string>>>;
    /** Dashboards to declare (built-in and custom). Default: none. */
    readonly dashboards?: readonly DashboardResourceSpec[];
    /** Alert rule groups Grafana evaluates (see alert-rule-groups.ts). Default: none. */
    readonly ruleGroups?: readonly GrafanaRuleGroupSpec[];
}

export interface DeployedDashboard {
    readonly uid: string;
    readonly title: string;
    readonly url: string;
}

export class GrafanaContent extends pulumi.ComponentResource {
    /** Each dashboard's uid, title and URL: `pulumi stack output dashboards` lists them. */
    public readonly dashboards: pulumi.Output<DeployedDashboard[]>;
    public readonly folderUids: pulumi.Output<Record<string, string>>;
    public readonly datasourceUids: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: GrafanaContentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("monitoring:index:GrafanaContent", name, {}, opts);
        const { config } = args;
        const secrets = args.secrets ?? {};
        const url = pulumi.output(args.url);

        // The provider may only talk to Grafana once it answers; a replaced container re-runs the wait.
        const healthy = new command.local.Command(
            `${name}-wait-healthy`,
            {
                create: pulumi.interpolate`node scripts/wait-for-http.js ${url}/api/health 300`,
                triggers: (args.grafanaReady ?? []).map((r) => (r as pulumi.CustomResource).id ?? r.urn),
            },
            { parent: this, dependsOn: [...(args.grafanaReady ?? [])] },
        );
        const provider = new grafana.Provider(
            `${name}-provider`,
            { url, auth: pulumi.secret(pulumi.interpolate`${args.adminUser}:${args.adminPassword}`) },
            { parent: this, dependsOn: [healthy] },
        );
        const child = { parent: this, provider };

        const folderResources = Object.fromEntries(
            Object.entries(folders).map(([key, spec]) => [key, new grafana.oss.Folder(`${name}-folder-${key}`, { uid: spec.uid, title: spec.title }, child)]),
        );
        const dataSources = dataSourceSpecs(config).map(
            (ds) =>
                new grafana.oss.DataSource(
                    `${name}-datasource-${ds.uid}`,
                    {
                        uid: ds.uid,
                        name: ds.name,
                        type: ds.type,
                        url: ds.url,
                        isDefault: ds.isDefault,
                        accessMode: "proxy",
                        jsonDataEncoded: ds.jsonDataEncoded,
                    },
                    child,
                ),
        );

        // The user's own folders (user/dashboards/<folder>/), named by uid next to the fixed ones.
        const folderByUid = new Map(Object.entries(folders).map(([key, spec]) => [spec.uid as string, folderResources[key]]));
        for (const d of args.dashboards ?? []) {
            if (!folderByUid.has(d.folder.uid))
                folderByUid.set(d.folder.uid, new grafana.oss.Folder(`${name}-folder-${d.folder.uid}`, { uid: d.folder.uid, title: d.folder.title }, child));
        }
        const deployedDashboards = (args.dashboards ?? []).map((d) => {
            new grafana.oss.Dashboard(
                `${name}-dashboard-${d.uid}`,
                { configJson: d.configJson, folder: d.folder.uid, overwrite: true },
                { ...child, dependsOn: [folderByUid.get(d.folder.uid)!, ...dataSources] },
            );
            return { uid: d.uid, title: d.title, url: pulumi.interpolate`${url}/d/${d.uid}` };
        });

        const notification = grafanaNotificationSpec(config);
        const policy = notification ? declareNotifications(name, notification, secrets, child) : undefined;
        for (const group of args.ruleGroups ?? []) {
            new grafana.alerting.RuleGroup(
                `${name}-rules-${group.name}`,
                {
                    name: group.name,
                    folderUid: group.folderUid,
                    intervalSeconds: group.intervalSeconds,
                    rules: group.rules.map((r) => ({
                        uid: r.uid,
                        name: r.name,
                        for: r.for,
                        condition: r.condition,
                        noDataState: r.noDataState,
                        execErrState: r.execErrState,
                        missingSeriesEvalsToResolve: r.missingSeriesEvalsToResolve,
                        labels: { ...r.labels },
                        annotations: { ...r.annotations },
                        datas: r.data.map((d) => ({ ...d, relativeTimeRange: { ...d.relativeTimeRange } })),
                    })),
                },
                { ...child, dependsOn: [folderResources.alerts, ...dataSources, ...(policy ? [policy] : [])] },
            );
        }

        this.dashboards = pulumi.all(deployedDashboards.map((d) => d.url.apply((u) => ({ uid: d.uid, title: d.title, url: u }))));
        this.folderUids = pulumi.output(Object.fromEntries(Object.entries(folders).map(([k, f]) => [k, f.uid])));
        this.datasourceUids = pulumi.output(Object.fromEntries(dataSourceSpecs(config).map((d) => [d.type, d.uid])));
        this.registerOutputs({ dashboards: this.dashboards, folderUids: this.folderUids, datasourceUids: this.datasourceUids });
    }
}

/** Contact points, mute timings and the one notification policy; returns the policy for rule groups to wait on. */
function declareNotifications(
    name: string,
    notification: GrafanaNotificationSpec,
    secrets: Partial<Record<SecretKey, pulumi.Input<string>>>,
    child: pulumi.CustomResourceOptions,
): grafana.alerting.NotificationPolicy {
    const muteTimings = notification.muteTimings.map(
        (m) =>
            new grafana.alerting.MuteTiming(
                `${name}-mute-${m.name}`,
                {
                    name: m.name,
                    intervals: m.intervals.map((i) => ({
                        weekdays: i.weekdays ? [...i.weekdays] : undefined,
                        times: i.times?.map((t) => ({ ...t })),
                        location: i.location,
                    })),
                },
                child,
            ),
    );
    const contactPoints = notification.contactPoints.map(
        (cp) => new grafana.alerting.ContactPoint(`${name}-contact-${cp.name}`, contactPointArgs(cp, secrets), child),
    );
    const policy = new grafana.alerting.NotificationPolicy(
        `${name}-notification-policy`,
        {
            contactPoint: notification.policy.contactPoint,
            groupBies: [...notification.policy.groupBy],
            groupWait: notification.policy.groupWait,
            groupInterval: notification.policy.groupInterval,
            repeatInterval: notification.policy.repeatInterval,
            // No child policy (hand-over to Alertmanager): left out rather than an empty list the provider stores as none.
            policies:
                notification.policy.policies.length === 0
                    ? undefined
                    : notification.policy.policies.map((p) => ({
                          contactPoint: p.contactPoint,
                          matchers: p.matchers.map((m) => ({ ...m })),
                          continue: p.continue,
                          muteTimings: p.muteTimings.length > 0 ? [...p.muteTimings] : undefined,
                      })),
        },
        { ...child, dependsOn: [...contactPoints, ...muteTimings] },
    );
    return policy;
}

function contactPointArgs(cp: ContactPointSpec, secrets: Partial<Record<SecretKey, pulumi.Input<string>>>): grafana.alerting.ContactPointArgs {
    const secret = (key: SecretKey) => {
        const value = secrets[key];
        // The config parser already requires each enabled channel's secret; this guards a programming error.
        if (value === undefined) throw new Error(`contact point ${cp.name} needs the secret monitoring:${key}`);
        return pulumi.secret(value);
    };
    switch (cp.kind) {
        case "email":
            return { name: cp.name, emails: [{ addresses: [...cp.addresses], singleEmail: false }] };
        case "pagerduty":
            return { name: cp.name, pagerduties: [{ integrationKey: secret(cp.secret) }] };
        case "slack":
            return { name: cp.name, slacks: [{ url: secret(cp.secret), recipient: cp.recipient }] };
        case "alertmanager":
            return { name: cp.name, alertmanagers: [{ url: cp.url }] };
    }
}
