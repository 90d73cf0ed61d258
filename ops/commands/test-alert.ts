// `ops test-alert`: predicts the receivers from the routing tree Alertmanager runs, posts the alert, reads where it went.
import { randomUUID } from "crypto";
import { AmAlertGroup, AmStatus } from "../api-types";
import { parseDurationMs } from "../duration";
import { exitCodes } from "../errors";
import { call } from "../http";
import { routesFor } from "../route-match";
import { receiversInGroups, receiversWithoutIntegration, sameReceivers, testAlertBody, testAlertLabels, TestSeverity } from "../test-alert";
import { clusterLabel } from "./cluster";
import { Context } from "./context";

export interface TestAlertOptions {
    readonly severity: TestSeverity;
    readonly resolveAfter: string;
    readonly cluster?: string;
}

/** How long Alertmanager may take to show a posted alert in its groups. */
const appearWithinMs = 10_000;

export async function testAlertCommand(ctx: Context, opts: TestAlertOptions): Promise<number> {
    const resolveAfterMs = parseDurationMs("--resolve-after", opts.resolveAfter);
    const endpoints = ctx.endpoints(opts.cluster === undefined ? ["alertmanager", "prometheus"] : ["alertmanager"]);
    const am = ctx.endpoint(endpoints, "alertmanager");
    const cluster = await clusterLabel(ctx, opts.cluster);
    const testId = randomUUID();
    const labels = testAlertLabels(opts.severity, cluster, testId);
    // The tree Alertmanager runs right now, not the one in this checkout: that is where the alert really goes.
    const running = await call<AmStatus>(am, "GET", "/api/v2/status");
    const routes = routesFor(running.config.original, labels);
    const predicted = routes.map((r) => r.receiver);
    const silent = receiversWithoutIntegration(running.config.original, predicted);
    const now = Date.now();
    await call(am, "POST", "/api/v2/alerts", testAlertBody(labels, now, resolveAfterMs));
    let actual: string[] = [];
    const deadline = Date.now() + appearWithinMs;
    while (Date.now() < deadline) {
        actual = receiversInGroups(await call<AmAlertGroup[]>(am, "GET", "/api/v2/alerts/groups"), testId);
        if (actual.length > 0) break;
        await new Promise((r) => setTimeout(r, 250));
    }
    const agrees = sameReceivers(predicted, actual);
    const resolvesAt = new Date(now + resolveAfterMs).toISOString();
    if (ctx.options.json) {
        ctx.printJson({ labels, receivers: predicted, routes, alertmanagerReceivers: actual, agrees, receiversWithoutIntegration: silent, resolvesAt });
    } else {
        const c = ctx.colours;
        ctx.print(`Posted ${labels.alertname} severity=${labels.severity} cluster=${cluster} test_id=${testId} to ${am.baseUrl}`);
        ctx.print(`Routing tree sends it to: ${predicted.join(", ")}`);
        // Alertmanager groups a muted alert all the same, but notifies nobody while the interval holds.
        for (const r of routes) {
            if (r.muteTimeIntervals.length > 0)
                ctx.print(c.yellow(`  note: the route to ${r.receiver} is muted during ${r.muteTimeIntervals.join(", ")}; then it notifies nobody`));
            if (r.activeTimeIntervals.length > 0)
                ctx.print(
                    c.yellow(`  note: the route to ${r.receiver} is active only during ${r.activeTimeIntervals.join(", ")}; outside them it notifies nobody`),
                );
        }
        ctx.print(
            actual.length > 0
                ? `Alertmanager grouped it for: ${actual.join(", ")} ${agrees ? c.green("(as predicted)") : c.red("(NOT as predicted)")}`
                : c.red(`Alertmanager did not show it within ${appearWithinMs / 1000}s`),
        );
        // Routed "as predicted" to a receiver with no integration (dev has no channel) still reaches nobody: say so.
        if (silent.length > 0)
            ctx.print(
                c.yellow(
                    `warning: ${silent.join(", ")} ${silent.length === 1 ? "has" : "have"} no integration (no e-mail, PagerDuty, Slack or webhook): nobody is notified; ` +
                        "set monitoring:notificationChannels and their keys (docs/how-to/route-alerts-to-your-team.md)",
                ),
            );
        ctx.print(`It resolves by itself at ${resolvesAt} (--resolve-after ${opts.resolveAfter}).`);
    }
    return agrees ? exitCodes.ok : exitCodes.unhealthy;
}
