// TeamMonitoring: what a platform stack imports (`provisioning-monitoring/team`) to add its team's dashboards and alert
// rules to the monitoring stack, through a StackReference and with the team's own token only: no admin credential, and
// no change to the monitoring stack (docs/teams.md).
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as grafana from "@pulumiverse/grafana";
import { teamFolderUid } from "../model/folders";
import { TeamKubernetesObject, teamObjectProblems } from "../model/prometheus-operator";
import { TeamContent, teamContentProblems, teamDashboards, teamRuleGroup } from "../render/team-content";

export type { TeamAlertRule, TeamDashboard } from "../render/team-content";
export type { TeamKubernetesObject } from "../model/prometheus-operator";

export interface TeamMonitoringArgs extends TeamContent {
    /** The monitoring stack (`new pulumi.StackReference("<org>/provisioning-monitoring/prod")`). */
    readonly monitoring: pulumi.StackReference;
    /** The team's name in the monitoring stack's monitoring:teams. */
    readonly team: string;
    /** Where this stack's Pulumi CLI reaches Grafana. Default: the monitoring stack's `grafanaUrl` output. */
    readonly grafanaUrl?: pulumi.Input<string>;
    /**
     * On Kubernetes, with the monitoring stack's monitoring:prometheusOperator: ServiceMonitor, PodMonitor and
     * PrometheusRule objects declared in the team's namespaces with this stack's provider. Default: none.
     */
    readonly kubernetes?: { readonly provider: k8s.Provider; readonly objects: readonly TeamKubernetesObject[] };
}

export class TeamMonitoring extends pulumi.ComponentResource {
    /** The team's folder, where its dashboards and rules live. */
    public readonly folderUid: pulumi.Output<string>;
    /** The URL of each of the team's dashboards. */
    public readonly dashboardUrls: pulumi.Output<string[]>;

    constructor(name: string, args: TeamMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        // Checked before any resource, the component's own included: a bad dashboard or rule stops this stack's preview, naming it.
        const problems = [...teamContentProblems(args.team, args), ...teamObjectProblems(args.kubernetes?.objects ?? [])];
        if (problems.length > 0) throw new pulumi.RunError(`TeamMonitoring ${name}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        super("monitoring:team:TeamMonitoring", name, {}, opts);
        const access = args.monitoring.requireOutput("teams").apply((teams: Record<string, { folderUid: string; token: string }> | undefined) => {
            const mine = teams?.[args.team];
            if (!mine) {
                const known = Object.keys(teams ?? {}).sort();
                throw new pulumi.ResourceError(
                    `team ${args.team} is not in the monitoring stack's monitoring:teams (it has: ${known.join(", ") || "none"}); ask its owners to add it`,
                    this,
                );
            }
            return mine;
        });
        const url = args.grafanaUrl ?? (args.monitoring.requireOutput("grafanaUrl") as pulumi.Output<string>);
        const provider = new grafana.Provider(`${name}-grafana`, { url, auth: pulumi.secret(access.token) }, { parent: this });
        const child = { parent: this, provider };
        // The stack names each team's folder `team-<name>` (model/folders.ts); not a secret, unlike the output it comes with.
        this.folderUid = pulumi.output(teamFolderUid(args.team));

        const dashboards = teamDashboards(args);
        for (const d of dashboards)
            new grafana.oss.Dashboard(`${name}-dashboard-${d.uid}`, { configJson: d.configJson, folder: this.folderUid, overwrite: true }, child);
        const group = teamRuleGroup(args.team, args);
        if (group.rules.length > 0)
            new grafana.alerting.RuleGroup(
                `${name}-rules`,
                { ...group, folderUid: this.folderUid, rules: group.rules.map(({ data, ...rule }) => ({ ...rule, datas: [...data] })) },
                child,
            );
        // The operator scrapes and evaluates them and labels what they produce team=<name> from the namespace (docs/teams.md).
        for (const o of args.kubernetes?.objects ?? [])
            new k8s.apiextensions.CustomResource(`${name}-${o.kind.toLowerCase()}-${o.metadata.namespace}-${o.metadata.name}`, o, {
                parent: this,
                provider: args.kubernetes!.provider,
            });
        this.dashboardUrls = pulumi.output(url).apply((base) => dashboards.map((d) => `${base}/d/${d.uid}`));
        this.registerOutputs({ folderUid: this.folderUid, dashboardUrls: this.dashboardUrls });
    }
}
