// The ops CLI, run as a subprocess, against the real Prometheus 3.13.2, Alertmanager 0.28.1 and node_exporter 1.12.1 running
// the dev stack's rendered prometheus.yml, rule files and alertmanager.yml (changed only as local-profile.ts changes them
// for live-alerting.test.ts: addresses, paths, timing, webhooks instead of the channels). Proves the three live
// claims: test-alert reaches the webhook by the receivers it printed; silence add suppresses a firing alert and silence
// expire lifts it; status reports a stopped node_exporter as down and exits 1.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { renderPrometheusRuleFiles } from "../../render/prometheus/rule-files";
import { renderAlertmanagerConfig } from "../../render/alertmanager/config";
import { parseStackConfig } from "../../model/config/parse";
import { StackConfig } from "../../model/config/types";
import { renderPrometheusConfig } from "../../render/prometheus/config";
import { PlatformStandIn, startPlatformStandIn } from "../support/platform-stand-in";
import { done, getJson, notYet, waitFor } from "../support/poll";
import { describeRun, OpsRun, runOps } from "../support/run-ops";
import { loadRawStackConfig, loadStackConfig, secretsNeededBy } from "../support/stack-files";
import { startWebhookReceiver, WebhookReceiver } from "../support/webhook-receiver";
import { cleanUpOnExit, Daemon, freePort } from "../support/daemon";
import { droppedJobs, serviceOfJob, startAlertmanager, startNodeExporter, startPrometheus } from "../support/local-daemons";
import { makeTempDir, removeDir, requireTool, writeFiles } from "../support/run-tool";
import { localAlertmanagerConfig, localPrometheusConfig, localRuleFiles } from "../support/local-profile";

const interval = "1s";
const waitMs = 30_000;
const webhookReceivers = ["pagerduty", "team-email", "slack"];

interface AmAlert {
    labels: Record<string, string>;
    status: { state: string; silencedBy: string[] };
}

/** The dev stack with Prometheus evaluating every alert (Grafana is not run here), as live-alerting.test.ts runs it. */
function devConfig(): StackConfig {
    const asIs = loadStackConfig("dev");
    if (asIs.platformAlertsEvaluator === "prometheus") return asIs;
    const raw = loadRawStackConfig("dev", secretsNeededBy(loadRawStackConfig("dev")));
    return parseStackConfig({ ...raw, "monitoring:platformAlertsEvaluator": "prometheus" }, "dev");
}

describe("ops CLI live: the dev stack's rendered files on real Prometheus, Alertmanager and node_exporter", function () {
    this.timeout(120_000);

    let config: StackConfig;
    let dir: string | undefined;
    let forgetDirOnExit: (() => void) | undefined;
    let webhook: WebhookReceiver | undefined;
    const standIns: PlatformStandIn[] = [];
    let nodeExporter: Daemon | undefined;
    let alertmanager: Daemon | undefined;
    let prometheus: Daemon | undefined;
    /** The CLI pointed at the local daemons by flags (no Pulumi CLI here). */
    const ops = (...args: string[]): Promise<OpsRun> => runOps(["--prometheus-url", prometheus!.baseUrl, "--alertmanager-url", alertmanager!.baseUrl, ...args]);
    const amAlerts = () => getJson<AmAlert[]>(`${alertmanager!.baseUrl}/api/v2/alerts`);

    before(async function () {
        for (const tool of ["prometheus", "alertmanager", "node_exporter"]) requireTool(tool);
        config = devConfig();
        dir = makeTempDir("ops-live");
        const created = dir;
        forgetDirOnExit = cleanUpOnExit(() => fs.rmSync(created, { recursive: true, force: true, maxRetries: 5 }));
        webhook = await startWebhookReceiver();
        for (const target of config.platformTargets) standIns.push(await startPlatformStandIn(serviceOfJob[target.job]));
        nodeExporter = await startNodeExporter(config);
        writeFiles(dir, {
            "alertmanager.yml": localAlertmanagerConfig(renderAlertmanagerConfig(config), {
                groupWait: interval,
                groupInterval: interval,
                webhooks: Object.fromEntries(webhookReceivers.map((r) => [r, `${webhook!.baseUrl}/${r}`])),
                silentReceivers: ["blackhole", "dead-mans-switch"],
            }),
        });
        alertmanager = await startAlertmanager(config, { dir });
        const prometheusPort = await freePort();
        const rulesDir = path.join(dir, "rules");
        fs.mkdirSync(rulesDir);
        writeFiles(rulesDir, localRuleFiles(renderPrometheusRuleFiles(config), { interval, alertFor: {} }));
        const targets = {
            prometheus: `127.0.0.1:${prometheusPort}`,
            alertmanager: `127.0.0.1:${alertmanager.port}`,
            "node-exporter": `127.0.0.1:${nodeExporter.port}`,
            ...Object.fromEntries(config.platformTargets.map((t, i) => [t.job, standIns[i].address])),
        };
        writeFiles(dir, {
            "prometheus.yml": localPrometheusConfig(renderPrometheusConfig(config), {
                interval,
                alertmanager: targets.alertmanager,
                targets,
                dropJobs: droppedJobs,
                ruleFilesGlob: path.join(rulesDir, "*.yml"),
            }),
        });
        prometheus = await startPrometheus(config, { dir, port: prometheusPort, replaceArgs: [`--rules.alert.resend-delay=${interval}`], timeoutMs: 30_000 });
        // Every target scraped once, and the Watchdog (always firing) in Alertmanager: the stack is up and alerting.
        await waitFor(
            "every target up and the Watchdog in Alertmanager",
            async () => {
                const t = await getJson<{ data: { activeTargets: { health: string; labels: Record<string, string> }[] } }>(
                    `${prometheus!.baseUrl}/api/v1/targets`,
                );
                const notUp = t.data.activeTargets.filter((x) => x.health !== "up").map((x) => x.labels.job);
                if (notUp.length > 0) return notYet(`not up: ${notUp.join(", ")}`);
                // Prometheus hands discovered targets to scraping after about 5 s: an empty list is not "all up".
                if (t.data.activeTargets.length < Object.keys(targets).length) return notYet(`${t.data.activeTargets.length} targets discovered`);
                return (await amAlerts()).some((a) => a.labels.alertname === "Watchdog") ? done(true) : notYet("no Watchdog in Alertmanager");
            },
            waitMs,
        );
    });

    afterEach(function () {
        if (this.currentTest?.state !== "failed") return;
        for (const [name, d] of Object.entries({ prometheus, alertmanager, nodeExporter }))
            if (d) console.error(`--- ${name}:\n${d.output().split("\n").slice(-15).join("\n")}`);
    });

    after(async function () {
        const results = await Promise.allSettled([
            ...[prometheus, alertmanager, nodeExporter].map((d) => d?.stop()),
            ...standIns.map((s) => s.stop()),
            webhook?.close(),
        ]);
        removeDir(dir);
        forgetDirOnExit?.();
        const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        if (failures.length > 0) throw new Error(`cleanup failed: ${failures.map((f) => String(f.reason)).join("; ")}`);
    });

    it("status: every component and target healthy, exit 0", async function () {
        const run = await ops("status", "--json");
        assert.equal(run.code, 0, describeRun(run));
        const report = JSON.parse(run.stdout);
        assert.deepEqual(
            report.components.map((c: { component: string; health: string }) => `${c.component} ${c.health}`),
            ["Prometheus ok", "Alertmanager ok"],
        );
        assert.deepEqual(
            report.jobs.map((j: { job: string; up: number; down: number }) => `${j.job} ${j.up}/${j.down}`),
            [
                "alertmanager 1/0",
                "node-exporter 1/0",
                "prometheus 1/0",
                "provisioning-control-center 1/0",
                "provisioning-orchestrator 1/0",
                "provisioning-vault-service 1/0",
            ],
        );
        assert.deepEqual(report.failingRuleGroups, []);
        assert.deepEqual(report.firing, { none: ["Watchdog"] });
        assert.equal(report.alertmanagerCluster.status, "disabled");
        assert.deepEqual(report.problems, []);
    });

    // warning first: a critical TestAlert would inhibit the warning one (same alertname and cluster), as designed.
    const expectedRoutes: readonly [string, readonly string[]][] = [
        ["warning", ["slack"]],
        ["info", ["team-email"]],
        ["critical", ["pagerduty", "team-email"]],
    ];
    /** test_id -> receivers printed, checked again at the end, once later notifications had time to arrive. */
    const printedById = new Map<string, readonly string[]>();
    for (const [severity, receivers] of expectedRoutes) {
        it(`test-alert --severity ${severity}: prints ${receivers.join(", ")} and reaches the webhook there, and nowhere else`, async function () {
            const run = await ops("test-alert", "--severity", severity, "--json");
            assert.equal(run.code, 0, describeRun(run));
            const printed = JSON.parse(run.stdout) as { labels: Record<string, string>; receivers: string[]; alertmanagerReceivers: string[]; agrees: boolean };
            assert.deepEqual(printed.receivers, receivers);
            assert.deepEqual(printed.alertmanagerReceivers, [...receivers].sort());
            assert.equal(printed.labels.cluster, config.cluster, "the cluster label comes from Prometheus' external label");
            const testId = printed.labels.test_id;
            printedById.set(testId, printed.receivers);
            const reached = await waitFor(
                `the webhook on ${printed.receivers.join(", ")}`,
                async () => {
                    const paths = webhook!
                        .received()
                        .filter((n) => n.body.alerts.some((a) => a.labels.test_id === testId))
                        .map((n) => n.path);
                    return printed.receivers.every((r) => paths.includes(r)) ? done(paths) : notYet(JSON.stringify(paths));
                },
                waitMs,
            );
            assert.deepEqual([...new Set(reached)].sort(), [...receivers].sort(), "the test alert reached other receivers than printed");
        });
    }

    it("test-alert text output names the receivers for on-call, and the alert resolves after --resolve-after", async function () {
        const run = await ops("test-alert", "--severity", "info", "--resolve-after", "2s");
        assert.equal(run.code, 0, describeRun(run));
        assert.match(run.stdout, /^Routing tree sends it to: team-email$/m);
        assert.match(run.stdout, /Alertmanager grouped it for: team-email \(as predicted\)/);
        const testId = /test_id=([0-9a-f-]{36})/.exec(run.stdout)?.[1];
        assert.ok(testId, describeRun(run));
        await waitFor(
            "the resolved notification on team-email",
            async () => {
                const resolved = webhook!
                    .receivedOn("team-email")
                    .some((n) => n.body.alerts.some((a) => a.labels.test_id === testId && a.status === "resolved"));
                return resolved ? done(true) : notYet("not resolved yet");
            },
            waitMs,
        );
    });

    it("silence add (default matchers: this cluster, not the Watchdog) suppresses a firing alert and spares the Watchdog; silence list shows it; silence expire lifts it", async function () {
        // A firing alert of this cluster other than the Watchdog, posted as Prometheus and Grafana post theirs.
        const probe = { alertname: "OpsSilenceProbe", cluster: config.cluster, severity: "info" };
        const posted = await fetch(`${alertmanager!.baseUrl}/api/v2/alerts`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify([{ labels: probe, endsAt: new Date(Date.now() + 3_600_000).toISOString() }]),
        });
        assert.equal(posted.status, 200);
        const state = async (alertname: string) => (await amAlerts()).find((a) => a.labels.alertname === alertname)?.status;
        const added = await ops("silence", "add", "--duration", "1h", "--reason", "ops live test", "--author", "live-test", "--json");
        assert.equal(added.code, 0, describeRun(added));
        const { id, matchers } = JSON.parse(added.stdout) as { id: string; matchers: string[] };
        assert.deepEqual(matchers, [`cluster="${config.cluster}"`, 'alertname!="Watchdog"']);
        await waitFor(
            "the probe suppressed by the silence, the Watchdog not",
            async () => {
                const [p, w] = [await state("OpsSilenceProbe"), await state("Watchdog")];
                return p?.state === "suppressed" && p.silencedBy.includes(id) && w?.state === "active" && !w.silencedBy.includes(id)
                    ? done(true)
                    : notYet(JSON.stringify({ probe: p, watchdog: w }));
            },
            waitMs,
        );
        const listed = await ops("silence", "list", "--json");
        assert.equal(listed.code, 0, describeRun(listed));
        const rows = JSON.parse(listed.stdout) as { id: string; state: string; createdBy: string; comment: string; matchers: string }[];
        assert.deepEqual(
            rows.filter((r) => r.id === id).map((r) => [r.state, r.createdBy, r.comment, r.matchers]),
            [["active", "live-test", "ops live test", `cluster="${config.cluster}", alertname!="Watchdog"`]],
        );
        const expired = await ops("silence", "expire", id);
        assert.equal(expired.code, 0, describeRun(expired));
        await waitFor(
            "the probe active again",
            async () => {
                const p = await state("OpsSilenceProbe");
                return p?.state === "active" && p.silencedBy.length === 0 ? done(true) : notYet(JSON.stringify(p));
            },
            waitMs,
        );
        const again = await ops("silence", "list", "--json");
        assert.deepEqual(
            JSON.parse(again.stdout).filter((r: { id: string }) => r.id === id),
            [],
            "an expired silence is listed without --all",
        );
    });

    it("no test alert reached a receiver test-alert did not print (checked after the silence test's waits)", function () {
        assert.equal(printedById.size, expectedRoutes.length);
        for (const [testId, receivers] of printedById) {
            const paths = webhook!
                .received()
                .filter((n) => n.body.alerts.some((a) => a.labels.test_id === testId))
                .map((n) => n.path);
            assert.deepEqual([...new Set(paths)].sort(), [...receivers].sort(), `test_id ${testId}`);
        }
    });

    it("silence expire of an unknown id: exit 1, one line naming it", async function () {
        const run = await ops("silence", "expire", "00000000-0000-4000-8000-000000000000");
        assert.equal(run.code, 1, describeRun(run));
        assert.match(run.stderr, /^error: no silence 00000000-0000-4000-8000-000000000000 in Alertmanager at http:\/\/127\.0\.0\.1:\d+ /);
        assert.equal(run.stderr.trim().split("\n").length, 1);
    });

    it("status reports a stopped node_exporter as down by job, exit 1", async function () {
        await nodeExporter!.stop();
        await waitFor(
            "Prometheus to see node-exporter down",
            async () => {
                const t = await getJson<{ data: { activeTargets: { health: string; labels: Record<string, string> }[] } }>(
                    `${prometheus!.baseUrl}/api/v1/targets`,
                );
                return t.data.activeTargets.some((x) => x.labels.job === "node-exporter" && x.health === "down") ? done(true) : notYet("still up");
            },
            waitMs,
        );
        const json = await ops("status", "--json");
        assert.equal(json.code, 1, describeRun(json));
        const report = JSON.parse(json.stdout);
        assert.deepEqual(
            report.jobs.filter((j: { down: number }) => j.down > 0).map((j: { job: string; down: number }) => `${j.job} ${j.down}`),
            ["node-exporter 1"],
        );
        const text = await ops("status");
        assert.equal(text.code, 1, describeRun(text));
        assert.match(text.stdout, /job node-exporter: 1 of 1 targets down/);
        assert.doesNotMatch(text.stdout, /\u001b\[/, "no colour when stdout is not a terminal");
    });

    it("status with Alertmanager unreachable: exit 3, naming Alertmanager and its URL", async function () {
        const port = await freePort();
        const run = await runOps(["status", "--prometheus-url", prometheus!.baseUrl, "--alertmanager-url", `http://127.0.0.1:${port}`]);
        assert.equal(run.code, 3, describeRun(run));
        assert.match(run.stdout, new RegExp(`Alertmanager unreachable at http://127\\.0\\.0\\.1:${port}: ECONNREFUSED`));
    });
});
