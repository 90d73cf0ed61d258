// TeamMonitoring (`provisioning-monitoring/team`): a team adds dashboards and rules with its own token, not changing the monitoring stack (docs/teams.md).
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as grafana from "@pulumiverse/grafana";
import { teamFolderUid } from "../model/folders";
import { TeamKubernetesObject, teamObjectProblems } from "../model/prometheus-operator";
import { TeamContent, teamContentProblems, teamDashboards, teamRuleGroup } from "../render/team-content";
import { TeamAccess, teamTargetsFileName } from "../model/config/teams";
import { renderTeamTargetsFile, teamTargetsProblems, TeamScrapeTarget } from "../render/team-targets";
import { TargetsFile } from "./team-targets-file";

export type { TeamAlertRule, TeamDashboard } from "../render/team-content";
export type { TeamKubernetesObject } from "../model/prometheus-operator";
export type { TeamScrapeTarget } from "../render/team-targets";

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
    /**
     * Dev (Docker) only: services Prometheus scrapes, labelled `team=<team>`, written to the monitoring stack's
     * `scrapeTargetsDir` on this host; on Kubernetes, annotate pods and Services instead. Default: none.
     */
    readonly scrapeTargets?: readonly TeamScrapeTarget[];
}

export class TeamMonitoring extends pulumi.ComponentResource {
    /** The team's folder, where its dashboards and rules live. */
    public readonly folderUid: pulumi.Output<string>;
    public readonly dashboardUrls: pulumi.Output<string[]>;

    constructor(name: string, args: TeamMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        // Checked before any resource, the component's own included: a bad dashboard or rule stops this stack's preview, naming it.
        const problems = [
            ...teamContentProblems(args.team, args),
            ...teamTargetsProblems(args.scrapeTargets ?? []),
            ...teamObjectProblems(args.kubernetes?.objects ?? []),
        ];
        if (problems.length > 0) throw new pulumi.RunError(`TeamMonitoring ${name}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        super("monitoring:team:TeamMonitoring", name, {}, opts);
        const access = args.monitoring.requireOutput("teams").apply((teams: Record<string, TeamAccess> | undefined) => {
            const mine = teams?.[args.team];
            if (mine) return mine;
            const known = Object.keys(teams ?? {}).sort();
            throw new pulumi.ResourceError(
                `team ${args.team} is not in the monitoring stack's monitoring:teams (it has: ${known.join(", ") || "none"}); ask its owners to add it`,
                this,
            );
        });
        const url = args.grafanaUrl ?? (args.monitoring.getOutput("grafanaUrl") as pulumi.Output<string>);
        // The stack names each team's folder `team-<name>` (model/folders.ts); not a secret, unlike the output it comes with.
        this.folderUid = pulumi.output(teamFolderUid(args.team));

        const dashboards = teamDashboards(args);
        const group = teamRuleGroup(args.team, args);
        // Only a stack with dashboards or rules talks to Grafana (and needs its provider); a monitoring stack without Grafana gives no token.
        if (dashboards.length > 0 || group.rules.length > 0) {
            const token = access.apply((mine) => {
                if (mine.token) return mine.token;
                throw new pulumi.ResourceError("the monitoring stack runs no Grafana: dashboards and alert rules need it (leave them out)", this);
            });
            const provider = new grafana.Provider(`${name}-grafana`, { url, auth: pulumi.secret(token) }, { parent: this });
            const child = { parent: this, provider };
            for (const d of dashboards)
                new grafana.oss.Dashboard(`${name}-dashboard-${d.uid}`, { configJson: d.configJson, folder: this.folderUid, overwrite: true }, child);
            if (group.rules.length > 0)
                new grafana.alerting.RuleGroup(
                    `${name}-rules`,
                    { ...group, folderUid: this.folderUid, rules: group.rules.map(({ data, ...rule }) => ({ ...rule, datas: [...data] })) },
                    child,
                );
        }
        // Labelled team=<name> from the namespace (docs/teams.md); each waits for the check that its namespace is the team's.
        const owned = pulumi.unsecret(access.apply((mine) => mine.namespaces ?? []));
        for (const o of args.kubernetes?.objects ?? []) {
            const namespace = owned.apply((namespaces) => {
                if (namespaces.includes(o.metadata.namespace)) return o.metadata.namespace;
                throw new pulumi.ResourceError(
                    `${o.kind} ${o.metadata.namespace}/${o.metadata.name}: namespace ${o.metadata.namespace} is not team ${args.team}'s (its namespaces: ${namespaces.join(", ") || "none"})`,
                    this,
                );
            });
            new k8s.apiextensions.CustomResource(
                `${name}-${o.kind.toLowerCase()}-${o.metadata.namespace}-${o.metadata.name}`,
                { ...o, metadata: { ...o.metadata, namespace } },
                { parent: this, provider: args.kubernetes!.provider },
            );
        }
        // After the team check, so an unlisted team writes nothing; the directory is no secret, though the check reads one.
        if ((args.scrapeTargets ?? []).length > 0) {
            const dir = pulumi.unsecret(pulumi.all([args.monitoring.getOutput("scrapeTargetsDir"), access])).apply(([d]: unknown[]) => {
                if (typeof d === "string" && d !== "") return d;
                throw new pulumi.ResourceError(
                    'scrapeTargets are for a monitoring stack on Docker (dev); on Kubernetes annotate the pods and Services with prometheus.io/scrape: "true" (docs/teams.md)',
                    this,
                );
            });
            const content = renderTeamTargetsFile(args.scrapeTargets!);
            new TargetsFile(`${name}-scrape-targets`, { dir, file: teamTargetsFileName(args.team), content }, { parent: this });
        }
        this.dashboardUrls = pulumi.output(url).apply((base) => dashboards.map((d) => `${base}/d/${d.uid}`));
        this.registerOutputs({ folderUid: this.folderUid, dashboardUrls: this.dashboardUrls });
    }
}
