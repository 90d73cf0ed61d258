// `ops test-alert`, the pure part: the alert it posts, how what Alertmanager did compares with the routing tree, and
// which of those receivers notify nobody.
import { parse } from "yaml";
import { AmAlertGroup } from "./api-types";

const testAlertName = "TestAlert";
export const testSeverities = ["critical", "warning", "info"] as const;
export type TestSeverity = (typeof testSeverities)[number];

/** Labels of a test alert; `test_id` tells this run's alert from any other and from real alerts. */
export function testAlertLabels(severity: TestSeverity, cluster: string, testId: string): Record<string, string> {
    return { alertname: testAlertName, cluster, severity, source: "ops-test-alert", test_id: testId };
}

/** The body of POST /api/v2/alerts: one alert that Alertmanager resolves by itself at `endsAt`. */
export function testAlertBody(labels: Readonly<Record<string, string>>, nowMs: number, resolveAfterMs: number) {
    return [
        {
            labels,
            annotations: {
                summary: `Test alert (${labels.severity}) sent by npm run ops -- test-alert`,
                description: "Not a real problem: checks that the routing tree reaches its receivers.",
            },
            startsAt: new Date(nowMs).toISOString(),
            endsAt: new Date(nowMs + resolveAfterMs).toISOString(),
        },
    ];
}

/** Receivers of the groups that hold the alert with this test_id, sorted and without repeats. */
export function receiversInGroups(groups: readonly AmAlertGroup[], testId: string): string[] {
    const names = groups.filter((g) => g.alerts.some((a) => a.labels.test_id === testId)).map((g) => g.receiver.name);
    return [...new Set(names)].sort();
}

/** Whether Alertmanager used exactly the receivers the tree predicts (order and repeats aside). */
export function sameReceivers(predicted: readonly string[], actual: readonly string[]): boolean {
    const a = [...new Set(predicted)].sort();
    const b = [...new Set(actual)].sort();
    return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The receivers among `names` that have no integration in the running alertmanager.yml (no `*_configs` entry): an alert
 * routed there is grouped "as predicted" and yet nobody is notified. Sorted; a name the file does not declare counts too.
 */
export function receiversWithoutIntegration(alertmanagerYaml: string, names: readonly string[]): string[] {
    const receivers = ((parse(alertmanagerYaml) ?? {}) as { receivers?: Record<string, unknown>[] }).receivers ?? [];
    const notifies = (r: Record<string, unknown>) =>
        Object.entries(r).some(([key, value]) => key.endsWith("_configs") && Array.isArray(value) && value.length > 0);
    return [...new Set(names)].filter((name) => !receivers.some((r) => r.name === name && notifies(r))).sort();
}
