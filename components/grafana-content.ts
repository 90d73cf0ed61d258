// GrafanaContent: everything inside Grafana as provider resources, so `pulumi up` puts back what was changed by hand.
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as grafana from "@pulumiverse/grafana";
import { SecretKey, Team } from "../model/config/schema";
import { ConfigSlice } from "../model/config/types";
import { folders, teamFolderUid } from "../model/folders";
import { GrafanaRuleGroupSpec } from "../render/grafana-content/alert-rule-groups";
import { DataSourceConfig, dataSourceSpecs } from "../render/grafana-content/datasources";
import { ContactPointSpec, GrafanaNotificationSpec, grafanaNotificationSpec, NotificationConfig } from "../render/grafana-content/notifications";
import { DashboardResourceSpec } from "../render/stack-files";
import type { Grafana } from "./grafana";
import { StackSecrets } from "./workload";

export interface GrafanaContentArgs {
    readonly config: DataSourceConfig & NotificationConfig & ConfigSlice<"teams" | "grafanaUrl">;
    /** The Grafana it fills, as its admin: the Pulumi CLI reaches it on monitoring:grafanaUrl, else its external URL. */
    readonly grafana: Pick<Grafana, "externalUrl" | "adminUser" | "adminPassword" | "ready">;
    readonly secrets?: StackSecrets;
    readonly dashboards?: readonly DashboardResourceSpec[];
    readonly ruleGroups?: readonly GrafanaRuleGroupSpec[];
}

export class GrafanaContent extends pulumi.ComponentResource {
    /** Each dashboard's uid, title and URL: `pulumi stack output dashboards` lists them. */
    public readonly dashboards: pulumi.Output<{ uid: string; title: string; url: string }[]>;
    public readonly folderUids: pulumi.Output<Record<string, string>>;
    public readonly datasourceUids: pulumi.Output<Record<string, string>>;
    /** Per team: its folder's uid and its service account's token (a secret), which reaches that folder only. */
    public readonly teams: pulumi.Output<Record<string, { folderUid: string; token: string }>>;

    constructor(name: string, args: GrafanaContentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("monitoring:index:GrafanaContent", name, {}, opts);
        const { externalUrl, adminUser, adminPassword, ready } = args.grafana;
        const url = pulumi.output(args.config.grafanaUrl ?? externalUrl);
        // The provider may only talk to Grafana once it answers; a replaced container re-runs the wait.
        const healthy = new command.local.Command(
            `${name}-wait-healthy`,
            {
                create: pulumi.interpolate`node scripts/wait-for-http.js ${url}/api/health 300`,
                triggers: ready.map((r) => (r as pulumi.CustomResource).id ?? r.urn),
            },
            { parent: this, dependsOn: [...ready] },
        );
        const provider = new grafana.Provider(
            `${name}-provider`,
            { url, auth: pulumi.secret(pulumi.interpolate`${adminUser}:${adminPassword}`) },
            { parent: this, dependsOn: [healthy] },
        );
        const child = { parent: this, provider };

        const folderByUid = new Map<string, grafana.oss.Folder>();
        const folder = (resourceName: string, uid: string, title: string) => {
            if (!folderByUid.has(uid)) folderByUid.set(uid, new grafana.oss.Folder(`${name}-folder-${resourceName}`, { uid, title }, child));
            return folderByUid.get(uid)!;
        };
        for (const [key, f] of Object.entries(folders)) folder(key, f.uid, f.title);
        const sources = dataSourceSpecs(args.config);
        const dataSources = sources.map((ds) => new grafana.oss.DataSource(`${name}-datasource-${ds.uid}`, ds, child));
        // The user's own folders (user/dashboards/<folder>/) are named by uid, next to the fixed ones.
        const dashboards = (args.dashboards ?? []).map((d) => {
            const inFolder = folder(d.folder.uid, d.folder.uid, d.folder.title);
            new grafana.oss.Dashboard(
                `${name}-dashboard-${d.uid}`,
                { configJson: d.configJson, folder: d.folder.uid, overwrite: true },
                { ...child, dependsOn: [inFolder, ...dataSources] },
            );
            return url.apply((u) => ({ uid: d.uid, title: d.title, url: `${u}/d/${d.uid}` }));
        });

        const notification = grafanaNotificationSpec(args.config);
        const policy = notification ? declareNotifications(name, notification, args.secrets ?? {}, child) : undefined;
        for (const group of args.ruleGroups ?? []) {
            new grafana.alerting.RuleGroup(
                `${name}-rules-${group.name}`,
                // The spec is the provider's shape already, `data` aside.
                { ...group, rules: group.rules.map(({ data, ...rule }) => ({ ...rule, datas: [...data] })) },
                { ...child, dependsOn: [folderByUid.get(folders.alerts.uid)!, ...dataSources, ...(policy ? [policy] : [])] },
            );
        }

        this.teams = pulumi.secret(pulumi.all(Object.fromEntries(args.config.teams.map((team) => [team.name, declareTeam(name, team, child)]))));

        this.dashboards = pulumi.all(dashboards);
        this.folderUids = pulumi.output(Object.fromEntries(Object.entries(folders).map(([k, f]) => [k, f.uid])));
        this.datasourceUids = pulumi.output(Object.fromEntries(sources.map((d) => [d.type, d.uid])));
        this.registerOutputs({ dashboards: this.dashboards, folderUids: this.folderUids, datasourceUids: this.datasourceUids, teams: this.teams });
    }
}

/** The team's service account is a Viewer outside its folder: Grafana needs that to query data sources for rules. */
function declareTeam(name: string, team: Team, child: pulumi.CustomResourceOptions) {
    const prefix = `${name}-team-${team.name}`;
    const folder = new grafana.oss.Folder(`${prefix}-folder`, { uid: teamFolderUid(team.name), title: `Team ${team.name}` }, child);
    const account = new grafana.oss.ServiceAccount(`${prefix}-account`, { name: `team-${team.name}`, role: "Viewer" }, child);
    const token = new grafana.oss.ServiceAccountToken(`${prefix}-token`, { name: `team-${team.name}-stack`, serviceAccountId: account.id }, child);
    // Grafana refuses members it does not know: each editor must have signed in once (or been created) before.
    const editors = team.editors?.length
        ? new grafana.oss.Team(`${prefix}-editors`, { name: `team-${team.name}`, members: [...team.editors] }, child)
        : undefined;
    // The whole list: Grafana's defaults (Editors may edit every folder) are replaced, so no other team may write here.
    new grafana.oss.FolderPermission(
        `${prefix}-permissions`,
        {
            folderUid: folder.uid,
            permissions: [
                { role: "Viewer", permission: "View" },
                { userId: account.id, permission: "Edit" },
                ...(editors ? [{ teamId: editors.id, permission: "Edit" }] : []),
            ],
        },
        child,
    );
    return { folderUid: folder.uid, token: token.key };
}

function declareNotifications(name: string, spec: GrafanaNotificationSpec, secrets: StackSecrets, child: pulumi.CustomResourceOptions) {
    const muteTimings = spec.muteTimings.map((m) => {
        const intervals = m.intervals.map((i) => ({
            weekdays: i.weekdays ? [...i.weekdays] : undefined,
            times: i.times?.map((t) => ({ ...t })),
            location: i.location,
        }));
        return new grafana.alerting.MuteTiming(`${name}-mute-${m.name}`, { name: m.name, intervals }, child);
    });
    const contactPoints = spec.contactPoints.map((cp) => new grafana.alerting.ContactPoint(`${name}-contact-${cp.name}`, contactPointArgs(cp, secrets), child));
    const { policy } = spec;
    return new grafana.alerting.NotificationPolicy(
        `${name}-notification-policy`,
        {
            contactPoint: policy.contactPoint,
            groupBies: [...policy.groupBy],
            groupWait: policy.groupWait,
            groupInterval: policy.groupInterval,
            repeatInterval: policy.repeatInterval,
            // No child policy (hand-over to Alertmanager): left out rather than an empty list the provider stores as none.
            policies:
                policy.policies.length === 0
                    ? undefined
                    : policy.policies.map((p) => ({ ...p, muteTimings: p.muteTimings.length > 0 ? p.muteTimings : undefined })),
        },
        { ...child, dependsOn: [...contactPoints, ...muteTimings] },
    );
}

function contactPointArgs(cp: ContactPointSpec, secrets: StackSecrets): grafana.alerting.ContactPointArgs {
    const secret = (key: SecretKey) => {
        // The config parser already requires each enabled channel's secret; this guards a programming error.
        if (secrets[key] === undefined) throw new Error(`contact point ${cp.name} needs the secret monitoring:${key}`);
        return pulumi.secret(secrets[key]);
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
