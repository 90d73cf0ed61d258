// Alertmanager restarted (SIGTERM, as a rollout or `docker restart` stops it) on the same data directory: the silence and
// the notification log survive, so the firing alert is not re-sent until its repeat interval has passed, and is re-sent
// then. The repeat interval is shortened from the rendered 12h to 60 s so that "not before, but at" fits in a minute.
import * as fs from "fs";
import { startWebhookReceiver } from "../../tests/support/webhook-receiver";
import { localAlertmanagerYml } from "../local-stack";
import { startAlertmanager } from "../../tests/support/local-daemons";
import { amAlerts, Drill, getSilences, inTempDir, keepPosting, killHard, Outcome, postSilence, renderedStack, seconds, sleep } from "./drill";
import { writeFiles } from "../../tests/support/run-tool";
import { Daemon } from "../../tests/support/daemon";
import { durationSeconds } from "../../model/config/durations";
import { routingSpec } from "../../alerts/routing";

const repeatInterval = "60s";
const paged = { alertname: "DrillRestartPaged", severity: "critical", instance: "drill" };
const silenced = { alertname: "DrillRestartSilenced", severity: "critical", instance: "drill" };

export const alertmanagerRestart: Drill = {
    name: "alertmanager-restart",
    title: "Alertmanager restarted on its data directory: silences and notification log survive",
    run: (outcome: Outcome) =>
        inTempDir("alertmanager-restart", async (dir) => {
            const files = renderedStack("dev");
            outcome.change(
                `repeat_interval ${durationSeconds(routingSpec.route.repeatInterval)} s (rendered ${routingSpec.route.repeatInterval}) -> ${repeatInterval}, to see the re-send within the drill`,
            );
            outcome.change("alerts posted by the drill every 5 s to Alertmanager's API (as Prometheus re-sends them); no Prometheus");
            const webhook = await startWebhookReceiver();
            writeFiles(dir, { "alertmanager.yml": localAlertmanagerYml(files.alertmanagerYml, webhook.baseUrl, { repeat_interval: repeatInterval }) });
            let am: Daemon | undefined = await startAlertmanager(files.config, { dir });
            const outputs: string[] = [];
            const startsAt = new Date().toISOString();
            const poster = keepPosting(
                () => (am ? [am.baseUrl] : []),
                [paged, silenced].map((labels) => ({ labels, startsAt })),
                5_000,
            );
            try {
                const silenceId = await postSilence(am.baseUrl, "alertname", silenced.alertname, "drill: silenced across a restart");
                const pages = () => webhook.receivedOn("pagerduty").filter((n) => n.body.alerts.some((a) => a.labels.alertname === paged.alertname));
                const firstWait = Date.now();
                while (pages().length === 0 && Date.now() - firstWait < 60_000) await sleep(100);
                const first = pages()[0];
                if (!first) throw new Error("the alert never reached the pager");
                await sleep(5_000);

                const stoppedAt = Date.now();
                outputs.push(am.output());
                const old = am;
                am = undefined;
                await old.stop();
                const snapshots = fs.readdirSync(`${dir}/alertmanager-data`).sort();
                am = await startAlertmanager(files.config, { dir, port: old.port });
                outcome.number("restart (stop to ready)", seconds(Date.now() - stoppedAt));
                outcome.number("data directory", snapshots.join(", "));

                const silences = await getSilences(am.baseUrl);
                const kept = silences.find((s) => s.id === silenceId);
                outcome.check("the silence survives the restart", kept?.status.state === "active", `${silenceId}: ${kept?.status.state ?? "missing"}`);
                // Alertmanager marks the re-posted alert as silenced once it has been processed.
                let state = "";
                for (let i = 0; i < 50 && state !== "suppressed"; i++) {
                    state = (await amAlerts(am.baseUrl)).find((a) => a.labels.alertname === silenced.alertname)?.status.state ?? "missing";
                    if (state !== "suppressed") await sleep(200);
                }
                outcome.check("the silenced alert stays silenced after the restart", state === "suppressed", state);

                const repeatMs = durationSeconds(repeatInterval) * 1000;
                // The nflog entry keeps the first notification's time: nothing until first + repeat_interval, then one re-send
                // at the next flush (group_interval 10 s later at most, plus a few seconds of margin).
                while (pages().length < 2 && Date.now() - first.receivedAt < repeatMs + 20_000) await sleep(200);
                const all = pages();
                const early = all.filter((n) => n !== first && n.receivedAt < first.receivedAt + repeatMs);
                outcome.number("notifications of the paged alert", all.map((n) => `+${seconds(n.receivedAt - first.receivedAt)}`).join(", "));
                outcome.check("no re-send before the repeat interval (notification log survived)", early.length === 0, `${early.length} early re-send(s)`);
                outcome.check(
                    "re-sent once the repeat interval has passed",
                    all.length === 2 && all[1].receivedAt >= first.receivedAt + repeatMs,
                    `${all.length - 1} re-send(s), at ${all[1] ? seconds(all[1].receivedAt - first.receivedAt) : "none"}`,
                );
                outcome.check(
                    "the silenced alert never notified anyone",
                    !webhook.received().some((n) => n.body.alerts.some((a) => a.labels.alertname === silenced.alertname)),
                    `${webhook.received().filter((n) => n.body.alerts.some((a) => a.labels.alertname === silenced.alertname)).length} notification(s)`,
                );

                // A crash instead of a stop: Alertmanager writes its snapshots on shutdown and every 15 minutes
                // (--data.maintenance-interval), so what changed since the last one may be lost. Reported, not judged.
                const crashPaged = { ...paged, alertname: "DrillCrashPaged" };
                const crashSilenced = { ...silenced, alertname: "DrillCrashSilenced" };
                const crashSilence = await postSilence(am.baseUrl, "alertname", crashSilenced.alertname, "drill: silenced across a crash");
                const crashPoster = keepPosting(
                    () => (am ? [am.baseUrl] : []),
                    [crashPaged, crashSilenced].map((labels) => ({ labels, startsAt })),
                    5_000,
                );
                try {
                    const crashPages = () =>
                        webhook.receivedOn("pagerduty").filter((n) => n.body.alerts.some((a) => a.labels.alertname === crashPaged.alertname));
                    const since = Date.now();
                    while (crashPages().length === 0 && Date.now() - since < 60_000) await sleep(100);
                    await sleep(2_000);
                    outputs.push(am.output());
                    const crashed = am;
                    am = undefined;
                    await killHard(crashed);
                    am = await startAlertmanager(files.config, { dir, port: crashed.port });
                    const restartedAt = Date.now();
                    const survived = (await getSilences(am.baseUrl)).some((x) => x.id === crashSilence);
                    while (crashPages().length < 2 && Date.now() - restartedAt < 25_000) await sleep(200);
                    const again = crashPages()[1];
                    outcome.number(
                        "after a SIGKILL instead (reported, not judged)",
                        `silence created 2 s before the crash ${survived ? "kept" : "lost"}; alert paged 2 s before the crash ${again ? `paged again ${seconds(again.receivedAt - restartedAt)} after the restart` : "not paged again within 25 s"}`,
                    );
                } finally {
                    await crashPoster.stop();
                }
            } finally {
                await poster.stop();
                if (am) {
                    outputs.push(am.output());
                    await am.stop();
                }
                await webhook.close();
                outcome.keepLogs("alertmanager-restart", { alertmanager: outputs.join("\n") });
            }
        }),
};
