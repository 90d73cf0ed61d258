// The receiver down: every webhook answers 500 for two minutes while an alert is firing. Alertmanager keeps retrying,
// delivers the alert once the receiver is back, and the stack's AlertmanagerNotificationsFailing fires during the outage
// (and is itself delivered after it). Its `for` is shortened from the rendered 5m to 30s so that it fires within the two
// minutes; its 5m rate window stays as rendered.
import * as fs from "fs";
import * as path from "path";
import { routesFor } from "../../ops/route-match";
import { startLocalStack } from "../local-stack";
import { Drill, firing, inTempDir, keepPosting, Outcome, renderedAlert, renderedStack, seconds, sleep, waitTargetsAndRules, withStack } from "./drill";

const failing = "AlertmanagerNotificationsFailing";
const alertFor = "30s";
const outageMs = 120_000;
const drillAlert = { alertname: "DrillReceiverDown", severity: "critical", instance: "drill" };

export const receiverDown: Drill = {
    name: "receiver-down",
    title: "Receiver down (webhook answers 500) for two minutes: retries, delivery after recovery, failing-notifications alert",
    run: (outcome: Outcome) =>
        inTempDir("receiver-down", async (dir) => {
            const rendered = renderedStack("dev");
            outcome.change(`${failing}: for ${renderedAlert(rendered.ruleFiles, failing).for} -> ${alertFor} (window and threshold as rendered)`);
            outcome.change(
                "the failing alert is posted by the drill to Alertmanager every 15 s (as `amtool alert add` or Prometheus would); Prometheus evaluates the stack's own rules",
            );
            const files = rendered;
            await withStack(
                outcome,
                "receiver-down",
                () => startLocalStack(files, dir, { rules: { alertFor: { [failing]: alertFor } } }),
                async (stack) => {
                    const prom = stack.prometheus.baseUrl;
                    await waitTargetsAndRules(prom);
                    stack.webhook.failWith(500);
                    const t0 = Date.now();
                    const poster = keepPosting(() => [stack.alertmanager.baseUrl], [{ labels: drillAlert, startsAt: new Date(t0).toISOString() }], 15_000);
                    try {
                        let firedAt: number | undefined;
                        let failingLabels: Record<string, string> = { alertname: failing };
                        while (Date.now() - t0 < outageMs) {
                            const fired = firedAt === undefined ? await firing(prom, failing) : [];
                            if (fired.length > 0) [firedAt, failingLabels] = [Date.now(), fired[0].labels];
                            await sleep(500);
                        }
                        const refused = stack.webhook.refused();
                        const amMetrics = await fetch(`${stack.alertmanager.baseUrl}/metrics`).then((r) => r.text());
                        const failed = [...amMetrics.matchAll(/^alertmanager_notifications_failed_total\{[^}]*\} (\S+)$/gm)].reduce(
                            (n, m) => n + Number(m[1]),
                            0,
                        );
                        stack.webhook.failWith(undefined);
                        const recoveredAt = Date.now();
                        outcome.number("outage", seconds(recoveredAt - t0));
                        outcome.number(
                            "attempts answered 500",
                            `${refused.length}, from ${refused.length ? seconds(refused[0] - t0) : "-"} to ${refused.length ? seconds(refused[refused.length - 1] - t0) : "-"} into the outage`,
                        );
                        outcome.number("alertmanager_notifications_failed_total (notifications given up after retrying)", String(failed));
                        outcome.check(
                            "Alertmanager retries throughout the outage",
                            refused.length >= 3 && refused[refused.length - 1] - refused[0] >= outageMs / 2,
                            `${refused.length} attempts over ${refused.length ? seconds(refused[refused.length - 1] - refused[0]) : "0 s"}`,
                        );
                        outcome.number(`${failing} firing`, firedAt ? `${seconds(firedAt - t0)} into the outage` : "not during the outage");
                        outcome.check(`${failing} fires during the outage`, firedAt !== undefined, firedAt ? `at ${seconds(firedAt - t0)}` : "no");

                        const delivered = (name: string, receiver: string) =>
                            stack.webhook
                                .receivedOn(receiver)
                                .find((n) => n.body.status === "firing" && n.body.alerts.some((a) => a.labels.alertname === name));
                        // Wherever the local alertmanager.yml routes the failing-notifications alert with the labels it fired with
                        // (by its `integration`: every receiver is a webhook here, so it takes the stack's critical route).
                        const fallbacks = routesFor(fs.readFileSync(path.join(dir, "alertmanager.yml"), "utf8"), failingLabels)
                            .map((r) => r.receiver)
                            .filter((r) => r !== "blackhole");
                        const deliveredToFallback = () => fallbacks.map((r) => delivered(failing, r)).find((n) => n !== undefined);
                        while ((!delivered(drillAlert.alertname, "pagerduty") || !deliveredToFallback()) && Date.now() - recoveredAt < 60_000) await sleep(100);
                        const page = delivered(drillAlert.alertname, "pagerduty");
                        const warn = deliveredToFallback();
                        outcome.number(
                            "delivered after recovery",
                            `the alert ${page ? seconds(page.receivedAt - recoveredAt) : "never"}, ${failing} ${warn ? seconds(warn.receivedAt - recoveredAt) : "never"}`,
                        );
                        outcome.check("the alert is delivered after recovery", page !== undefined, page ? "pagerduty" : "not within 60 s");
                        outcome.check(`${failing} is delivered after recovery`, warn !== undefined, warn ? `on ${fallbacks.join(", ")}` : "not within 60 s");
                    } finally {
                        await poster.stop();
                    }
                },
            );
        }),
};
