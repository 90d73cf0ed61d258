// The whole program: config -> MonitoringStack -> the outputs platform stacks read. Config and user files are validated before any resource.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { allAlertRules, AlertRule } from "../alerts/catalog";
import { buildDashboards, DashboardDefinition } from "../dashboards";
import { configNamespace } from "../model/config/messages";
import { ConfigError, parseStackConfig } from "../model/config/parse";
import { TeamAccess } from "../model/config/teams";
import { StackConfig } from "../model/config/types";
import { readUserFiles, UserFiles } from "../model/user-files";
import { grafanaRuleGroupSpecs } from "../render/grafana-content/alert-rule-groups";
import { renderPrometheusRuleFiles } from "../render/prometheus/rule-files";
import { stackDashboards } from "../render/stack-files";
import { userContent, UserFilesError } from "../render/user-content";
import { MonitoringStack } from "../components/monitoring-stack";
import { createPlatform } from "../platform";

// Internal to the SDK but exported: whether the engine handed a key over as a secret (`secure:` in the stack file).
const { isConfigSecret } = runtimeConfig as { isConfigSecret?: (key: string) => boolean };

/** A problem the user fixes in their files: printed alone (RunError), without a stack trace that would bury it. */
function asRunError<T>(load: () => T): T {
    try {
        return load();
    } catch (err) {
        if (err instanceof ConfigError || err instanceof UserFilesError) throw new pulumi.RunError(err.message);
        throw err;
    }
}

/** The current stack's validated config; bad config stops the program with every problem listed. */
function loadStackConfig(): StackConfig {
    const raw = pulumi.runtime.allConfig();
    // Keys the engine passed in plain text; none known when the SDK cannot tell.
    const plainTextKeys = isConfigSecret ? Object.keys(raw).filter((key) => !isConfigSecret(key)) : [];
    return asRunError(() => parseStackConfig(raw, pulumi.getStack(), { refusePlaceholders: true, plainTextKeys }));
}

/** The stack's secret values, read through Pulumi's secret API so they stay secret downstream. */
function loadStackSecrets(config: StackConfig) {
    const stackConfig = new pulumi.Config(configNamespace);
    return Object.fromEntries(config.secretsSet.map((key) => [key, stackConfig.requireSecret(key)]));
}

/** What the stack deploys besides its config: the alert catalogue, the dashboards (benchmarks pass larger ones), the user's files. */
export interface ProgramSources {
    readonly alertRules?: readonly AlertRule[];
    readonly dashboards?: readonly DashboardDefinition[];
    readonly userFiles?: UserFiles;
}

/** What TeamMonitoring reads of each team: its namespaces (the objects it may declare), and where Grafana runs, its folder and token. */
function teamsOutput(config: StackConfig, grafana: pulumi.Output<Record<string, TeamAccess>> | undefined) {
    if (config.teams.length === 0 && grafana === undefined) return undefined;
    return pulumi.secret(
        pulumi
            .output(grafana ?? {})
            .apply((access) => Object.fromEntries(config.teams.map((t) => [t.name, { ...access[t.name], namespaces: [...(t.namespaces ?? [])] }]))),
    );
}

/** `opts` go to the MonitoringStack and so to every resource (tests record resource options through transformations). */
export function runProgram(opts?: pulumi.ComponentResourceOptions, sources: ProgramSources = {}) {
    const config = loadStackConfig();
    // Checked before any resource, against the built-in dashboards: a bad user file stops the program naming it, and nothing is half-applied.
    const builtIn = sources.dashboards ?? buildDashboards(config.runbookBaseUrl);
    const user = asRunError(() => userContent(sources.userFiles ?? readUserFiles(path.resolve(__dirname, "..")), builtIn));
    const rules = sources.alertRules ?? allAlertRules;
    const stack = new MonitoringStack(
        "monitoring",
        {
            config,
            createPlatform,
            secrets: loadStackSecrets(config),
            prometheusRuleFiles: { ...renderPrometheusRuleFiles(config, rules), ...user.ruleFiles },
            grafanaRuleGroups: grafanaRuleGroupSpecs(config, rules),
            dashboards: stackDashboards(config, user, builtIn),
        },
        opts,
    );
    const c = stack.components;
    const internal = Object.fromEntries(Object.entries(c).flatMap(([key, component]) => (component ? [[key, component.internalUrl]] : [])));
    // What `pulumi stack output` shows (index.ts exports each); absent components leave their outputs undefined.
    return {
        prometheusUrl: c.prometheus?.externalUrl,
        grafanaUrl: c.grafana?.externalUrl,
        alertmanagerUrl: c.alertmanager?.externalUrl,
        lokiUrl: c.loki?.externalUrl,
        lokiPushUrl: c.loki?.externalPushUrl,
        tempoUrl: c.tempo?.externalUrl,
        // The one OTLP endpoint for all three signals; without the collector, Tempo's (traces only), as before it.
        otlpGrpcEndpoint: c.otelCollector?.otlpGrpcEndpoint ?? c.tempo?.otlpGrpcEndpoint,
        otlpHttpEndpoint: c.otelCollector?.otlpHttpEndpoint ?? c.tempo?.otlpHttpEndpoint,
        grafanaAdminUser: c.grafana?.adminUser,
        // Per team of monitoring:teams: its namespaces, and with Grafana its folder's uid and scoped token (a secret); no admin credential is an output.
        teams: teamsOutput(config, stack.grafanaContent?.teams),
        // Docker with teams: the host directory where each team's stack writes its scrape targets (`team-<name>.json`).
        scrapeTargetsDir: c.prometheus?.scrapeTargetsDir,
        components: stack.componentNames,
        // uid, title and URL of every dashboard (the guide's `list-dashboards`).
        dashboards: stack.grafanaContent?.dashboards,
        grafanaFolderUids: stack.grafanaContent?.folderUids,
        datasourceUids: stack.grafanaContent?.datasourceUids,
        internalUrls: pulumi.output(internal),
    };
}
