// The HA Prometheus pair of the prod design: two replicas with the same rules and targets, told apart by a
// `prometheus_replica` external label that alert_relabel_configs drops before alerts leave, so Alertmanager sees one alert
// and notifies once. The dev stack's rendered files run locally; the replica label's name and the alert relabelling are
// taken from the rendered prod prometheus.yml (the label's value is the pod name there, set per replica here).
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { freePort } from "../../tests/support/daemon";
import { writeFiles } from "../../tests/support/run-tool";
import { startLocalStack } from "../local-stack";
import { startPrometheus } from "../../tests/support/local-daemons";
import { amAlerts, Drill, firing, inTempDir, Outcome, renderedStack, seconds, sleep, waitTargetsAndRules, withStack } from "./drill";

const files = renderedStack("dev");
/** What the prod file drops from every alert: the replica label. */
const prodAlertRelabel = (parse(renderedStack("prod").prometheusYml) as Record<string, any>).alerting.alert_relabel_configs;
const replicaLabel: string = prodAlertRelabel[0].regex;
const alert = "DatabaseConnectionLoss";

/** The replica's external label, and the relabelling that drops it from alerts (both Prometheus send identical alerts). */
function asReplica(doc: Record<string, any>, replica: string): void {
    doc.global.external_labels = { ...doc.global.external_labels, [replicaLabel]: replica };
    doc.alerting.alert_relabel_configs = prodAlertRelabel;
}

export const prometheusHa: Drill = {
    name: "prometheus-ha",
    title: "HA Prometheus pair (prometheus_replica label dropped from alerts): both evaluate, one notification",
    run: (outcome: Outcome) =>
        inTempDir("prometheus-ha", (dir) =>
            withStack(
                outcome,
                "prometheus-ha",
                () => startLocalStack(files, dir, { prometheusDoc: (doc) => asReplica(doc, "prometheus-0") }),
                async (stack) => {
                    outcome.change(
                        `two Prometheus on the dev files, each with external label ${replicaLabel} (prometheus-0, prometheus-1) and alert_relabel_configs labeldrop ${replicaLabel}: the alert relabelling as the prod file renders it`,
                    );
                    const replicaDir = path.join(dir, "replica-1");
                    fs.mkdirSync(replicaDir);
                    const port = await freePort();
                    const doc = parse(fs.readFileSync(path.join(dir, "prometheus.yml"), "utf8")) as Record<string, any>;
                    asReplica(doc, "prometheus-1");
                    for (const job of doc.scrape_configs) if (job.job_name === "prometheus") job.static_configs = [{ targets: [`127.0.0.1:${port}`] }];
                    writeFiles(replicaDir, { "prometheus.yml": stringify(doc, { lineWidth: 0 }) });
                    const second = await startPrometheus(files.config, { dir: replicaDir, port });
                    try {
                        await Promise.all([waitTargetsAndRules(stack.prometheus.baseUrl), waitTargetsAndRules(second.baseUrl)]);
                        stack.orchestrator.setGauge("provisioning_database_connected", 0);
                        const t0 = Date.now();
                        const pages = () => stack.webhook.receivedOn("pagerduty").filter((n) => n.body.alerts.some((a) => a.labels.alertname === alert));
                        while (pages().length === 0 && Date.now() - t0 < 120_000) await sleep(100);
                        const firstAt = pages()[0]?.receivedAt;
                        outcome.number("first notification", firstAt ? `${seconds(firstAt - t0)} after the failure` : "none");
                        const both = await Promise.all([firing(stack.prometheus.baseUrl, alert), firing(second.baseUrl, alert)]);
                        outcome.check(
                            "both replicas evaluate the rule and fire",
                            both.every((a) => a.length === 1),
                            `firing on prometheus-0: ${both[0].length}, prometheus-1: ${both[1].length}`,
                        );
                        // Read off each replica's own /metrics (its self-scrape lags by up to 15 s).
                        const sent = await Promise.all(
                            [stack.prometheus.baseUrl, second.baseUrl].map(async (b) => {
                                const text = await fetch(`${b}/metrics`).then((r) => r.text());
                                return [...text.matchAll(/^prometheus_notifications_sent_total\{[^}]*\} (\S+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
                            }),
                        );
                        outcome.number("alerts sent to Alertmanager by each replica", sent.map((s) => String(s)).join(", "));
                        outcome.check(
                            "both replicas send their alerts",
                            sent.every((s) => (s ?? 0) > 0),
                            `sent: ${sent.join(", ")}`,
                        );
                        await sleep(25_000); // more than group_interval after both replicas' sends
                        const notified = pages();
                        const alertsIn = notified.flatMap((n) => n.body.alerts.filter((a) => a.labels.alertname === alert));
                        outcome.check(
                            "one notification with one alert",
                            notified.length === 1 && alertsIn.length === 1,
                            `${notified.length} notification(s), ${alertsIn.length} alert(s) in them`,
                        );
                        outcome.check(
                            `no ${replicaLabel} label reaches the receiver`,
                            alertsIn.every((a) => !(replicaLabel in a.labels)),
                            JSON.stringify(alertsIn[0]?.labels ?? {}),
                        );
                        const inAm = (await amAlerts(stack.alertmanager.baseUrl)).filter((a) => a.labels.alertname === alert);
                        outcome.check("Alertmanager holds one alert for both replicas", inAm.length === 1, `${inAm.length}`);
                    } finally {
                        outcome.keepLogs("prometheus-ha", { "prometheus-1": second.output() });
                        await second.stop();
                    }
                },
            ),
        ),
};
