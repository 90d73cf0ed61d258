// A quiet first day in dev: on Docker the platform's services run on the developer's host, or do not. A target that has
// never answered since Prometheus started does not page; once it has been up, it pages as in prod when it goes down.
import type { StackConfig } from "../model/config/types";
import { AlertRule, RecordingRule } from "./types";

/** 1 for every (job, instance) whose target has answered at least once; the rule's own previous value keeps it. */
export const seenUpRecord = "job_instance:up:seen";

/** Whether a stack guards its target-down alerts so: Docker (dev), where nothing guarantees the services run. */
export const guardsFirstUp = (config: StackConfig): boolean => config.platform === "docker";

/** The recording rule behind the guard, for the platform's `jobs`, in the group of the alerts it guards. */
export function seenUpRule(jobs: readonly string[], group: string): RecordingRule {
    return {
        record: seenUpRecord,
        // `or` its own last sample (5 minutes of lookback; re-recorded every evaluation, it never goes stale while Prometheus runs).
        expr: `max by (job, instance) (up{job=~"${[...jobs].sort().join("|")}"} == 1) or ${seenUpRecord}`,
        group,
    };
}

/** The expression an alert is evaluated with: a platform target-down alert, guarded on Docker; every other as written. */
export function alertExpr(rule: AlertRule, config: StackConfig): string {
    if (!guardsFirstUp(config) || rule.owner !== "platform" || rule.targetDownJob === undefined) return rule.expr;
    return `(${rule.expr}) and on (job, instance) ${seenUpRecord}`;
}
