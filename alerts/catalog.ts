// The alert catalogue, the slice of it a stack deploys, and what every alert carries wherever it is evaluated: labels, runbook.
import { defaultRunbookBaseUrl } from "../model/config/catalog";
import { StackConfig } from "../model/config/types";
import { availabilityAlerts } from "./catalog-availability";
import { platformAlerts, platformHistogramThresholds } from "./catalog-platform";
import { stackFailureAlerts } from "./catalog-stack-failures";
import { HistogramThreshold } from "./metric-contract";
import { sloAlerts, sloHistogramThresholds } from "./slo";
import { criticalGroupName, ruleGroups } from "./groups";
import { kubernetesAlerts } from "./catalog-kubernetes";
import { stackAlerts } from "./catalog-stack";
import { recordingRules, seenUpRecord, seenUpRule } from "./recording-rules";
import { dashboardRecordingRules } from "./recording-rules-dashboards";
import { AlertOwner, AlertRule, RecordingRule, RuleRequirements } from "./types";

export { componentDownAlertName, componentTitles } from "./catalog-stack";
export { platformJobs } from "./catalog-platform";
export type { AlertRule } from "./types";

/** Every alert any stack may deploy, platform's first, each list in its catalogue order. */
export const allAlertRules: readonly AlertRule[] = [
    ...platformAlerts,
    ...sloAlerts,
    ...stackAlerts,
    ...availabilityAlerts,
    ...stackFailureAlerts,
    ...kubernetesAlerts,
];

/** Every threshold an alert or SLO reads from a histogram, for the metric contract's bucket check. */
export const histogramThresholds: readonly HistogramThreshold[] = [...platformHistogramThresholds, ...sloHistogramThresholds];

/** Whether the stack deploys everything a rule needs (its components, and its platform jobs among the scrape targets). */
function meetsRequirements(requires: RuleRequirements | undefined, config: StackConfig): boolean {
    const jobs = new Set(config.platformTargets.map((t) => t.job));
    const componentsOk = (requires?.components ?? []).every((c) => config.components.includes(c));
    const jobsOk = (requires?.jobs ?? []).every((j) => jobs.has(j));
    const platformOk = requires?.platforms === undefined || requires.platforms.includes(config.platform);
    const remoteWriteOk = !requires?.remoteWrite || config.remoteWrite.length > 0;
    const thanosOk = !requires?.thanos || config.thanos.enabled;
    return componentsOk && jobsOk && platformOk && remoteWriteOk && thanosOk;
}

/** The alerts this stack deploys: those of `rules` (default: the catalogue) whose components and jobs it has. */
export const alertCatalog = (config: StackConfig, rules: readonly AlertRule[] = allAlertRules): AlertRule[] =>
    rules.filter((rule) => meetsRequirements(rule.requires, config));

type Evaluator = "prometheus" | "grafana";

/** Who evaluates an alert: the stack's health and the platform's pages stay in Prometheus, so they come fast and without Grafana. */
export function evaluatorOf(rule: AlertRule, config: StackConfig): Evaluator {
    const pinned = ruleGroups.find((g) => g.name === rule.group)?.alwaysPrometheus === true;
    return rule.owner === "platform" && !pinned && config.platformAlertsEvaluator === "grafana" ? "grafana" : "prometheus";
}

/** The deployed alerts one evaluator runs (Grafana's are declared as Grafana rule groups); no alert is in both. */
export const alertsEvaluatedBy = (evaluator: Evaluator, config: StackConfig, rules: readonly AlertRule[] = allAlertRules): AlertRule[] =>
    alertCatalog(config, rules).filter((rule) => evaluatorOf(rule, config) === evaluator);

// Docker (platform services on the developer's host, or not): a target never up since Prometheus started stays quiet; once up, it pages as in prod.
const isGuarded = (rule: AlertRule, config: StackConfig) => config.platform === "docker" && rule.owner === "platform" && rule.targetDownJob !== undefined;

/** The expression an alert is evaluated with: a platform target-down alert, guarded on Docker; every other as written. */
export const alertExpr = (rule: AlertRule, config: StackConfig): string =>
    isGuarded(rule, config) ? `(${rule.expr}) and on (job, instance) ${seenUpRecord}` : rule.expr;

/** The recording rules this stack deploys, the first-up guard's in the group of the alerts it guards. */
export function recordingRulesFor(config: StackConfig): RecordingRule[] {
    const guardedJobs = alertCatalog(config).flatMap((a) => (isGuarded(a, config) ? [a.targetDownJob!] : []));
    const firstUp = guardedJobs.length > 0 ? [seenUpRule(guardedJobs, criticalGroupName)] : [];
    return [...firstUp, ...recordingRules, ...dashboardRecordingRules].filter((rule) => meetsRequirements(rule.requires, config));
}

/** Names of every alert that reports a scrape target down, with the job it reports (for inhibition). */
export const targetDownAlerts = allAlertRules.flatMap(({ alert, targetDownJob: job }) => (job === undefined ? [] : [{ alert, job }]));

/** The `owner` label's value: who answers the alert (the platform's on-call, or whoever runs this monitoring stack). */
export const ownerLabelValues: Readonly<Record<AlertOwner, string>> = { platform: "platform", stack: "monitoring" };

/** `owner` and `severity`: the labels a rule itself carries in Prometheus' rule files. */
export const ruleLabels = (rule: AlertRule): Record<string, string> => ({ owner: ownerLabelValues[rule.owner], severity: rule.severity });

/** Every alert's labels in Alertmanager; Prometheus adds `cluster` as an external label (rule files identical across stacks), Grafana's rules carry it. */
export const alertLabels = (rule: AlertRule, config: StackConfig): Record<string, string> => ({ cluster: config.cluster, ...ruleLabels(rule) });

export const runbookFileName = (alert: string): string => `${alert}.md`;

/** The runbook page of an alert: the base URL plus its file name, so the URL works on any host that serves runbooks/. */
export const runbookUrl = (alert: string, baseUrl: string = defaultRunbookBaseUrl): string => `${baseUrl.replace(/\/+$/, "")}/${runbookFileName(alert)}`;
