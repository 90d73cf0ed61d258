// One alert path, live: the rendered alertmanager.yml of dev and of prod (with its dead man's switch) on
// Alertmanager 0.28.1, with Prometheus 3.13.2 evaluating the rendered rule files and sending to it. A platform alert
// posted to /api/v2/alerts in the shape Grafana's Alertmanager integration sends (the rule's labels plus grafana_folder
// and __alert_rule_uid__) takes the same tree as Prometheus' alerts; `amtool silence add` silences it; a maintenance
// window containing the current time mutes it, one that does not, doesn't.
//
// Local changes only: addresses, the root's group_wait/group_interval (1s), integrations replaced by a local webhook per
// receiver (local-profile.ts), and a prometheus.yml that scrapes nothing (the rules, the external label and the sending
// to Alertmanager are what matter here; the scraping is live-alerting.test.ts's). Every wait is a bounded poll.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { renderPrometheusRuleFiles } from "../../render/prometheus/rule-files";
import { renderAlertmanagerConfig } from "../../render/alertmanager/config";
import { parseStackConfig } from "../../model/config/parse";
import { StackConfig } from "../../model/config/types";
import { GrafanaRuleGroupSpec, grafanaRuleGroupSpecs } from "../../render/grafana-content/alert-rule-groups";
import { folders } from "../../model/folders";
import { done, getJson, notYet, waitFor } from "../support/poll";
import { loadRawStackConfig, secretsNeededBy } from "../support/stack-files";
import { ReceivedNotification, startWebhookReceiver, WebhookReceiver } from "../support/webhook-receiver";
import { cleanUpOnExit, Daemon, startDaemon } from "../support/daemon";
import { assertSucceeded, makeTempDir, removeDir, requireTool, runTool, writeFiles } from "../support/run-tool";
import { localAlertmanagerConfig, localRuleFiles } from "../support/local-profile";

const waitMs = 30_000;
const interval = "1s";

interface AmAlert {
    labels: Record<string, string>;
    receivers: { name: string }[];
    status: { state: "active" | "suppressed" | "unprocessed"; silencedBy: string[]; inhibitedBy: string[] };
}

/** HH:MM in a time zone, `offsetMinutes` from now. */
function clockIn(zone: string, offsetMinutes: number): string {
    const at = new Date(Date.now() + offsetMinutes * 60_000);
    const parts = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
    const part = (type: string) => parts.find((p) => p.type === type)!.value;
    return `${part("hour")}:${part("minute")}`;
}

/** A maintenance window of warning and info alerts, in Europe/Berlin, from `fromMinutes` to `toMinutes` after now. */
function windowAround(fromMinutes: number, toMinutes: number): unknown {
    return {
        times: [{ start: clockIn("Europe/Berlin", fromMinutes), end: clockIn("Europe/Berlin", toMinutes) }],
        location: "Europe/Berlin",
        severities: ["warning", "info"],
    };
}

/**
 * The alert of a rendered Grafana rule as Grafana's Alertmanager integration posts it: the rule's labels (as rendered),
 * the query result's labels (job), the folder title and rule UID Grafana adds, the rendered annotations.
 */
function grafanaShaped(rule: GrafanaRuleGroupSpec["rules"][number], job: string): Record<string, unknown> {
    return {
        labels: { ...rule.labels, alertname: rule.name, job, grafana_folder: folders.alerts.title, __alert_rule_uid__: rule.uid },
        annotations: { ...rule.annotations },
        startsAt: new Date().toISOString(),
        // Grafana marks each alert as ending a few evaluation intervals ahead and re-sends it while it fires.
        endsAt: new Date(Date.now() + 5 * 60_000).toISOString(),
        generatorURL: `http://grafana:3000/alerting/grafana/${rule.uid}/view`,
    };
}

const describeNotifications = (ns: readonly ReceivedNotification[]): string =>
    JSON.stringify(ns.map((n) => ({ on: n.path, alerts: n.body.alerts.map((a) => `${a.labels.alertname}/${a.labels.job ?? ""}/${a.status}`) })));

interface StackCase {
    readonly stack: "dev" | "prod";
    /** Extra secrets set: prod runs with its dead man's switch. */
    readonly secrets: readonly string[];
    readonly watchdogReceiver: string;
}

const cases: readonly StackCase[] = [
    { stack: "dev", secrets: [], watchdogReceiver: "blackhole" },
    { stack: "prod", secrets: ["smtpPassword", "deadMansSwitchUrl"], watchdogReceiver: "dead-mans-switch" },
];

for (const c of cases) {
    describe(`one alert path, live: ${c.stack}'s rendered alertmanager.yml on Alertmanager 0.28.1, fed by Prometheus 3.13.2 and Grafana-shaped alerts`, function () {
        this.timeout(120_000);
        let dir: string | undefined;
        let forgetDirOnExit: (() => void) | undefined;
        let webhook: WebhookReceiver | undefined;
        let alertmanager: Daemon | undefined;
        let prometheus: Daemon | undefined;
        let config: StackConfig;
        const receivers = ["team-email", "pagerduty", "slack", ...(c.watchdogReceiver === "dead-mans-switch" ? ["dead-mans-switch"] : [])];
        const silent = ["blackhole", ...(c.watchdogReceiver === "dead-mans-switch" ? [] : ["dead-mans-switch"])];

        const stackConfig = (change: Record<string, string> = {}): StackConfig => {
            const raw = loadRawStackConfig(c.stack);
            return parseStackConfig({ ...loadRawStackConfig(c.stack, [...secretsNeededBy(raw), ...c.secrets]), ...change }, c.stack);
        };
        const writeAlertmanagerConfig = (stack: StackConfig): void => {
            const local = localAlertmanagerConfig(renderAlertmanagerConfig(stack), {
                groupWait: interval,
                groupInterval: interval,
                webhooks: Object.fromEntries(receivers.map((r) => [r, `${webhook!.baseUrl}/${r}`])),
                silentReceivers: silent,
            });
            writeFiles(dir!, { "alertmanager.yml": local });
        };
        const reloadAlertmanager = async (stack: StackConfig): Promise<void> => {
            writeAlertmanagerConfig(stack);
            const response = await fetch(`${alertmanager!.baseUrl}/-/reload`, { method: "POST" });
            assert.equal(response.status, 200, await response.text());
        };
        const post = async (alerts: readonly Record<string, unknown>[]): Promise<void> => {
            const response = await fetch(`${alertmanager!.baseUrl}/api/v2/alerts`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify(alerts),
            });
            assert.equal(response.status, 200, await response.text());
        };
        const amAlert = (alertname: string, job?: string) =>
            waitFor(
                `${alertname} in Alertmanager`,
                async () => {
                    const all = await getJson<AmAlert[]>(`${alertmanager!.baseUrl}/api/v2/alerts`);
                    const hit = all.find((a) => a.labels.alertname === alertname && (job === undefined || a.labels.job === job));
                    return hit ? done(hit) : notYet(all.map((a) => a.labels.alertname).join(", "));
                },
                waitMs,
            );
        const notified = (receiver: string, alertname: string, job?: string) =>
            webhook!
                .receivedOn(receiver)
                .some((n) => n.body.alerts.some((a) => a.labels.alertname === alertname && (job === undefined || a.labels.job === job)));
        const waitNotified = (receiver: string, alertname: string, job?: string) =>
            waitFor(
                `${alertname} on the ${receiver} webhook`,
                async () => (notified(receiver, alertname, job) ? done(true) : notYet(describeNotifications(webhook!.received()))),
                waitMs,
            );
        /** A Grafana rule of this stack as rendered for the Grafana provider, by name. */
        const grafanaRule = (name: string): GrafanaRuleGroupSpec["rules"][number] => {
            const rule = grafanaRuleGroupSpecs(config)
                .flatMap((g) => g.rules)
                .find((r) => r.name === name);
            assert.ok(rule, `${name} is not Grafana-evaluated in ${c.stack}`);
            return rule;
        };

        before(async function () {
            for (const tool of ["prometheus", "alertmanager", "amtool"]) requireTool(tool);
            config = stackConfig();
            dir = makeTempDir(`one-alert-path-${c.stack}`);
            const created = dir;
            forgetDirOnExit = cleanUpOnExit(() => fs.rmSync(created, { recursive: true, force: true, maxRetries: 5 }));
            webhook = await startWebhookReceiver();
            writeAlertmanagerConfig(config);
            alertmanager = await startDaemon(
                "alertmanager",
                [
                    `--config.file=${path.join(dir, "alertmanager.yml")}`,
                    `--storage.path=${path.join(dir, "alertmanager-data")}`,
                    "--web.listen-address=127.0.0.1:{port}",
                    "--cluster.listen-address=",
                ],
                "/-/ready",
            );
            // Prometheus evaluates the stack's rendered rules (every group at 1s) and sends to this Alertmanager.
            const rulesDir = path.join(dir, "rules");
            fs.mkdirSync(rulesDir);
            writeFiles(rulesDir, localRuleFiles(renderPrometheusRuleFiles(config), { interval, alertFor: {} }));
            const prometheusYml = {
                global: { scrape_interval: interval, evaluation_interval: interval, external_labels: { cluster: config.cluster } },
                alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${alertmanager.port}`] }] }] },
                rule_files: [path.join(rulesDir, "*.yml")],
            };
            writeFiles(dir, { "prometheus.yml": stringify(prometheusYml) });
            prometheus = await startDaemon(
                "prometheus",
                [
                    `--config.file=${path.join(dir, "prometheus.yml")}`,
                    `--storage.tsdb.path=${path.join(dir, "prometheus-data")}`,
                    "--web.listen-address=127.0.0.1:{port}",
                    `--rules.alert.resend-delay=${interval}`,
                ],
                "/-/ready",
                30_000,
            );
        });

        afterEach(function () {
            if (this.currentTest?.state !== "failed") return;
            const tail = (text: string): string => text.split("\n").slice(-25).join("\n");
            if (alertmanager) console.error(`--- last output of alertmanager:\n${tail(alertmanager.output())}`);
            if (webhook) console.error(`--- webhook notifications: ${describeNotifications(webhook.received())}`);
        });

        after(async function () {
            const results = await Promise.allSettled([prometheus?.stop(), alertmanager?.stop(), webhook?.close()]);
            removeDir(dir);
            forgetDirOnExit?.();
            const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
            if (failures.length > 0) throw new Error(`cleanup failed: ${failures.map((f) => String(f.reason)).join("; ")}`);
        });

        it(`routes Prometheus' Watchdog to ${c.watchdogReceiver}${c.watchdogReceiver === "dead-mans-switch" ? ", whose webhook gets the heartbeat" : ""}`, async () => {
            const watchdog = await amAlert("Watchdog");
            assert.deepEqual(
                watchdog.receivers.map((r) => r.name),
                [c.watchdogReceiver],
            );
            assert.equal(watchdog.labels.cluster, config.cluster);
            if (c.watchdogReceiver === "dead-mans-switch") await waitNotified("dead-mans-switch", "Watchdog");
        });

        it("routes a Grafana-shaped platform alert by the same tree: a warning reaches slack and nothing else", async () => {
            const rule = grafanaRule("HighAuthFailureRatio");
            await post([grafanaShaped(rule, "provisioning-control-center")]);
            const alert = await amAlert("HighAuthFailureRatio");
            assert.deepEqual(
                alert.receivers.map((r) => r.name),
                ["slack"],
            );
            assert.equal(alert.labels.grafana_folder, "Provisioning alerts");
            assert.equal(alert.labels.__alert_rule_uid__, "prov-high-auth-failure-ratio");
            await waitNotified("slack", "HighAuthFailureRatio");
            const [delivered] = webhook!
                .receivedOn("slack")
                .flatMap((n) => n.body.alerts)
                .filter((a) => a.labels.alertname === "HighAuthFailureRatio");
            assert.equal(delivered.annotations.runbook_url, "https://runbooks.provisioning.example.com/HighAuthFailureRatio.md");
            assert.ok(!notified("pagerduty", "HighAuthFailureRatio") && !notified("team-email", "HighAuthFailureRatio"));
        });

        it("silences it with the `amtool silence add` recipe of docs/operations.md", async () => {
            const result = runTool(
                "amtool",
                [
                    "silence",
                    "add",
                    `--alertmanager.url=${alertmanager!.baseUrl}`,
                    "--comment=one alert path test",
                    "--duration=1h",
                    "alertname=HighAuthFailureRatio",
                ],
                dir!,
            );
            assertSucceeded(result);
            const silenceId = result.stdout.trim();
            // A new instance (another job) arrives after the silence: suppressed, and never notified.
            const rule = grafanaRule("HighAuthFailureRatio");
            await post([grafanaShaped(rule, "provisioning-control-center-2")]);
            const silenced = await waitFor(
                "the silenced instance suppressed",
                async () => {
                    const a = await amAlert("HighAuthFailureRatio", "provisioning-control-center-2");
                    return a.status.state === "suppressed" ? done(a) : notYet(JSON.stringify(a.status));
                },
                waitMs,
            );
            assert.deepEqual(silenced.status.silencedBy, [silenceId]);
            // Control: a critical posted now is delivered; by then the silenced warning would have been too.
            await post([{ labels: { alertname: "SilenceControl", severity: "critical", cluster: config.cluster } }]);
            await waitNotified("pagerduty", "SilenceControl");
            await new Promise((r) => setTimeout(r, 2_000));
            assert.ok(!notified("slack", "HighAuthFailureRatio", "provisioning-control-center-2"), describeNotifications(webhook!.received()));
        });

        it("mutes warnings in a maintenance window that contains the current time, but still pages critical alerts", async () => {
            await reloadAlertmanager(stackConfig({ "monitoring:maintenanceWindows": JSON.stringify([windowAround(-30, 30)]) }));
            await post([grafanaShaped(grafanaRule("SlowWorkflows"), "provisioning-orchestrator")]);
            await amAlert("SlowWorkflows");
            await post([{ labels: { alertname: "MaintenanceControl", severity: "critical", cluster: config.cluster } }]);
            await waitNotified("pagerduty", "MaintenanceControl");
            await new Promise((r) => setTimeout(r, 3_000));
            assert.ok(!notified("slack", "SlowWorkflows"), `muted warning notified: ${describeNotifications(webhook!.received())}`);
        });

        it("does not mute in a window that does not contain the current time", async () => {
            await reloadAlertmanager(stackConfig({ "monitoring:maintenanceWindows": JSON.stringify([windowAround(120, 180)]) }));
            await post([grafanaShaped(grafanaRule("RbacDenialSpike"), "provisioning-control-center")]);
            await waitNotified("slack", "RbacDenialSpike");
        });

        it("inhibits a Grafana alert while Prometheus reports its job's target down (same cluster label)", async () => {
            await post([
                {
                    labels: {
                        alertname: "OrchestratorDown",
                        severity: "critical",
                        cluster: config.cluster,
                        job: "provisioning-orchestrator",
                        instance: "orchestrator:8080",
                    },
                },
                grafanaShaped(grafanaRule("TaskQueueBacklog"), "provisioning-orchestrator"),
            ]);
            const inhibited = await waitFor(
                "TaskQueueBacklog inhibited",
                async () => {
                    const a = await amAlert("TaskQueueBacklog");
                    return a.status.inhibitedBy.length > 0 ? done(a) : notYet(JSON.stringify(a.status));
                },
                waitMs,
            );
            assert.equal(inhibited.status.state, "suppressed");
            await waitNotified("pagerduty", "OrchestratorDown");
            await new Promise((r) => setTimeout(r, 2_000));
            assert.ok(!notified("slack", "TaskQueueBacklog"), describeNotifications(webhook!.received()));
        });

        it("silences every alert but the Watchdog with docs/operations.md's silence-everything recipe (the heartbeat goes on)", async () => {
            const result = runTool(
                "amtool",
                [
                    "silence",
                    "add",
                    `--alertmanager.url=${alertmanager!.baseUrl}`,
                    "--duration=2h",
                    "--comment=Maintenance window",
                    'severity=~"critical|warning|info"',
                ],
                dir!,
            );
            assertSucceeded(result);
            const states = await waitFor(
                "every alert but the Watchdog suppressed",
                async () => {
                    const all = await getJson<AmAlert[]>(`${alertmanager!.baseUrl}/api/v2/alerts`);
                    const wrong = all.filter((a) => (a.status.state === "suppressed") === (a.labels.alertname === "Watchdog"));
                    return wrong.length === 0 ? done(all) : notYet(wrong.map((a) => `${a.labels.alertname}: ${a.status.state}`).join(", "));
                },
                waitMs,
            );
            assert.deepEqual([...new Set(states.map((a) => a.labels.alertname))].sort(), [
                "HighAuthFailureRatio",
                "MaintenanceControl",
                "OrchestratorDown",
                "RbacDenialSpike",
                "SilenceControl",
                "SlowWorkflows",
                "TaskQueueBacklog",
                "Watchdog",
            ]);
        });
    });
}
