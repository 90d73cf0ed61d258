// The dev stack's rendered prometheus.yml, rule files and alertmanager.yml, run end to end on the real daemons (the
// deployed Prometheus 3.13.2, Alertmanager 0.28.1, node_exporter 1.12.1) with prom-client stand-ins for the platform's services and a
// local webhook standing in for PagerDuty, Slack and e-mail. Proves that a healthy stack fires nothing but the Watchdog
// (which reaches no one), that a warning goes to the warning route only, and that a stopped orchestrator pages through
// the pagerduty receiver with the labels on-call relies on.
//
// Only what a local run must change is changed (see local-profile.ts, and the first test, which checks it): addresses,
// paths, timing (1s instead of 15s/30s, seconds instead of minutes for the `for` of the alerts under test, and Prometheus'
// alert resend delay) and the receivers' integrations. Grafana, Loki, Promtail and Tempo are not started, so their self-scrape jobs are removed; their
// target-down rules stay loaded and simply have no series. No fixed sleeps: every wait is a bounded poll of a real API.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { platformJobs } from "../../alerts/catalog";
import { ruleFileNames } from "../../alerts/groups";
import { renderPrometheusRuleFiles } from "../../render/prometheus/rule-files";
import { renderAlertmanagerConfig } from "../../render/alertmanager/config";
import { parseStackConfig } from "../../model/config/parse";
import { StackConfig } from "../../model/config/types";
import { renderPrometheusConfig } from "../../render/prometheus/config";
import { PlatformStandIn, startPlatformStandIn } from "../support/platform-stand-in";
import { done, getJson, notYet, waitFor } from "../support/poll";
import { loadRawStackConfig, loadStackConfig, secretsNeededBy } from "../support/stack-files";
import { ReceivedNotification, startWebhookReceiver, WebhookAlert, WebhookReceiver } from "../support/webhook-receiver";
import { cleanUpOnExit, Daemon, freePort } from "../support/daemon";
import { droppedJobs, serviceOfJob, startAlertmanager, startNodeExporter, startPrometheus } from "../support/local-daemons";
import { makeTempDir, removeDir, requireTool, writeFiles } from "../support/run-tool";
import {
    AlertmanagerDoc,
    integrationKeys,
    localAlertmanagerConfig,
    localPrometheusConfig,
    localRuleFiles,
    PrometheusDoc,
    RuleFileDoc,
} from "../support/local-profile";

// ------------------------------------------------------------------------------------------------------- test profile

const stack = "dev";
/** Scrape, rule evaluation and Alertmanager grouping interval of the local run. */
const interval = "1s";
/** The alerts this test makes fire, with their shortened `for` (rendered: OrchestratorDown 1m, TaskQueueBacklog 15m). */
const alertFor = { OrchestratorDown: "3s", TaskQueueBacklog: "2s" } as const;
const forMs = (alert: keyof typeof alertFor): number => Number.parseInt(alertFor[alert], 10) * 1000;
/** Receivers whose integrations become a webhook on /<receiver>; blackhole stays without any. */
const webhookReceivers = ["pagerduty", "team-email", "slack"];
const silentReceivers = ["blackhole", "dead-mans-switch"];
/** Bound of every wait below; each normally takes one to a few seconds. */
const waitMs = 30_000;

// ---------------------------------------------------------------------------------------------------------- API shapes

interface Target {
    labels: Record<string, string>;
    scrapeUrl: string;
    health: "up" | "down" | "unknown";
    lastError: string;
}
interface RuleState {
    name: string;
    type: "alerting" | "recording";
    health: "ok" | "err" | "unknown";
    lastError?: string;
}
interface RuleGroupState {
    name: string;
    file: string;
    rules: RuleState[];
    lastEvaluation: string;
}
interface PrometheusAlert {
    labels: Record<string, string>;
    state: "pending" | "firing";
    activeAt: string;
}
interface AlertmanagerAlert {
    labels: Record<string, string>;
    receivers: { name: string }[];
    status: { state: "active" | "suppressed" | "unprocessed"; inhibitedBy: string[]; silencedBy: string[] };
}
type PromResponse<T> = { status: "success"; data: T };

/**
 * The stack's config as its file has it, and the config this test runs. They differ only when the stack leaves the
 * platform's alerts to Grafana (dev's default once Grafana is deployed): Grafana is not run here and this test is about
 * Prometheus and Alertmanager, so it runs the same stack with `platformAlertsEvaluator: prometheus`, which moves the
 * platform's alerts into Prometheus' rule files and changes no other file (the first test checks that).
 */
function stackConfigs(): { asIs: StackConfig; tested: StackConfig } {
    const asIs = loadStackConfig(stack);
    if (asIs.platformAlertsEvaluator === "prometheus") return { asIs, tested: asIs };
    const raw = loadRawStackConfig(stack, secretsNeededBy(loadRawStackConfig(stack)));
    return { asIs, tested: parseStackConfig({ ...raw, "monitoring:platformAlertsEvaluator": "prometheus" }, stack) };
}

const names = (alerts: readonly { labels: Record<string, string> }[]): string[] => alerts.map((a) => a.labels.alertname).sort();
const describeNotifications = (ns: readonly ReceivedNotification[]): string =>
    JSON.stringify(ns.map((n) => ({ on: n.path, status: n.body.status, alerts: n.body.alerts.map((a) => `${a.labels.alertname}/${a.status}`) })));

describe(`live alerting: the ${stack} stack's rendered files on real Prometheus, Alertmanager and node_exporter`, function () {
    // Set here, not in .mocharc.live.json: the suite normally takes 15-25 s, every wait inside is bounded well below this.
    this.timeout(120_000);

    let asIs: StackConfig;
    let config: StackConfig;
    let dir: string | undefined;
    let forgetDirOnExit: (() => void) | undefined;
    let webhook: WebhookReceiver | undefined;
    const standIns = new Map<string, PlatformStandIn>();
    let nodeExporter: Daemon | undefined;
    let alertmanager: Daemon | undefined;
    let prometheus: Daemon | undefined;
    const rendered: { prometheus: string; rules: Record<string, string>; alertmanager: string } = { prometheus: "", rules: {}, alertmanager: "" };
    const local: { prometheus: string; rules: Record<string, string>; alertmanager: string } = { prometheus: "", rules: {}, alertmanager: "" };
    /** Targets the local prometheus.yml scrapes, by job. */
    let localTargets: Record<string, string> = {};
    /** When the suite first saw every target up (ms since the epoch). */
    let allUpAt = 0;

    const prom = <T>(apiPath: string): Promise<T> => getJson<PromResponse<T>>(`${prometheus!.baseUrl}${apiPath}`).then((r) => r.data);
    const amAlerts = (): Promise<AlertmanagerAlert[]> => getJson<AlertmanagerAlert[]>(`${alertmanager!.baseUrl}/api/v2/alerts`);

    before(async function () {
        // A missing daemon fails the suite here, naming the package (never a skip).
        for (const tool of ["prometheus", "alertmanager", "node_exporter"]) requireTool(tool);

        ({ asIs, tested: config } = stackConfigs());
        rendered.prometheus = renderPrometheusConfig(config);
        rendered.rules = renderPrometheusRuleFiles(config);
        rendered.alertmanager = renderAlertmanagerConfig(config);
        dir = makeTempDir("live-alerting");
        // Also removed if the run is interrupted (the daemons, started below, are killed first).
        const created = dir;
        forgetDirOnExit = cleanUpOnExit(() => fs.rmSync(created, { recursive: true, force: true, maxRetries: 5 }));

        webhook = await startWebhookReceiver();
        for (const target of config.platformTargets) {
            const service = serviceOfJob[target.job];
            if (service === undefined) throw new Error(`no stand-in for platform job ${target.job}`);
            standIns.set(target.job, await startPlatformStandIn(service));
        }

        // node_exporter reads this host's /proc, /sys and / directly (the container reads them from /host mounts).
        nodeExporter = await startNodeExporter(config);

        local.alertmanager = localAlertmanagerConfig(rendered.alertmanager, {
            groupWait: interval,
            groupInterval: interval,
            webhooks: Object.fromEntries(webhookReceivers.map((r) => [r, `${webhook!.baseUrl}/${r}`])),
            silentReceivers,
        });
        writeFiles(dir, { "alertmanager.yml": local.alertmanager });
        // The rest as deployed (--cluster.listen-address= : no gossip).
        alertmanager = await startAlertmanager(config, { dir });

        // Prometheus scrapes itself, so its port must be known before prometheus.yml is written.
        const prometheusPort = await freePort();
        localTargets = {
            prometheus: `127.0.0.1:${prometheusPort}`,
            alertmanager: `127.0.0.1:${alertmanager.port}`,
            "node-exporter": `127.0.0.1:${nodeExporter.port}`,
            ...Object.fromEntries([...standIns].map(([job, s]) => [job, s.address])),
        };
        const rulesDir = path.join(dir, "rules");
        fs.mkdirSync(rulesDir);
        local.rules = localRuleFiles(rendered.rules, { interval, alertFor });
        writeFiles(rulesDir, local.rules);
        local.prometheus = localPrometheusConfig(rendered.prometheus, {
            interval,
            alertmanager: localTargets.alertmanager,
            targets: localTargets,
            dropJobs: droppedJobs,
            ruleFilesGlob: path.join(rulesDir, "*.yml"),
        });
        writeFiles(dir, { "prometheus.yml": local.prometheus });
        // Test profile: alerts sent before Prometheus has discovered the Alertmanager are dropped, and by default resent only
        // a minute later; resend every interval so the Watchdog arrives in seconds. The rest as deployed.
        prometheus = await startPrometheus(config, { dir, port: prometheusPort, replaceArgs: [`--rules.alert.resend-delay=${interval}`], timeoutMs: 30_000 });
    });

    afterEach(function () {
        if (this.currentTest?.state !== "failed") return;
        const tail = (text: string): string => text.split("\n").slice(-25).join("\n");
        for (const [name, daemon] of Object.entries({ prometheus, alertmanager, nodeExporter })) {
            if (daemon) console.error(`--- last output of ${name}:\n${tail(daemon.output())}`);
        }
        if (webhook) console.error(`--- webhook notifications: ${describeNotifications(webhook.received())}`);
    });

    after(async function () {
        // Everything started above is stopped, whatever failed; then the temp dir goes.
        const results = await Promise.allSettled([
            ...[prometheus, alertmanager, nodeExporter].map((d) => d?.stop()),
            ...[...standIns.values()].map((s) => s.stop()),
            webhook?.close(),
        ]);
        removeDir(dir);
        forgetDirOnExit?.();
        const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        if (failures.length > 0) throw new Error(`cleanup failed: ${failures.map((f) => String(f.reason)).join("; ")}`);
    });

    it("changes only addresses, paths, timing and integrations: the route tree, inhibitions and rules stay as rendered", function () {
        // Who evaluates the platform's alerts changes their rule file only.
        assert.equal(rendered.prometheus, renderPrometheusConfig(asIs));
        assert.equal(rendered.alertmanager, renderAlertmanagerConfig(asIs));
        const asIsRules = renderPrometheusRuleFiles(asIs);
        for (const file of Object.keys(rendered.rules).filter((f) => f !== ruleFileNames.platform)) assert.equal(rendered.rules[file], asIsRules[file], file);

        // Alertmanager: the same tree, matchers, grouping, inhibitions and receivers; only the two timers and the integrations differ.
        const amRendered = parse(rendered.alertmanager) as AlertmanagerDoc;
        const amLocal = parse(fs.readFileSync(path.join(dir!, "alertmanager.yml"), "utf8")) as AlertmanagerDoc;
        const withoutTimers = (route: AlertmanagerDoc["route"]) => ({ ...route, group_wait: undefined, group_interval: undefined });
        assert.deepEqual(withoutTimers(amLocal.route), withoutTimers(amRendered.route), "the route tree was changed");
        assert.deepEqual([amLocal.route.group_wait, amLocal.route.group_interval], [interval, interval]);
        assert.deepEqual(amLocal.inhibit_rules, amRendered.inhibit_rules, "the inhibitions were changed");
        assert.deepEqual(amLocal.global, amRendered.global);
        assert.deepEqual(
            amLocal.receivers.map((r) => r.name),
            amRendered.receivers.map((r) => r.name),
        );
        for (const receiver of amLocal.receivers) {
            const expected = webhookReceivers.includes(receiver.name) ? ["webhook_configs"] : [];
            assert.deepEqual(integrationKeys(receiver), expected, `integrations of ${receiver.name}`);
        }

        // Rules: the same groups, expressions, labels and annotations; only group intervals and the listed `for`s differ.
        assert.deepEqual(Object.keys(local.rules).sort(), Object.keys(rendered.rules).sort());
        for (const file of Object.keys(rendered.rules)) {
            const normalise = (doc: RuleFileDoc) =>
                doc.groups.map((g) => ({
                    ...g,
                    interval: undefined,
                    rules: g.rules.map((r) => (r.alert !== undefined && r.alert in alertFor ? { ...r, for: undefined } : r)),
                }));
            const onDisk = parse(fs.readFileSync(path.join(dir!, "rules", file), "utf8")) as RuleFileDoc;
            assert.deepEqual(normalise(onDisk), normalise(parse(rendered.rules[file]) as RuleFileDoc), `${file} was changed`);
        }

        // prometheus.yml: the same external labels and job settings; only targets, intervals and the dropped jobs differ.
        const promRendered = parse(rendered.prometheus) as PrometheusDoc;
        const promLocal = parse(fs.readFileSync(path.join(dir!, "prometheus.yml"), "utf8")) as PrometheusDoc;
        assert.deepEqual(promLocal.global.external_labels, { cluster: config.cluster });
        assert.deepEqual(promLocal.global.external_labels, promRendered.global.external_labels);
        assert.deepEqual(
            promRendered.scrape_configs.map((j) => j.job_name).filter((j) => !promLocal.scrape_configs.some((l) => l.job_name === j)),
            droppedJobs,
        );
        for (const job of promLocal.scrape_configs) {
            const original = promRendered.scrape_configs.find((j) => j.job_name === job.job_name)!;
            const settings = (j: typeof job) => ({ ...j, static_configs: undefined, scrape_interval: undefined, scrape_timeout: undefined });
            assert.deepEqual(settings(job), settings(original), `settings of job ${job.job_name}`);
            assert.deepEqual(job.static_configs, [{ targets: [localTargets[job.job_name]] }]);
        }
    });

    it("scrapes every target: Prometheus, Alertmanager, node_exporter and each platform stand-in are up", async function () {
        const expected = Object.fromEntries(Object.entries(localTargets).map(([job, target]) => [job, `http://${target}/metrics`]));
        await waitFor(
            "every target up",
            async () => {
                const { activeTargets } = await prom<{ activeTargets: Target[] }>("/api/v1/targets");
                const seen = Object.fromEntries(activeTargets.map((t) => [t.labels.job, t.scrapeUrl]));
                assert.deepEqual(seen, expected, "Prometheus scrapes other targets than the local profile says");
                const notUp = activeTargets.filter((t) => t.health !== "up");
                return notUp.length === 0 ? done(true) : notYet(notUp.map((t) => `${t.labels.job}: ${t.health} ${t.lastError}`).join("; "));
            },
            waitMs,
        );
        allUpAt = Date.now();
    });

    it("scrapes every catalogued provisioning_* metric of each platform stand-in, with the catalogued type", async function () {
        const expected = [...standIns]
            .flatMap(([job, s]) =>
                s.metrics.flatMap((m) => (m.type === "histogram" ? ["_bucket", "_count", "_sum"].map((x) => m.name + x) : [m.name])).map((n) => `${job} ${n}`),
            )
            .sort();
        await waitFor(
            "the stand-ins' series in Prometheus",
            async () => {
                const result = await prom<{ result: { metric: Record<string, string> }[] }>(
                    `/api/v1/query?query=${encodeURIComponent('group by (job, __name__) ({__name__=~"provisioning_.+"})')}`,
                );
                const seen = result.result.map((r) => `${r.metric.job} ${r.metric.__name__}`).sort();
                return JSON.stringify(seen) === JSON.stringify(expected) ? done(true) : notYet(seen.join(", "));
            },
            waitMs,
        );
        // Types as Prometheus recorded them from the stand-ins' # TYPE lines.
        const metadata = await prom<Record<string, { type: string }[]>>("/api/v1/metadata");
        const wrongTypes = [...standIns.values()]
            .flatMap((s) => s.metrics)
            .filter((m) => metadata[m.name]?.[0]?.type !== m.type)
            .map((m) => `${m.name}: catalogued ${m.type}, scraped ${metadata[m.name]?.[0]?.type ?? "nothing"}`);
        assert.deepEqual(wrongTypes, []);
    });

    it("loads every rendered rule group and rule, and evaluates each without error", async function () {
        const expected = Object.entries(rendered.rules)
            .flatMap(([file, text]) =>
                (parse(text) as RuleFileDoc).groups.map((g) => ({ file, group: g.name, rules: g.rules.map((r) => r.alert ?? r.record) })),
            )
            .sort((a, b) => (a.file + a.group < b.file + b.group ? -1 : 1));
        assert.ok(
            expected.some((g) => g.rules.includes("OrchestratorDown")),
            "the dev stack renders no OrchestratorDown",
        );
        const groups = await waitFor(
            "every rule evaluated once",
            async () => {
                const { groups } = await prom<{ groups: RuleGroupState[] }>("/api/v1/rules");
                const unevaluated = groups.flatMap((g) => g.rules.filter((r) => r.health === "unknown").map((r) => r.name));
                return unevaluated.length === 0 ? done(groups) : notYet(`not yet evaluated: ${unevaluated.join(", ")}`);
            },
            waitMs,
        );
        const loaded = groups
            .map((g) => ({ file: path.basename(g.file), group: g.name, rules: g.rules.map((r) => r.name) }))
            .sort((a, b) => (a.file + a.group < b.file + b.group ? -1 : 1));
        assert.deepEqual(loaded, expected);
        const broken = groups.flatMap((g) => g.rules.filter((r) => r.health !== "ok").map((r) => `${r.name}: ${r.health} ${r.lastError ?? ""}`));
        assert.deepEqual(broken, []);
    });

    it("fires nothing but the Watchdog while all is healthy, and Alertmanager routes the Watchdog to blackhole alone", async function () {
        assert.ok(allUpAt > 0, "the targets never came up");
        // Every group must have evaluated on data scraped after all targets were up (one interval of margin).
        const since = allUpAt + 1_000;
        await waitFor(
            "every group evaluated after all targets were up",
            async () => {
                const { groups } = await prom<{ groups: RuleGroupState[] }>("/api/v1/rules");
                const stale = groups.filter((g) => Date.parse(g.lastEvaluation) < since).map((g) => g.name);
                return stale.length === 0 ? done(true) : notYet(`last evaluated before ${new Date(since).toISOString()}: ${stale.join(", ")}`);
            },
            waitMs,
        );
        const { alerts } = await prom<{ alerts: PrometheusAlert[] }>("/api/v1/alerts");
        assert.deepEqual(names(alerts.filter((a) => a.state === "firing")), ["Watchdog"], "firing in Prometheus while healthy");

        const inAlertmanager = await waitFor(
            "the Watchdog in Alertmanager",
            async () => {
                const active = await amAlerts();
                return active.some((a) => a.labels.alertname === "Watchdog") ? done(active) : notYet(JSON.stringify(names(active)));
            },
            waitMs,
        );
        assert.deepEqual(names(inAlertmanager), ["Watchdog"], "alerts in Alertmanager while healthy");
        const watchdog = inAlertmanager[0];
        assert.deepEqual(
            watchdog.receivers.map((r) => r.name),
            ["blackhole"],
        );
        assert.equal(watchdog.labels.severity, "none");
        assert.equal(watchdog.labels.cluster, config.cluster);
        // That the webhook never gets it is checked at the end, once later notifications prove Alertmanager has flushed.
        assert.deepEqual(webhook!.received(), [], "a notification while healthy");
    });

    it("sends a warning (TaskQueueBacklog) through the warning route to slack, and resolves it, never paging", async function () {
        const orchestrator = standIns.get(platformJobs.orchestrator)!;
        orchestrator.setGauge("provisioning_tasks_queued", 150);
        const firing = await waitFor(
            "TaskQueueBacklog on the slack webhook",
            async () => {
                const hit = webhook!.receivedOn("slack").find((n) => n.body.alerts.some((a) => a.labels.alertname === "TaskQueueBacklog"));
                return hit ? done(hit) : notYet(describeNotifications(webhook!.received()));
            },
            waitMs,
        );
        assert.equal(firing.body.status, "firing");
        assert.deepEqual(
            firing.body.alerts.map((a) => [a.labels.severity, a.labels.job, a.labels.cluster]),
            [["warning", platformJobs.orchestrator, config.cluster]],
        );
        assert.deepEqual(webhook!.receivedOn("pagerduty"), [], "a warning paged");

        orchestrator.setGauge("provisioning_tasks_queued", 3);
        await waitFor(
            "TaskQueueBacklog resolved on the slack webhook",
            async () => {
                const resolved = webhook!
                    .receivedOn("slack")
                    .some((n) => n.body.alerts.some((a) => a.labels.alertname === "TaskQueueBacklog" && a.status === "resolved"));
                return resolved ? done(true) : notYet(describeNotifications(webhook!.received()));
            },
            waitMs,
        );
    });

    it("fires OrchestratorDown after its `for` once the orchestrator stops, and pages exactly that alert through pagerduty", async function () {
        const orchestrator = standIns.get(platformJobs.orchestrator)!;
        const stoppedAt = Date.now();
        await orchestrator.stop();

        // Prometheus: pending first, firing once the (shortened) `for` has passed.
        const firing = await waitFor(
            "OrchestratorDown firing in Prometheus",
            async () => {
                const { alerts } = await prom<{ alerts: PrometheusAlert[] }>("/api/v1/alerts");
                const alert = alerts.find((a) => a.labels.alertname === "OrchestratorDown");
                return alert?.state === "firing" ? done(alert) : notYet(alert ? alert.state : "not active");
            },
            waitMs,
        );
        const activeAt = Date.parse(firing.activeAt);
        // The failed scrape that made it pending may have started just before the stop (a scrape cut short by it).
        assert.ok(activeAt >= stoppedAt - 1_500, `OrchestratorDown was active at ${firing.activeAt}, before the orchestrator stopped`);

        // Alertmanager: received, and routed to pagerduty and (continue: true) to team-email.
        const received = await waitFor(
            "OrchestratorDown in Alertmanager",
            async () => {
                const alert = (await amAlerts()).find((a) => a.labels.alertname === "OrchestratorDown");
                return alert ? done(alert) : notYet("not received");
            },
            waitMs,
        );
        assert.equal(received.status.state, "active");
        assert.deepEqual(received.receivers.map((r) => r.name).sort(), ["pagerduty", "team-email"]);

        // The PagerDuty stand-in: exactly this one alert, firing, with the labels on-call routes and reads.
        const paged = await waitFor(
            "OrchestratorDown on the pagerduty webhook",
            async () => {
                const ns = webhook!.receivedOn("pagerduty");
                return ns.length > 0 ? done(ns) : notYet(describeNotifications(webhook!.received()));
            },
            waitMs,
        );
        const pagedAlerts: WebhookAlert[] = paged.flatMap((n) => n.body.alerts);
        assert.deepEqual([...new Set(pagedAlerts.map((a) => a.fingerprint))].length, 1, `paged: ${describeNotifications(paged)}`);
        // Literal values on purpose: what on-call sees for the dev stack, whatever the catalogue's constants say.
        assert.deepEqual(pagedAlerts[0].labels, {
            alertname: "OrchestratorDown",
            cluster: "provisioning-dev",
            instance: orchestrator.address,
            job: "provisioning-orchestrator",
            owner: "platform",
            severity: "critical",
        });
        assert.equal(pagedAlerts[0].status, "firing");
        assert.equal(paged[0].body.receiver, "pagerduty");
        assert.ok(
            paged[0].receivedAt >= activeAt + forMs("OrchestratorDown"),
            `paged ${paged[0].receivedAt - activeAt}ms after OrchestratorDown became pending, before its for of ${alertFor.OrchestratorDown}`,
        );
        assert.ok(paged[0].receivedAt - stoppedAt < 20_000, `paged ${paged[0].receivedAt - stoppedAt}ms after the stop`);

        // team-email gets it too (the second critical route); the other services' down alerts stay quiet.
        await waitFor(
            "OrchestratorDown on the team-email webhook",
            async () =>
                webhook!.receivedOn("team-email").some((n) => n.body.alerts.some((a) => a.labels.alertname === "OrchestratorDown"))
                    ? done(true)
                    : notYet(describeNotifications(webhook!.received())),
            waitMs,
        );
        const { alerts } = await prom<{ alerts: PrometheusAlert[] }>("/api/v1/alerts");
        assert.deepEqual(names(alerts.filter((a) => a.state === "firing")), ["OrchestratorDown", "Watchdog"]);
    });

    it("never paged a warning, and no webhook ever got the Watchdog", function () {
        // Runs after OrchestratorDown was delivered, seconds after the Watchdog's group was first flushed (group_wait 1s).
        assert.ok(webhook!.receivedOn("pagerduty").length > 0, "nothing was paged at all, so this check would prove nothing");
        const pagedWarnings = webhook!
            .receivedOn("pagerduty")
            .flatMap((n) => n.body.alerts)
            .filter((a) => a.labels.severity !== "critical");
        assert.deepEqual(pagedWarnings, [], "pagerduty received a non-critical alert");
        const watchdogs = webhook!.received().filter((n) => n.body.alerts.some((a) => a.labels.alertname === "Watchdog"));
        assert.deepEqual(watchdogs, [], "the Watchdog reached a webhook");
    });
});
