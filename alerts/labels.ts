// The labels every alert carries, wherever it is evaluated: Prometheus' rule files and Grafana's rules render the same set.
import { StackConfig } from "../model/config/types";
import { AlertOwner, AlertRule } from "./types";

/** The `owner` label's value: who answers the alert (the platform's on-call, or whoever runs this monitoring stack). */
export const ownerLabelValues: Readonly<Record<AlertOwner, string>> = { platform: "platform", stack: "monitoring" };

/** `owner` and `severity`: the labels a rule itself carries in Prometheus' rule files. */
export function ruleLabels(rule: AlertRule): Record<string, string> {
    return { owner: ownerLabelValues[rule.owner], severity: rule.severity };
}

/**
 * `cluster`, `owner` and `severity`, sorted by name: the labels every alert reaches Alertmanager with. Prometheus adds
 * `cluster` from its external labels (render/prometheus/config.ts) to every alert it sends, so its rule files leave
 * it out (and stay identical across stacks); Grafana has no external labels, so its rules carry it themselves.
 */
export function alertLabels(rule: AlertRule, config: StackConfig): Record<string, string> {
    return { cluster: config.cluster, ...ruleLabels(rule) };
}
