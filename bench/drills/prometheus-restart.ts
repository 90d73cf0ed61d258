// Prometheus killed with SIGKILL while it ingests and while DatabaseConnectionLoss fires, restarted on the same data
// directory: samples from before the kill still answer, the gap in a 2 s job is at most the downtime plus one scrape,
// every rule group evaluates again, and the alert that was firing reaches the pager once, not twice.
import { platformJobs } from "../../alerts/catalog";
import { startLocalStack } from "../local-stack";
import { Drill, firing, inTempDir, killHard, Outcome, promRaw, renderedStack, seconds, sleep, waitTargetsAndRules, withStack } from "./drill";
import { getJson } from "../../tests/support/poll";
import { ReceivedNotification } from "../../tests/support/webhook-receiver";

const alert = "DatabaseConnectionLoss";
const job = platformJobs.orchestrator;
/** How long Prometheus stays dead. */
const downtimeMs = 10_000;
/** The job's scrape interval as rendered. */
const scrapeMs = 2_000;
/** Prometheus' scrape manager applies discovered targets on a 5 s ticker (scrape/manager.go), so the first scrape after a start waits up to that long. */
const targetSyncMs = 5_000;

const pagesOf = (received: readonly ReceivedNotification[]) =>
    received.filter((n) => n.path === "pagerduty" && n.body.status === "firing" && n.body.alerts.some((a) => a.labels.alertname === alert));

async function waitUntil(what: string, timeoutMs: number, probe: () => Promise<boolean> | boolean): Promise<number> {
    const started = Date.now();
    for (;;) {
        try {
            if (await probe()) return Date.now();
        } catch {
            // not answering yet
        }
        if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await sleep(100);
    }
}

export const prometheusRestart: Drill = {
    name: "prometheus-restart",
    title: "Prometheus SIGKILLed while ingesting and alerting, restarted on the same data directory",
    run: (outcome: Outcome) =>
        inTempDir("prometheus-restart", (dir) =>
            withStack(
                outcome,
                "prometheus-restart",
                () => startLocalStack(renderedStack("dev"), dir),
                async (stack) => {
                    outcome.change("none: every interval, `for`, group_wait and repeat_interval as rendered");
                    await waitTargetsAndRules(stack.prometheus.baseUrl);
                    stack.orchestrator.setGauge("provisioning_database_connected", 0);
                    const t0 = Date.now();
                    await waitUntil(`${alert} on the pager`, 120_000, () => pagesOf(stack.webhook.received()).length > 0);
                    await sleep(3_000);
                    const selector = `up{job="${job}"}[10m]`;
                    const before = (await promRaw(stack.prometheus.baseUrl, selector))[0]?.values.map((v) => v[0]) ?? [];
                    const activeBefore = (await firing(stack.prometheus.baseUrl, alert))[0]?.activeAt;

                    const killedAt = Date.now();
                    await killHard(stack.prometheus);
                    await sleep(downtimeMs);
                    const restartedAt = Date.now();
                    const prometheus = await stack.startPrometheus();
                    const readyAt = Date.now();
                    const downtime = readyAt - killedAt;
                    outcome.number("downtime (kill to ready)", seconds(downtime));
                    outcome.number("start-up on the old data dir (WAL replay)", seconds(readyAt - restartedAt));

                    // Rules resume: every group evaluated at least once a minute runs again after the restart (the slowest of those
                    // every 60 s; the 5-minute groups, the SLOs' long windows and the dashboards' host charts, may wait 5 minutes).
                    const resumedAt = await waitUntil("every rule group evaluated again", 90_000, async () => {
                        const groups = (
                            await getJson<{ data: { groups: { lastEvaluation: string; interval: number }[] } }>(`${prometheus.baseUrl}/api/v1/rules`)
                        ).data.groups;
                        const frequent = groups.filter((g) => g.interval <= 60);
                        return frequent.length > 0 && frequent.every((g) => Date.parse(g.lastEvaluation) > restartedAt);
                    });
                    outcome.check(
                        "every rule group evaluated at least once a minute evaluates again",
                        true,
                        `all such groups evaluated ${seconds(resumedAt - readyAt)} after ready`,
                    );

                    const after = (await promRaw(prometheus.baseUrl, selector))[0]?.values.map((v) => v[0]) ?? [];
                    const kept = before.filter((t) => after.includes(t)).length;
                    outcome.number("samples of the 2 s job from before the kill", `${kept}/${before.length} still answer`);
                    outcome.check(
                        "samples from before the kill still answer queries",
                        before.length > 0 && kept === before.length,
                        `${kept} of ${before.length}`,
                    );
                    const gaps = after.slice(1).map((t, i) => (t - after[i]) * 1000);
                    const maxGap = Math.max(...gaps);
                    const lastBefore = Math.max(...after.filter((t) => t * 1000 <= killedAt)) * 1000;
                    const firstAfter = Math.min(...after.filter((t) => t * 1000 > killedAt)) * 1000;
                    outcome.number("last sample before the kill", `${seconds(killedAt - lastBefore)} before it`);
                    outcome.number("first sample after the restart", `${seconds(firstAfter - readyAt)} after ready`);
                    // The gap runs from the last scrape before the kill (at most one interval before it) to the first after the
                    // restart (the target sync, then at most one interval of the target's scrape offset): nothing else may be missing.
                    const bound = downtime + 2 * scrapeMs + 250 + targetSyncMs;
                    outcome.number(
                        "largest gap in the 2 s job",
                        `${seconds(maxGap)} (downtime ${seconds(downtime)} + one scrape on each side, 0.25 s for a scrape in flight, the ${seconds(targetSyncMs, 0)} target sync = ${seconds(bound)})`,
                    );
                    // A scrape still in flight at the kill was never ingested: allow it a quarter of a second beyond the interval.
                    outcome.check(
                        "nothing ingested before the kill is lost (last sample at most one scrape before it)",
                        killedAt - lastBefore <= scrapeMs + 250,
                        `${seconds(killedAt - lastBefore)} <= ${seconds(scrapeMs + 250, 2)}`,
                    );
                    outcome.check(
                        "scraping resumes within the target sync plus one scrape after ready",
                        firstAfter - readyAt <= targetSyncMs + scrapeMs,
                        `${seconds(firstAfter - readyAt)} <= ${seconds(targetSyncMs + scrapeMs)}`,
                    );
                    outcome.check(
                        "gap at most the downtime plus one scrape on each side plus the target sync",
                        maxGap <= bound,
                        `${seconds(maxGap)} <= ${seconds(bound)}`,
                    );

                    // The alert fires again after its `for` (Prometheus restores a `for` only from 10m up, --rules.alert.for-grace-period),
                    // is sent again, and Alertmanager, which still holds it, must not page again.
                    const refiredAt = await waitUntil(`${alert} firing again`, 90_000, async () => (await firing(prometheus.baseUrl, alert)).length > 0);
                    const activeAfter = (await firing(prometheus.baseUrl, alert))[0]?.activeAt;
                    outcome.number("alert firing again after ready", `${seconds(refiredAt - readyAt)} (activeAt before ${activeBefore}, after ${activeAfter})`);
                    await sleep(25_000); // more than group_wait + group_interval (10 s + 10 s) after Prometheus' first re-send
                    const pages = pagesOf(stack.webhook.received());
                    outcome.number("pages for the alert", `${pages.length} (first ${seconds(pages[0].receivedAt - t0)} after the failure)`);
                    outcome.check("the firing alert is paged once, not again after the restart", pages.length === 1, `${pages.length} page(s)`);
                },
            ),
        ),
};
