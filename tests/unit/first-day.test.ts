// A quiet, honest first day: in dev a platform service that never answered does not page; test-alert says when a
// receiver notifies nobody; status shows Grafana's firing alerts too; the ops CLI reads the outputs from the backend and
// with the passphrase handling npm run deploy uses. Expected values are literals.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { renderAlertmanagerConfig } from "../../render/alertmanager/config";
import { renderPrometheusRuleFiles } from "../../render/prometheus/rule-files";
import { assessStatus, GrafanaAlert, PromEnvelope, renderStatus } from "../../ops/status";
import { colours } from "../../ops/format";
import { receiversWithoutIntegration } from "../../ops/test-alert";
import { stackAccess } from "../../ops/endpoints";
import { loadStackConfig } from "../support/stack-files";

const criticalGroup = (stack: string) =>
    (parse(renderPrometheusRuleFiles(loadStackConfig(stack))["provisioning.yml"]).groups as { name: string; rules: Record<string, string>[] }[]).find(
        (g) => g.name === "provisioning_critical",
    )!.rules;

describe("first day: dev's platform targets page only once they have been up", () => {
    it("guards dev's three target-down alerts with the targets seen up, recorded in their own group", () => {
        const rules = criticalGroup("dev");
        assert.deepEqual(
            rules.filter((r) => r.alert?.endsWith("Down")).map((r) => r.expr),
            [
                '(up{job="provisioning-orchestrator"} == 0) and on (job, instance) job_instance:up:seen',
                '(up{job="provisioning-control-center"} == 0) and on (job, instance) job_instance:up:seen',
                '(up{job="provisioning-vault-service"} == 0) and on (job, instance) job_instance:up:seen',
            ],
        );
        assert.deepEqual(
            rules.filter((r) => r.record),
            [
                {
                    record: "job_instance:up:seen",
                    expr: 'max by (job, instance) (up{job=~"provisioning-control-center|provisioning-orchestrator|provisioning-vault-service"} == 1) or job_instance:up:seen',
                },
            ],
        );
    });

    it("leaves prod's as they are: a pod that never answers there pages", () => {
        const rules = criticalGroup("prod");
        assert.equal(rules.find((r) => r.alert === "OrchestratorDown")!.expr, 'up{job="provisioning-orchestrator"} == 0');
        assert.equal(
            rules.find((r) => r.record),
            undefined,
        );
    });
});

describe("first day: test-alert says when a receiver notifies nobody", () => {
    it("names dev's receivers, which have no integration, and none of prod's channels", () => {
        const dev = renderAlertmanagerConfig(loadStackConfig("dev"));
        assert.deepEqual(receiversWithoutIntegration(dev, ["pagerduty", "team-email", "pagerduty"]), ["pagerduty", "team-email"]);
        const prod = renderAlertmanagerConfig(loadStackConfig("prod"));
        assert.deepEqual(receiversWithoutIntegration(prod, ["pagerduty", "team-email", "slack"]), []);
        assert.deepEqual(receiversWithoutIntegration(prod, ["blackhole", "nowhere"]), ["blackhole", "nowhere"]);
    });
});

describe("first day: status shows Grafana's firing alerts", () => {
    const ok = { component: "Grafana", url: "http://g", health: "ok" as const, detail: "/api/health ok" };
    const sample = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "grafana", "prometheus-alerts.json"), "utf8")) as PromEnvelope<{
        alerts: GrafanaAlert[];
    }>;

    it("lists the alerts Grafana evaluates by severity, leaving pending and normal ones out", () => {
        const report = assessStatus({ components: [ok], alerts: [], grafanaAlerts: sample.data.alerts });
        assert.deepEqual(report.grafanaFiring, { warning: ["HighWorkflowFailureRate"] });
        assert.match(renderStatus(report, colours(false)), /\nFiring alerts: none\n\nFiring alerts \(Grafana\):\n {2}warning: HighWorkflowFailureRate\n/);
    });

    it("says why they were not read when Grafana's password is unknown", () => {
        const report = assessStatus({ components: [ok], grafanaAlertsSkipped: "no Grafana password: set GRAFANA_PASSWORD, or read the stack outputs" });
        assert.match(
            renderStatus(report, colours(false)),
            /\nFiring alerts \(Grafana\): not read \(no Grafana password: set GRAFANA_PASSWORD, or read the stack outputs\)\n/,
        );
    });
});

describe("first day: the ops CLI finds the stack where npm run deploy put it", () => {
    const local = { description: "file://~ (no login: the local file backend)", url: "file://~", env: { PULUMI_BACKEND_URL: "file://~" } };

    it("uses deploy's backend, lets Pulumi ask the passphrase on a terminal, and refuses without one", () => {
        assert.deepEqual(stackAccess("dev", { backend: local, passphraseNeeded: true, env: { PULUMI_CONFIG_PASSPHRASE: "p" }, interactive: false }), {
            env: { PULUMI_BACKEND_URL: "file://~" },
            askOnTerminal: false,
        });
        assert.deepEqual(stackAccess("dev", { backend: local, passphraseNeeded: true, env: {}, interactive: true }), {
            env: { PULUMI_BACKEND_URL: "file://~" },
            askOnTerminal: true,
        });
        assert.deepEqual(stackAccess("dev", { backend: local, passphraseNeeded: true, env: {}, interactive: false }), {
            error: "stack dev keeps its secrets under a passphrase (file://~ (no login: the local file backend)) and there is no terminal to ask for it: set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE, as for npm run deploy",
        });
        const cloud = { description: "https://api.pulumi.com", url: "https://api.pulumi.com", env: {} };
        assert.deepEqual(stackAccess("prod", { backend: cloud, passphraseNeeded: false, env: {}, interactive: false }), { env: {}, askOnTerminal: false });
    });
});
