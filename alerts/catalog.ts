// The alert catalogue as a whole, and the slice of it a given stack deploys.
import { StackConfig } from "../model/config/types";
import { availabilityAlerts } from "./catalog-availability";
import { platformAlerts, platformHistogramThresholds } from "./catalog-platform";
import { stackFailureAlerts } from "./catalog-stack-failures";
import { HistogramThreshold } from "./metric-contract";
import { sloAlerts, sloHistogramThresholds } from "./slo";
import { criticalGroupName, ruleGroups } from "./groups";
import { kubernetesAlerts } from "./catalog-kubernetes";
import { stackAlerts } from "./catalog-stack";
import { recordingRules } from "./recording-rules";
import { dashboardRecordingRules } from "./recording-rules-dashboards";
import { AlertRule, RecordingRule, RuleRequirements } from "./types";
import { guardsFirstUp, seenUpRule } from "./first-up";

export { componentDownAlertName, componentTitles } from "./catalog-stack";
export { platformJobs } from "./catalog-platform";
export { runbookUrl } from "./runbooks";
export type { AlertOwner, AlertRule, RecordingRule, RuleGroupSpec, RuleRequirements, Severity } from "./types";

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
    return componentsOk && jobsOk && platformOk;
}

/** The alerts this stack deploys: those of `rules` (default: the catalogue) whose components and jobs it has. */
export function alertCatalog(config: StackConfig, rules: readonly AlertRule[] = allAlertRules): AlertRule[] {
    return rules.filter((rule) => meetsRequirements(rule.requires, config));
}

/**
 * Who evaluates an alert: the stack's own health and the platform's critical health rules always stay in Prometheus,
 * so losing Grafana still pages someone, and the pages come fast.
 */
export function evaluatorOf(rule: AlertRule, config: StackConfig): "prometheus" | "grafana" {
    const pinned = ruleGroups.find((g) => g.name === rule.group)?.alwaysPrometheus === true;
    return rule.owner === "platform" && !pinned && config.platformAlertsEvaluator === "grafana" ? "grafana" : "prometheus";
}

/** The deployed alerts Prometheus evaluates (rendered into its rule files). */
export function prometheusEvaluatedAlerts(config: StackConfig, rules: readonly AlertRule[] = allAlertRules): AlertRule[] {
    return alertCatalog(config, rules).filter((rule) => evaluatorOf(rule, config) === "prometheus");
}

/** The deployed alerts Grafana evaluates (declared as Grafana rule groups); never also in Prometheus. */
export function grafanaEvaluatedAlerts(config: StackConfig, rules: readonly AlertRule[] = allAlertRules): AlertRule[] {
    return alertCatalog(config, rules).filter((rule) => evaluatorOf(rule, config) === "grafana");
}

/** The recording rules this stack deploys. */
export function recordingRulesFor(config: StackConfig): RecordingRule[] {
    // The critical group's target-down alerts read it on Docker (alerts/first-up.ts).
    const guarded = allAlertRules.filter((a) => a.owner === "platform" && a.targetDownJob !== undefined && meetsRequirements(a.requires, config));
    const firstUp =
        guardsFirstUp(config) && guarded.length > 0
            ? [
                  seenUpRule(
                      guarded.map((a) => a.targetDownJob!),
                      criticalGroupName,
                  ),
              ]
            : [];
    return [...firstUp, ...recordingRules, ...dashboardRecordingRules].filter((rule) => meetsRequirements(rule.requires, config));
}

/** Names of every alert that reports a scrape target down, with the job it reports (for inhibition). */
export const targetDownAlerts: readonly { readonly alert: string; readonly job: string }[] = allAlertRules
    .filter((rule) => rule.targetDownJob !== undefined)
    .map((rule) => ({ alert: rule.alert, job: rule.targetDownJob as string }));
