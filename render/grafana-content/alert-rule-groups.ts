// The alert catalogue's Grafana-evaluated alerts as Grafana rule groups, in the exact form Grafana returns them.
import { alertLabels, allAlertRules, alertsEvaluatedBy, runbookUrl } from "../../alerts/catalog";
import { ruleGroups } from "../../alerts/groups";
import { AlertRule } from "../../alerts/types";
import { sortKeysDeep } from "../../model/common/sorted-keys";
import { canonicalDuration, durationSeconds } from "../../model/config/durations";
import { StackConfig } from "../../model/config/types";
import { folders } from "../../model/folders";
import { dataSourceUids } from "./datasources";

/** Template variables and functions that exist in Prometheus' alert templates only (or mean something else in Grafana). */
export const prometheusOnlyTemplatePattern =
    /\$value\b(?!s)|\$externalLabels|\$externalURL|\{\{[^}]*\b(query|first|label|strvalue|sortByLabel|safeHtml|stripPort|stripDomain|toTime|parseDuration)\b/;

/** In Grafana `$value` is a text of every query's value (printf on it prints garbage); `$values.A.Value` is query A's number, Prometheus' `$value`. */
const grafanaAnnotation = (template: string) => template.replace(/\$value\b(?!s)/g, "$values.A.Value");

/** A stable rule UID: `prefix` and the rule's name in kebab case (Grafana allows at most 40 characters of [A-Za-z0-9_-]). */
export const kebabRuleUid = (prefix: string, name: string) => `${prefix}${name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase()}`.slice(0, 40);
export const ruleUid = (alert: string) => kebabRuleUid("prov-", alert);

// Grafana fills these in when they are missing; sending them avoids a diff on every refresh.
const queryDefaults = { intervalMs: 1000, maxDataPoints: 43200 };
const expression = { type: "__expr__", uid: "__expr__" };

/** One step of a rule: a query or expression (its model as canonical JSON) over the last `from` seconds. */
const step = (refId: string, datasource: { type: string; uid: string }, from: number, model: object) => ({
    refId,
    datasourceUid: datasource.uid,
    queryType: "",
    relativeTimeRange: { from, to: 0 },
    model: JSON.stringify(sortKeysDeep({ ...queryDefaults, datasource, refId, ...model })),
});

/** A Grafana rule of `expr` that behaves as the same rule in Prometheus. */
export function promqlRule(uid: string, name: string, forDuration: string | undefined, expr: string) {
    const condition = {
        evaluator: { params: [0], type: "gt" },
        operator: { type: "and" },
        query: { params: ["C"] },
        reducer: { params: [], type: "last" },
        type: "query",
    };
    return {
        uid,
        name,
        // Grafana answers in the canonical spelling ("60m" comes back as "1h"): send that.
        for: canonicalDuration(forDuration ?? "0s"),
        condition: "C",
        // No series means the condition does not hold, exactly as in Prometheus.
        noDataState: "OK",
        execErrState: "Error",
        // Resolve at the first evaluation without the series, as Prometheus does (Grafana's default waits for two).
        missingSeriesEvalsToResolve: 1,
        // Three steps, as Grafana imports Prometheus rules: A runs the PromQL (threshold included) over 10 minutes, B is 1 where a series is, C (condition): B > 0.
        data: [
            step("A", { type: "prometheus", uid: dataSourceUids.prometheus }, 600, { editorMode: "code", expr, instant: true, range: false }),
            step("B", expression, 0, { expression: "is_number($A) || is_nan($A) || is_inf($A)", type: "math" }),
            step("C", expression, 0, { conditions: [condition], expression: "B", type: "threshold" }),
        ],
    };
}

function grafanaRule(rule: AlertRule, config: StackConfig) {
    return {
        ...promqlRule(ruleUid(rule.alert), rule.alert, rule.for, rule.expr),
        // The same cluster, owner and severity labels as Prometheus' rules, so Alertmanager's inhibitions and routes match both.
        labels: alertLabels(rule, config),
        annotations: {
            description: grafanaAnnotation(rule.description),
            runbook_url: runbookUrl(rule.alert, config.runbookBaseUrl),
            summary: grafanaAnnotation(rule.summary),
        },
    };
}

/** A group's evaluation interval on Grafana's 10s tick, rounded up rather than evaluating more often ("15s" -> 20). */
export const grafanaGroupIntervalSeconds = (interval: string) => Math.ceil(durationSeconds(interval) / 10) * 10;

/** One Grafana rule group per catalogue group that has Grafana-evaluated alerts, in catalogue order. */
export function grafanaRuleGroupSpecs(config: StackConfig, rules: readonly AlertRule[] = allAlertRules) {
    const alerts = alertsEvaluatedBy("grafana", config, rules);
    return ruleGroups
        .map((group) => ({
            name: group.name,
            folderUid: folders.alerts.uid,
            intervalSeconds: grafanaGroupIntervalSeconds(group.interval ?? config.evaluationInterval),
            rules: alerts.filter((a) => a.group === group.name).map((a) => grafanaRule(a, config)),
        }))
        .filter((group) => group.rules.length > 0);
}
export type GrafanaRuleGroupSpec = ReturnType<typeof grafanaRuleGroupSpecs>[number];
