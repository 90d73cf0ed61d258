// The shapes of the alert catalogue: alerts and recording rules as plain data, no Prometheus or Grafana specifics.
import { ComponentName } from "../model/config/catalog";
import type { PlatformName } from "../model/config/types";

/** How loudly an alert speaks; `none` is reserved for the Watchdog, which must never reach a human. */
export type Severity = "critical" | "warning" | "info" | "none";

/** Who answers an alert: the platform's on-call ("platform") or whoever runs this monitoring stack ("stack"). */
export type AlertOwner = "platform" | "stack";

/** What must be deployed for a rule to make sense; a rule whose needs are not met is left out of the stack. */
export interface RuleRequirements {
    readonly components?: readonly ComponentName[];
    /** Platform scrape jobs (StackConfig.platformTargets[].job). */
    readonly jobs?: readonly string[];
    /** Platforms the rule applies to (its metrics exist only there). Default: every platform. */
    readonly platforms?: readonly PlatformName[];
    /** At least one monitoring:remoteWrite entry (the remote-write queue's metrics exist only then). */
    readonly remoteWrite?: boolean;
    /** monitoring:thanos on (its parts' metrics exist only then). */
    readonly thanos?: boolean;
}

/** One alerting rule, written once and rendered for Prometheus and Grafana. */
export interface AlertRule {
    /** Alert name, PascalCase; its runbook is runbooks/<alert>.md, linked as <monitoring:runbookBaseUrl>/<alert>.md. */
    readonly alert: string;
    readonly group: string;
    readonly owner: AlertOwner;
    /** PromQL; every metric it names must be in alerts/metrics.ts. */
    readonly expr: string;
    /** How long the condition must hold before the alert fires; absent means at the first evaluation. */
    readonly for?: string;
    /** Prometheus' keep_firing_for: a dip in an outage neither resolves the page nor pages again when it returns. */
    readonly keepFiringFor?: string;
    readonly severity: Severity;
    readonly summary: string;
    /** What is wrong and what it affects, may use {{ $labels.x }} and {{ $value }}. */
    readonly description: string;
    /** Set on target-down alerts: the job they report as down (used to inhibit that job's other alerts). */
    readonly targetDownJob?: string;
    readonly requires?: RuleRequirements;
    /** The floor a ratio or quantile alert's expression includes (SLO burn alerts state theirs in alerts/slo.ts). */
    readonly trafficFloor?: TrafficFloor;
}

/** A row of an alert table: the group, owner and requirements its table shares are filled in by alertTable. */
export type AlertRow = Omit<AlertRule, "group" | "owner"> & { readonly group?: string };

/** The rows with what they share; a row's own group wins, and its own requirements add to the shared ones. */
export function alertTable(shared: { group?: string; owner: AlertOwner; requires?: RuleRequirements }, rows: readonly AlertRow[]): AlertRule[] {
    return rows.map(({ group = shared.group, requires: own, ...row }) => {
        const requires = shared.requires || own ? { ...shared.requires, ...own } : undefined;
        return { ...row, group: group as string, owner: shared.owner, ...(requires ? { requires } : {}) };
    });
}

/** One recording rule, named level:metric:operations as Prometheus' naming guide asks. */
export interface RecordingRule {
    readonly record: string;
    readonly expr: string;
    readonly requires?: RuleRequirements;
    readonly group?: string;
}

/** A dashboard recording rule and what it was built from (the query benchmark backfills its output series from this). */
export interface DashboardRecordingRule extends RecordingRule {
    readonly group: string;
    readonly source: string;
    readonly labels: readonly string[];
    /** The panel's raw query it replaces, with `filter` added to its selectors and `window` as its rate window. */
    readonly raw: (filter: string, window: string) => string;
}

/** A minimum of traffic below which a ratio or quantile alert stays silent (one request is no signal), as data. */
export interface TrafficFloor {
    /** PromQL: events over the alert's window, per the alert's labels. */
    readonly events: string;
    readonly minEvents: number;
    readonly window: string;
}

/** A rule group: its rules are evaluated together, at one interval, and written to one file. */
export interface RuleGroupSpec {
    readonly name: string;
    /** Rule file (inside Prometheus' rules directory) the group is written to. */
    readonly file: string;
    readonly interval?: string;
    readonly owner: AlertOwner;
    /** Always evaluated by Prometheus: pages must come within a second of their `for` (Grafana ticks every 10 s), and without Grafana. */
    readonly alwaysPrometheus?: boolean;
}
