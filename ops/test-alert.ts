// `ops test-alert`: predicts the receivers from the routing tree Alertmanager runs, posts the alert, reads where it went, says which notify nobody.
import { randomUUID } from "crypto";
import { parse } from "yaml";
import type { Context } from "./cli";
import { call, exitCodes, usageError } from "./http";
import { parseDurationMs } from "./matchers";
import { routesFor } from "./route-match";
import { AmStatus, PromEnvelope } from "./status";

export const testSeverities = ["critical", "warning", "info"] as const;
export type TestSeverity = (typeof testSeverities)[number];
/** GET /api/v2/alerts/groups: alerts as the dispatcher grouped them, one group per route and group key. */
export type AmAlertGroup = { labels: Record<string, string>; receiver: { name: string }; alerts: { labels: Record<string, string> }[] };

/** Labels of a test alert; `test_id` tells this run's alert from any other and from real alerts. */
export function testAlertLabels(severity: TestSeverity, cluster: string, testId: string): Record<string, string> {
    return { alertname: "TestAlert", cluster, severity, source: "ops-test-alert", test_id: testId };
}

export function receiversInGroups(groups: readonly AmAlertGroup[], testId: string): string[] {
    return [...new Set(groups.filter((g) => g.alerts.some((a) => a.labels.test_id === testId)).map((g) => g.receiver.name))].sort();
}

export function sameReceivers(predicted: readonly string[], actual: readonly string[]): boolean {
    const key = (names: readonly string[]) => JSON.stringify([...new Set(names)].sort());
    return key(predicted) === key(actual);
}

/** The receivers among `names` with no `*_configs` entry in the running alertmanager.yml (or not declared): grouped "as predicted", yet nobody is told. */
export function receiversWithoutIntegration(alertmanagerYaml: string, names: readonly string[]): string[] {
    const receivers = ((parse(alertmanagerYaml) ?? {}) as { receivers?: Record<string, unknown>[] }).receivers ?? [];
    const notifies = (r: object) => Object.entries(r).some(([key, value]) => key.endsWith("_configs") && Array.isArray(value) && value.length > 0);
    return [...new Set(names)].filter((name) => !receivers.some((r) => r.name === name && notifies(r))).sort();
}

/** The stack's `cluster` label: --cluster, else Prometheus' own external label (what every real alert carries). */
export async function clusterLabel(ctx: Context, flag: string | undefined): Promise<string> {
    if (flag !== undefined && /^[a-zA-Z0-9_.-]+$/.test(flag)) return flag;
    if (flag !== undefined) throw usageError(`--cluster: expected a label value of letters, digits, '.', '_' and '-' (got ${JSON.stringify(flag)})`);
    const prom = ctx.endpoint("prometheus");
    const { data } = await call<PromEnvelope<{ yaml: string }>>(prom, "GET", "/api/v1/status/config");
    const cluster = (parse(data.yaml) as { global?: { external_labels?: Record<string, string> } }).global?.external_labels?.cluster;
    if (cluster === undefined) throw usageError(`Prometheus at ${prom.baseUrl} has no external label "cluster"; pass --cluster <name>`);
    return cluster;
}

const appearWithinMs = 10_000;

export async function testAlertCommand(ctx: Context, opts: { severity: TestSeverity; resolveAfter: string; cluster?: string }) {
    const resolveAfterMs = parseDurationMs("--resolve-after", opts.resolveAfter);
    const am = ctx.endpoint("alertmanager", opts.cluster === undefined ? ["prometheus"] : []);
    const cluster = await clusterLabel(ctx, opts.cluster);
    const testId = randomUUID();
    const labels = testAlertLabels(opts.severity, cluster, testId);
    // The tree Alertmanager runs right now, not the one in this checkout: that is where the alert really goes.
    const running = (await call<AmStatus>(am, "GET", "/api/v2/status")).config.original;
    const routes = routesFor(running, labels);
    const predicted = routes.map((r) => r.receiver);
    const silent = receiversWithoutIntegration(running, predicted);
    const now = Date.now();
    const resolvesAt = new Date(now + resolveAfterMs).toISOString();
    const annotations = {
        summary: `Test alert (${labels.severity}) sent by npm run ops -- test-alert`,
        description: "Not a real problem: checks that the routing tree reaches its receivers.",
    };
    await call(am, "POST", "/api/v2/alerts", [{ labels, annotations, startsAt: new Date(now).toISOString(), endsAt: resolvesAt }]);
    let actual: string[] = [];
    for (const deadline = Date.now() + appearWithinMs; actual.length === 0 && Date.now() < deadline;) {
        actual = receiversInGroups(await call<AmAlertGroup[]>(am, "GET", "/api/v2/alerts/groups"), testId);
        if (actual.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    const agrees = sameReceivers(predicted, actual);
    const c = ctx.colours;
    // Alertmanager groups a muted alert all the same, but notifies nobody while the interval holds.
    const notes = routes.flatMap(({ receiver, muteTimeIntervals: muted, activeTimeIntervals: active }) => [
        ...(muted.length > 0 ? [`  note: the route to ${receiver} is muted during ${muted.join(", ")}; then it notifies nobody`] : []),
        ...(active.length > 0 ? [`  note: the route to ${receiver} is active only during ${active.join(", ")}; outside them it notifies nobody`] : []),
    ]);
    // Routed "as predicted" to a receiver with no integration (dev has no channel) still reaches nobody: say so.
    const warning =
        `warning: ${silent.join(", ")} ${silent.length === 1 ? "has" : "have"} no integration (no e-mail, PagerDuty, Slack or webhook): nobody is notified; ` +
        "set monitoring:notificationChannels and their keys (docs/how-to/route-alerts-to-your-team.md)";
    ctx.show({ labels, receivers: predicted, routes, alertmanagerReceivers: actual, agrees, receiversWithoutIntegration: silent, resolvesAt }, () => [
        `Posted ${labels.alertname} severity=${labels.severity} cluster=${cluster} test_id=${testId} to ${am.baseUrl}`,
        `Routing tree sends it to: ${predicted.join(", ")}`,
        ...notes.map(c.yellow),
        actual.length > 0
            ? `Alertmanager grouped it for: ${actual.join(", ")} ${agrees ? c.green("(as predicted)") : c.red("(NOT as predicted)")}`
            : c.red(`Alertmanager did not show it within ${appearWithinMs / 1000}s`),
        ...(silent.length > 0 ? [c.yellow(warning)] : []),
        `It resolves by itself at ${resolvesAt} (--resolve-after ${opts.resolveAfter}).`,
    ]);
    return agrees ? exitCodes.ok : exitCodes.unhealthy;
}
