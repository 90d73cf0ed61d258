// The alert catalogue's Grafana-evaluated alerts as Grafana rule groups, in the exact form Grafana returns them.
import { alertLabels, allAlertRules, grafanaEvaluatedAlerts, runbookUrl } from "../../alerts/catalog";
import { ruleGroups } from "../../alerts/groups";
import { AlertRule } from "../../alerts/types";
import { canonicalDuration, durationSeconds } from "../../model/config/durations";
import { StackConfig } from "../../model/config/types";
import { grafanaAnnotation, valueRefId } from "./alert-templates";
import { dataSourceUids } from "./datasources";
import { folders } from "../../model/folders";
import { stableJson } from "../format/stable-json";

/** Grafana schedules rules on a 10s base tick: a group interval must be a multiple of it. */
const grafanaBaseIntervalSeconds = 10;

/** How far back the query looks; PromQL windows inside the expression still rule. */
const queryLookbackSeconds = 600;

// Grafana fills these in when they are missing; sending them avoids a diff on every refresh.
const queryDefaults = { intervalMs: 1000, maxDataPoints: 43200 } as const;
const expressionDatasource = { type: "__expr__", uid: "__expr__" } as const;

export interface RuleDataSpec {
    readonly refId: string;
    readonly datasourceUid: string;
    readonly queryType: string;
    readonly relativeTimeRange: { readonly from: number; readonly to: number };
    /** The query or expression model as canonical JSON. */
    readonly model: string;
}

export interface GrafanaRuleSpec {
    readonly uid: string;
    readonly name: string;
    readonly for: string;
    readonly condition: string;
    readonly noDataState: "OK";
    readonly execErrState: "Error";
    /** Resolve at the first evaluation without the series, as Prometheus does (Grafana's default waits for two). */
    readonly missingSeriesEvalsToResolve: 1;
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations: Readonly<Record<string, string>>;
    readonly data: readonly RuleDataSpec[];
}

export interface GrafanaRuleGroupSpec {
    readonly name: string;
    readonly folderUid: string;
    readonly intervalSeconds: number;
    readonly rules: readonly GrafanaRuleSpec[];
}

/** A stable rule UID (Grafana allows at most 40 characters of [A-Za-z0-9_-]). */
export function ruleUid(alert: string): string {
    const kebab = alert.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
    return `prov-${kebab}`.slice(0, 40);
}

/**
 * A catalogue alert as three steps, the way Grafana imports Prometheus rules: A runs the PromQL (which already holds
 * the threshold, so a returned series means "firing"), B turns "a series exists" into 1, C fires when B is above 0.
 */
function ruleData(rule: AlertRule): RuleDataSpec[] {
    return [
        {
            refId: valueRefId,
            datasourceUid: dataSourceUids.prometheus,
            queryType: "",
            relativeTimeRange: { from: queryLookbackSeconds, to: 0 },
            model: stableJson({
                ...queryDefaults,
                datasource: { type: "prometheus", uid: dataSourceUids.prometheus },
                editorMode: "code",
                expr: rule.expr,
                instant: true,
                range: false,
                refId: "A",
            }),
        },
        {
            refId: "B",
            datasourceUid: expressionDatasource.uid,
            queryType: "",
            relativeTimeRange: { from: 0, to: 0 },
            model: stableJson({
                ...queryDefaults,
                datasource: expressionDatasource,
                expression: "is_number($A) || is_nan($A) || is_inf($A)",
                refId: "B",
                type: "math",
            }),
        },
        {
            refId: "C",
            datasourceUid: expressionDatasource.uid,
            queryType: "",
            relativeTimeRange: { from: 0, to: 0 },
            model: stableJson({
                ...queryDefaults,
                conditions: [
                    {
                        evaluator: { params: [0], type: "gt" },
                        operator: { type: "and" },
                        query: { params: ["C"] },
                        reducer: { params: [], type: "last" },
                        type: "query",
                    },
                ],
                datasource: expressionDatasource,
                expression: "B",
                refId: "C",
                type: "threshold",
            }),
        },
    ];
}

function grafanaRule(rule: AlertRule, config: StackConfig): GrafanaRuleSpec {
    return {
        uid: ruleUid(rule.alert),
        name: rule.alert,
        // Grafana answers in the canonical spelling ("60m" comes back as "1h"): send that.
        for: canonicalDuration(rule.for ?? "0s"),
        condition: "C",
        // No series means the condition does not hold, exactly as in Prometheus.
        noDataState: "OK",
        execErrState: "Error",
        missingSeriesEvalsToResolve: 1,
        // The same cluster, owner and severity labels as Prometheus' rules, so Alertmanager's inhibitions and routes match both.
        labels: alertLabels(rule, config),
        annotations: {
            description: grafanaAnnotation(rule.description),
            runbook_url: runbookUrl(rule.alert, config.runbookBaseUrl),
            summary: grafanaAnnotation(rule.summary),
        },
        data: ruleData(rule),
    };
}

/** A group's evaluation interval on Grafana's tick: Grafana stores only multiples of 10s, so send one ("15s" -> 20). */
export function grafanaGroupIntervalSeconds(interval: string): number {
    const seconds = durationSeconds(interval);
    // Round up to Grafana's tick rather than evaluate more often than the catalogue asks.
    return Math.ceil(seconds / grafanaBaseIntervalSeconds) * grafanaBaseIntervalSeconds;
}

/** One Grafana rule group per catalogue group that has Grafana-evaluated alerts, in catalogue order. */
export function grafanaRuleGroupSpecs(config: StackConfig, rules: readonly AlertRule[] = allAlertRules): GrafanaRuleGroupSpec[] {
    const alerts = grafanaEvaluatedAlerts(config, rules);
    return ruleGroups
        .map((group) => {
            const intervalSeconds = grafanaGroupIntervalSeconds(group.interval ?? config.evaluationInterval);
            return {
                name: group.name,
                folderUid: folders.alerts.uid,
                intervalSeconds,
                rules: alerts.filter((a) => a.group === group.name).map((a) => grafanaRule(a, config)),
            };
        })
        .filter((group) => group.rules.length > 0);
}
