// A broken prometheus.yml and a broken alertmanager.yml reloaded as the stack reloads them (Prometheus by SIGHUP, as its
// config reloader sends it, the lifecycle API being off; Alertmanager by POST /-/reload): each daemon refuses it, keeps running the last good config, and the stack's PrometheusConfigReloadFailed and
// AlertmanagerConfigReloadFailed fire and reach their receiver. Their window and `for` are shortened (rendered: [5m] and
// 10m, 15 minutes at least) so that they fire within the drill.
import * as fs from "fs";
import * as path from "path";
import { startLocalStack } from "../local-stack";
import {
    amStatus,
    Drill,
    editAlerts,
    firing,
    inTempDir,
    Outcome,
    renderedAlert,
    renderedStack,
    scalar,
    seconds,
    sleep,
    waitTargetsAndRules,
    withStack,
} from "./drill";
import { routesFor } from "../../ops/route-match";
import { Daemon } from "../../tests/support/daemon";
import { getJson } from "../../tests/support/poll";

const alerts = ["PrometheusConfigReloadFailed", "AlertmanagerConfigReloadFailed"] as const;
const window = "30s";
const alertFor = "20s";

async function reload(base: string): Promise<number> {
    const response = await fetch(`${base}/-/reload`, { method: "POST", signal: AbortSignal.timeout(10_000) });
    await response.text();
    return response.status;
}

const metricValue = (base: string, metric: string): Promise<string | undefined> =>
    fetch(`${base}/metrics`)
        .then((r) => r.text())
        .then((t) => new RegExp(`^${metric} (\\S+)$`, "m").exec(t)?.[1]);

/**
 * Prometheus reloaded as deployed: SIGHUP (prometheus-config-reloader's signal method; --web.enable-lifecycle is off).
 * A signal has no answer, so the outcome is read from /metrics: "1" once a reload after the signal succeeded (its
 * success timestamp moved), "0" once one failed; undefined if neither shows within 10 s.
 */
async function signalReload(prometheus: Daemon): Promise<string | undefined> {
    const outcome = () => metricValue(prometheus.baseUrl, "prometheus_config_last_reload_successful");
    const stamp = () => metricValue(prometheus.baseUrl, "prometheus_config_last_reload_success_timestamp_seconds");
    const [okBefore, stampBefore] = [await outcome(), await stamp()];
    process.kill(prometheus.pid, "SIGHUP");
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(200)) {
        const ok = await outcome();
        // A failure flips the flag to 0; a success moves the timestamp (the flag may have been 1 already).
        if ((ok === "0" && okBefore !== "0") || (ok === "1" && (await stamp()) !== stampBefore)) return ok;
    }
    return undefined;
}

export const badConfig: Drill = {
    name: "bad-config",
    title: "Broken prometheus.yml and alertmanager.yml reloaded: last good config kept, the reload-failed alerts fire",
    run: (outcome: Outcome) =>
        inTempDir("bad-config", async (dir) => {
            const rendered = renderedStack("dev");
            const rule = renderedAlert(rendered.ruleFiles, alerts[0]);
            const ruleFiles = editAlerts(rendered.ruleFiles, alerts, (r) => void (r.expr = r.expr.replace("[5m]", `[${window}]`)));
            outcome.change(`${alerts.join(" and ")}: window [5m] -> [${window}], for ${rule.for} -> ${alertFor} (rendered: ${rule.expr})`);
            const files = { ...rendered, ruleFiles };
            // Where the rendered alertmanager.yml sends each alert (the reload failures page since they stop alerting).
            const receiverOf = Object.fromEntries(
                alerts.map((a) => [
                    a,
                    routesFor(rendered.alertmanagerYml, { alertname: a, ...(renderedAlert(rendered.ruleFiles, a).labels ?? {}) })[0].receiver,
                ]),
            );
            await withStack(
                outcome,
                "bad-config",
                () => startLocalStack(files, dir, { rules: { alertFor: { [alerts[0]]: alertFor, [alerts[1]]: alertFor } } }),
                async (stack) => {
                    const prom = stack.prometheus.baseUrl;
                    const am = stack.alertmanager.baseUrl;
                    await waitTargetsAndRules(prom);
                    const promFile = path.join(dir, "prometheus.yml");
                    const amFile = path.join(dir, "alertmanager.yml");
                    const good = { prom: fs.readFileSync(promFile, "utf8"), am: fs.readFileSync(amFile, "utf8") };
                    const configBefore = (await getJson<{ data: { yaml: string } }>(`${prom}/api/v1/status/config`)).data.yaml;
                    const amConfigBefore = (await amStatus(am)).config.original;
                    // Typical mistakes: a key indented one level too far (unknown field), a route naming a receiver that does not exist.
                    fs.writeFileSync(promFile, good.prom.replace("scrape_configs:", "scrape_configs:\n  scrape_interval: 15s"));
                    fs.writeFileSync(amFile, good.am.replace(/^ {2}receiver: (.*)$/m, "  receiver: no-such-receiver"));
                    const brokenAt = Date.now();
                    const refused = [await signalReload(stack.prometheus), await reload(am)];
                    outcome.check(
                        "both daemons refuse the broken file",
                        refused[0] === "0" && (refused[1] as number) >= 400,
                        `SIGHUP: prometheus last reload successful = ${refused[0]}; POST /-/reload: alertmanager ${refused[1]}`,
                    );
                    const flags = [
                        await metricValue(prom, "prometheus_config_last_reload_successful"),
                        await metricValue(am, "alertmanager_config_last_reload_successful"),
                    ];
                    outcome.number("last_reload_successful on /metrics", `prometheus ${flags[0]}, alertmanager ${flags[1]}`);
                    outcome.check(
                        "both report the failed reload on /metrics",
                        flags.every((f) => f === "0"),
                        flags.join(", "),
                    );
                    const configAfter = (await getJson<{ data: { yaml: string } }>(`${prom}/api/v1/status/config`)).data.yaml;
                    const amConfigAfter = (await amStatus(am)).config.original;
                    outcome.check(
                        "Prometheus keeps the last good config",
                        configAfter === configBefore,
                        configAfter === configBefore ? "unchanged" : "changed",
                    );
                    outcome.check(
                        "Alertmanager keeps the last good config",
                        amConfigAfter === amConfigBefore,
                        amConfigAfter === amConfigBefore ? "unchanged" : "changed",
                    );
                    await sleep(5_000);
                    const up = await scalar(prom, "count(up == 1)");
                    const all = await scalar(prom, "count(up)");
                    outcome.check("Prometheus still scrapes every target", up === all && (up ?? 0) > 0, `${up} of ${all} up`);

                    const deliveredAt: Record<string, number> = {};
                    const firedAt: Record<string, number> = {};
                    while (Object.keys(deliveredAt).length < alerts.length && Date.now() - brokenAt < 180_000) {
                        for (const a of alerts) {
                            if (!(a in firedAt) && (await firing(prom, a)).length > 0) firedAt[a] = Date.now();
                            const hit = stack.webhook
                                .receivedOn(receiverOf[a])
                                .find((n) => n.body.status === "firing" && n.body.alerts.some((x) => x.labels.alertname === a));
                            if (hit && !(a in deliveredAt)) deliveredAt[a] = hit.receivedAt;
                        }
                        await sleep(250);
                    }
                    for (const a of alerts) {
                        outcome.number(
                            a,
                            a in deliveredAt
                                ? `firing ${seconds(firedAt[a] - brokenAt)}, on the ${receiverOf[a]} receiver ${seconds(deliveredAt[a] - brokenAt)} after the reload`
                                : "not delivered",
                        );
                        outcome.check(
                            `${a} fires and reaches its receiver (through the Alertmanager running its last good config)`,
                            a in deliveredAt,
                            a in deliveredAt ? "delivered" : "not delivered within 180 s",
                        );
                    }
                    fs.writeFileSync(promFile, good.prom);
                    fs.writeFileSync(amFile, good.am);
                    const fixed = [await signalReload(stack.prometheus), await reload(am)];
                    outcome.check("the fixed files reload", fixed[0] === "1" && fixed[1] === 200, `prometheus ${fixed[0]}, alertmanager ${fixed[1]}`);
                },
            );
        }),
};
