// The rendered alertmanager.yml, checked by the real amtool (config and routes) and by a real Alertmanager (inhibitions).
import { strict as assert } from "assert";
import * as path from "path";
import { parse } from "yaml";
import { alertmanagerSecretFiles, renderAlertmanagerConfig } from "../../render/alertmanager/config";
import { alertCatalog, evaluatorOf } from "../../alerts/catalog";
import { parseStackConfig } from "../../model/config/parse";
import { StackConfig } from "../../model/config/types";
import { folders } from "../../model/folders";
import { ruleUid } from "../../render/grafana-content/alert-rule-groups";
import { startDaemon } from "../support/daemon";
import { assertSucceeded, makeTempDir, removeDir, runTool, writeFiles } from "../support/run-tool";
import { loadRawStackConfig, loadStackConfig, secretsNeededBy, stackNames } from "../support/stack-files";

/** Receivers each severity must reach (literal: the routing tree as on-call knows it), with and without the heartbeat. */
const receiversBySeverity = (heartbeat: boolean): Record<string, string> => ({
    critical: "pagerduty,team-email",
    warning: "slack",
    info: "team-email",
    none: heartbeat ? "dead-mans-switch" : "blackhole",
});

/** Labels of a test alert -> the receivers `amtool config routes test` must print, in routing-tree order (without a heartbeat). */
const routeCases: readonly { labels: string[]; receivers: string }[] = [
    // The first critical route has continue: true, so the second (team-email) matches too.
    { labels: ["alertname=OrchestratorDown", "severity=critical"], receivers: "pagerduty,team-email" },
    { labels: ["alertname=HighMemoryUsage", "severity=warning"], receivers: "slack" },
    { labels: ["alertname=Watchdog", "severity=none"], receivers: "blackhole" },
    { labels: ["alertname=SomethingInformative", "severity=info"], receivers: "team-email" },
    { labels: ["alertname=Unlabelled"], receivers: "team-email" },
    // A failing integration is reported through the others, never through itself.
    { labels: ["alertname=AlertmanagerNotificationsFailing", "integration=slack", "severity=critical"], receivers: "pagerduty,team-email" },
    { labels: ["alertname=AlertmanagerNotificationsFailing", "integration=pagerduty", "severity=critical"], receivers: "slack,team-email" },
    { labels: ["alertname=AlertmanagerNotificationsFailing", "integration=email", "severity=critical"], receivers: "pagerduty,slack" },
    { labels: ["alertname=AlertmanagerNotificationsFailing", "integration=webhook", "severity=critical"], receivers: "pagerduty,team-email" },
];

function routesTest(dir: string, labels: readonly string[]): string {
    const result = runTool("amtool", ["config", "routes", "test", "--config.file=alertmanager.yml", ...labels], dir);
    assertSucceeded(result);
    // amtool 0.28 falls back to its old matcher parser on input the UTF-8 parser refuses, and says so.
    assert.doesNotMatch(result.stdout + result.stderr, /level=WARN/, result.command);
    return result.stdout.trim();
}

function checkStack(stack: string, load: () => StackConfig, what = `the Pulumi.${stack}.yaml alertmanager.yml`): void {
    describe(`amtool on ${what}`, () => {
        let dir: string | undefined;
        let config: StackConfig;
        let text: string;

        before(() => {
            config = load();
            text = renderAlertmanagerConfig(config);
            dir = makeTempDir(`alertmanager-${stack}`);
            writeFiles(dir, { "alertmanager.yml": text });
        });
        after(() => removeDir(dir));

        it("passes `amtool check-config` (amtool 0.28.1, the deployed version)", () => {
            const result = runTool("amtool", ["check-config", "alertmanager.yml"], dir!);
            assertSucceeded(result);
            assert.match(result.stdout, /SUCCESS/);
        });

        for (const { labels, receivers } of routeCases) {
            it(`routes {${labels.join(", ")}} to ${receivers} (the Watchdog to dead-mans-switch with a heartbeat)`, () => {
                const heartbeat = config.secretsSet.includes("deadMansSwitchUrl");
                assert.equal(routesTest(dir!, labels), heartbeat && receivers === "blackhole" ? "dead-mans-switch" : receivers);
            });
        }

        it("routes every alert of the catalogue by its severity to a receiver, Grafana's in the labels Grafana sends them with", () => {
            const heartbeat = config.secretsSet.includes("deadMansSwitchUrl");
            for (const alert of alertCatalog(config)) {
                const labels = [`alertname=${alert.alert}`, `severity=${alert.severity}`, `cluster=${config.cluster}`];
                // Grafana's Alertmanager integration adds the folder title and the rule UID to the rule's labels.
                if (evaluatorOf(alert, config) === "grafana")
                    labels.push(`grafana_folder="${folders.alerts.title}"`, `__alert_rule_uid__=${ruleUid(alert.alert)}`);
                assert.equal(routesTest(dir!, labels), receiversBySeverity(heartbeat)[alert.severity], alert.alert);
            }
        });

        it("gives integrations only to the enabled channels, and reads every credential from a file", () => {
            const doc = parse(text) as { receivers: Record<string, unknown>[] };
            const integrationsOf = (name: string) => Object.keys(doc.receivers.find((r) => r.name === name) ?? {}).filter((k) => k.endsWith("_configs"));
            const enabled = config.notificationChannels;
            assert.deepEqual(integrationsOf("team-email"), enabled.includes("email") ? ["email_configs"] : []);
            assert.deepEqual(integrationsOf("pagerduty"), enabled.includes("pagerduty") ? ["pagerduty_configs"] : []);
            assert.deepEqual(integrationsOf("slack"), enabled.includes("slack") ? ["slack_configs"] : []);
            assert.deepEqual(integrationsOf("blackhole"), []);
            assert.deepEqual(integrationsOf("dead-mans-switch"), config.secretsSet.includes("deadMansSwitchUrl") ? ["webhook_configs"] : []);
            const heartbeat = doc.receivers.find((r) => r.name === "dead-mans-switch")?.webhook_configs;
            assert.deepEqual(
                heartbeat,
                config.secretsSet.includes("deadMansSwitchUrl") ? [{ url_file: alertmanagerSecretFiles.deadMansSwitchUrl, send_resolved: false }] : undefined,
            );
            assert.doesNotMatch(text, /^\s*(service_key|routing_key|api_url|auth_password):/m, "a credential written inline");
            if (enabled.includes("pagerduty")) assert.ok(text.includes(`service_key_file: ${alertmanagerSecretFiles.pagerdutyServiceKey}`));
            if (enabled.includes("slack")) assert.ok(text.includes(`api_url_file: ${alertmanagerSecretFiles.slackWebhookUrl}`));
        });
    });
}

for (const stack of stackNames()) checkStack(stack, () => loadStackConfig(stack, ["smtpPassword"]));
// prod as it should run: with the dead man's switch, and maintenance windows (one crossing midnight, in a zone, per severity).
checkStack(
    "prod",
    () => {
        const raw = loadRawStackConfig("prod");
        const windows = [
            { weekdays: ["saturday"], times: [{ start: "22:00", end: "02:00" }], location: "Europe/Berlin" },
            { weekdays: ["monday:friday"], times: [{ start: "12:00", end: "12:30" }], severities: ["warning", "info"] },
        ];
        return parseStackConfig(
            {
                ...loadRawStackConfig("prod", [...secretsNeededBy(raw), "smtpPassword", "deadMansSwitchUrl"]),
                "monitoring:maintenanceWindows": JSON.stringify(windows),
            },
            "prod",
        );
    },
    "prod's alertmanager.yml with a dead man's switch and maintenance windows (one crossing midnight, in Europe/Berlin)",
);

describe("a real Alertmanager with the rendered inhibitions", function () {
    this.timeout(30_000);
    let dir: string | undefined;
    let stop: (() => Promise<void>) | undefined;
    let baseUrl = "";

    before(async () => {
        // dev has no channels: nothing leaves the machine while the alerts below sit in Alertmanager.
        dir = makeTempDir("alertmanager-run");
        writeFiles(dir, { "alertmanager.yml": renderAlertmanagerConfig(loadStackConfig("dev")) });
        const daemon = await startDaemon(
            "alertmanager",
            [
                `--config.file=${path.join(dir, "alertmanager.yml")}`,
                `--storage.path=${path.join(dir, "data")}`,
                "--web.listen-address=127.0.0.1:{port}",
                "--cluster.listen-address=",
            ],
            "/-/ready",
        );
        stop = daemon.stop;
        baseUrl = daemon.baseUrl;
        const alert = (labels: Record<string, string>) => ({ labels: { cluster: "provisioning-dev", ...labels } });
        const posted = await fetch(`${baseUrl}/api/v2/alerts`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify([
                alert({ alertname: "DiskSpaceLow", severity: "critical", instance: "a" }),
                alert({ alertname: "DiskSpaceLow", severity: "warning", instance: "a" }),
                alert({ alertname: "HighMemoryUsage", severity: "warning", instance: "a" }),
                alert({ alertname: "OrchestratorDown", severity: "critical", job: "provisioning-orchestrator" }),
                alert({ alertname: "HighWorkflowFailureRate", severity: "warning", job: "provisioning-orchestrator" }),
                alert({ alertname: "ApiHighLatency", severity: "warning", job: "provisioning-control-center" }),
                alert({ alertname: "LokiDown", severity: "warning", job: "loki" }),
                alert({ alertname: "Watchdog", severity: "none" }),
            ]),
        });
        assert.equal(posted.status, 200, await posted.text());
    });
    after(async () => {
        await stop?.();
        removeDir(dir);
    });

    async function inhibited(): Promise<string[]> {
        const response = await fetch(`${baseUrl}/api/v2/alerts?inhibited=true&active=true&silenced=true`);
        const alerts = (await response.json()) as { labels: Record<string, string>; status: { inhibitedBy: string[] } }[];
        return alerts
            .filter((a) => a.status.inhibitedBy.length > 0)
            .map((a) => `${a.labels.alertname}/${a.labels.severity}`)
            .sort();
    }

    it("mutes a warning while the critical alert of the same name fires, and a job's warnings while its target is down", async () => {
        // Inhibitions are computed as alerts arrive; poll briefly rather than sleep a fixed time.
        let got: string[] = [];
        for (let i = 0; i < 20; i++) {
            got = await inhibited();
            if (got.length >= 2) break;
            await new Promise((r) => setTimeout(r, 100));
        }
        assert.deepEqual(got, ["DiskSpaceLow/warning", "HighWorkflowFailureRate/warning"]);
    });
});
