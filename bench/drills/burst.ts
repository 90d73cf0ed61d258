// A burst of 10,000 distinct alerts posted to Alertmanager within 10 s (the dev stack's alertmanager.yml: group by
// alertname and severity, group_wait 10s, group_interval 10s): every one is grouped and delivered to the receivers its
// severity routes to, none dropped, and the time from the first post to the last delivery is reported.
import { startWebhookReceiver } from "../../tests/support/webhook-receiver";
import { writeFiles } from "../../tests/support/run-tool";
import { localAlertmanagerYml } from "../local-stack";
import { startAlertmanager } from "../../tests/support/local-daemons";
import { amAlerts, Drill, inTempDir, Outcome, postAlerts, PostedAlert, renderedStack, seconds, sleep } from "./drill";

const total = 10_000;
const batch = 500;
/** Five alert names per severity (critical and warning names differ, so the critical-mutes-warning inhibition stays out of it). */
const names = (i: number): { alertname: string; severity: string } =>
    i % 2 === 0
        ? { alertname: `DrillBurstCritical${(i / 2) % 5}`, severity: "critical" }
        : { alertname: `DrillBurstWarning${((i - 1) / 2) % 5}`, severity: "warning" };
/** Where each severity is routed by the rendered tree (critical: pagerduty and, through the second route, team-email). */
const receiversOf: Readonly<Record<string, readonly string[]>> = { critical: ["pagerduty", "team-email"], warning: ["slack"] };

export const burst: Drill = {
    name: "burst",
    title: "10,000 distinct alerts within 10 s: all grouped and delivered, none dropped",
    run: (outcome: Outcome) =>
        inTempDir("burst", async (dir) => {
            const files = renderedStack("dev");
            outcome.change("none in alertmanager.yml; the alerts are posted by the drill to Alertmanager's API in batches of 500, no Prometheus");
            const webhook = await startWebhookReceiver();
            writeFiles(dir, { "alertmanager.yml": localAlertmanagerYml(files.alertmanagerYml, webhook.baseUrl) });
            const am = await startAlertmanager(files.config, { dir });
            try {
                const startsAt = new Date().toISOString();
                const alerts: PostedAlert[] = Array.from({ length: total }, (_, i) => ({ labels: { ...names(i), instance: `burst-${i}` }, startsAt }));
                const t0 = Date.now();
                for (let i = 0; i < total; i += batch) await postAlerts(am.baseUrl, alerts.slice(i, i + batch));
                const posted = Date.now() - t0;
                outcome.number("posting 10,000 alerts", seconds(posted));
                outcome.check("all posted within 10 s", posted <= 10_000, seconds(posted));

                const expected = new Map<string, number>();
                for (const a of alerts) for (const r of receiversOf[a.labels.severity]) expected.set(r, (expected.get(r) ?? 0) + 1);
                const deliveredTo = (receiver: string): Set<string> =>
                    new Set(webhook.receivedOn(receiver).flatMap((n) => n.body.alerts.filter((a) => a.status === "firing").map((a) => a.labels.instance)));
                const complete = () => [...expected].every(([r, n]) => deliveredTo(r).size === n);
                while (!complete() && Date.now() - t0 < 300_000) await sleep(250);
                const all = webhook.received();
                const last = Math.max(...all.map((n) => n.receivedAt));
                outcome.number("first post to last delivery", seconds(last - t0));
                outcome.number(
                    "notifications (webhook calls)",
                    `${all.length}: ${[...expected.keys()].map((r) => `${r} ${webhook.receivedOn(r).length}`).join(", ")}`,
                );
                for (const [receiver, n] of expected) {
                    const got = deliveredTo(receiver).size;
                    outcome.check(`every alert routed to ${receiver} delivered`, got === n, `${got} of ${n}`);
                }
                const groups = new Set(all.map((n) => `${n.path}/${JSON.stringify(n.body.groupLabels)}`));
                outcome.check("grouped: one group per alertname and severity and receiver", groups.size === 5 * 3, `${groups.size} groups (expected 15)`);
                const held = (await amAlerts(am.baseUrl, 120_000)).length;
                outcome.check("Alertmanager holds all 10,000", held === total, String(held));
                const metrics = await fetch(`${am.baseUrl}/metrics`).then((r) => r.text());
                const invalid = /^alertmanager_alerts_invalid_total(?:\{[^}]*\})? (\S+)$/m.exec(metrics)?.[1];
                outcome.check("none rejected as invalid", Number(invalid ?? "0") === 0, `alertmanager_alerts_invalid_total ${invalid}`);
                outcome.number(
                    "resident memory of Alertmanager after the burst",
                    `${(Number(/^process_resident_memory_bytes (\S+)$/m.exec(metrics)?.[1] ?? "0") / 2 ** 20).toFixed(0)} MiB`,
                );
            } finally {
                outcome.keepLogs("burst", { alertmanager: am.output() });
                await am.stop();
                await webhook.close();
            }
        }),
};
