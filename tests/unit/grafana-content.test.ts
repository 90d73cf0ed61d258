import { strict as assert } from "assert";
import { alertCatalog, alertsEvaluatedBy } from "../../alerts/catalog";
import { parseStackConfig } from "../../model/config/parse";
import { grafanaRuleGroupSpecs } from "../../render/grafana-content/alert-rule-groups";
import { grafanaNotificationSpec } from "../../render/grafana-content/notifications";
import { buildDashboards, dashboardsFor, withUserDashboards } from "../../dashboards";
import { MockRun, ofType, runWithMocks, secretSignature } from "../support/mock-run";
import { fakeSecrets, fixtureUserContent, loadRawStackConfig, readStackFile } from "../support/stack-files";
import { unsortedKeysIn } from "../support/json-keys";
import { dependsOnUrns } from "../support/urns";

// ESM package with a CommonJS build; typed by hand as in dashboards-queries.test.ts.
const logqlParser = (require("@grafana/lezer-logql") as typeof import("@grafana/lezer-logql", { with: { "resolution-mode": "import" } })).parser;

const t = {
    provider: "pulumi:providers:grafana",
    folder: "grafana:oss/folder:Folder",
    dataSource: "grafana:oss/dataSource:DataSource",
    dashboard: "grafana:oss/dashboard:Dashboard",
    ruleGroup: "grafana:alerting/ruleGroup:RuleGroup",
    contactPoint: "grafana:alerting/contactPoint:ContactPoint",
    policy: "grafana:alerting/notificationPolicy:NotificationPolicy",
    muteTiming: "grafana:alerting/muteTiming:MuteTiming",
    command: "command:local:Command",
};

/** The dev stack file with every channel on (fake secrets), as a prod-like stack on Docker. */
const allChannels = {
    ...readStackFile("dev"),
    ...fakeSecrets,
    "monitoring:notificationChannels": '["email","pagerduty","slack"]',
    "monitoring:alertEmailTo": "ops@example.com",
    "monitoring:alertEmailFrom": "alerts@provisioning.example.com",
    "monitoring:smtpSmarthost": "smtp.example.com:587",
    "monitoring:slackChannel": "#provisioning-alerts",
    "monitoring:maintenanceWindows": JSON.stringify([{ weekdays: ["sunday"], times: [{ start: "02:00", end: "04:00" }], location: "UTC" }]),
};

function isSecretWrapped(value: unknown): boolean {
    return value !== null && typeof value === "object" && Object.values(value as object).includes(secretSignature);
}

describe("Grafana as code on the dev stack (mock engine)", () => {
    let run: MockRun;
    before(async () => {
        run = await runWithMocks("dev", readStackFile("dev"));
        assert.ifError(run.error);
    });

    it("points one Grafana provider at Grafana, with the admin credentials as a secret, after the health wait", () => {
        const [provider] = ofType(run, t.provider);
        assert.equal(provider.inputs.url, "http://localhost:3000");
        assert.ok(isSecretWrapped(provider.inputs.auth), "auth is secret");
        const [wait] = ofType(run, t.command);
        assert.equal(wait.inputs.create, "node scripts/wait-for-http.js http://localhost:3000/api/health 300");
    });

    it("waits for Grafana's container, then for its health check, before the provider talks to it", async () => {
        const [provider] = ofType(run, t.provider);
        const [wait] = ofType(run, t.command);
        assert.deepEqual(await dependsOnUrns("dev", run, provider), [
            "urn:pulumi:dev::monitoring::monitoring:index:MonitoringStack$monitoring:index:GrafanaContent$command:local:Command::monitoring-grafana-content-wait-healthy",
        ]);
        assert.deepEqual(await dependsOnUrns("dev", run, wait), [
            "urn:pulumi:dev::monitoring::monitoring:index:MonitoringStack$monitoring:index:Grafana$docker:index/container:Container::monitoring-grafana",
        ]);
    });

    it("declares the folders and data sources with fixed UIDs, linked to each other", () => {
        assert.deepEqual(
            ofType(run, t.folder)
                .map((f) => f.inputs.uid)
                .sort(),
            ["monitoring-stack", "provisioning", "provisioning-alerts", "provisioning-custom"],
        );
        const ds: Record<string, any> = Object.fromEntries(ofType(run, t.dataSource).map((d) => [d.inputs.uid, d.inputs]));
        assert.deepEqual(Object.keys(ds).sort(), ["alertmanager", "loki", "prometheus", "tempo"]);
        assert.equal(ds.prometheus.url, "http://prometheus:9090");
        // The label Tempo's metrics generator writes exemplars with (its default), so an exemplar opens its trace.
        assert.deepEqual(JSON.parse(ds.prometheus.jsonDataEncoded).exemplarTraceIdDestinations, [{ datasourceUid: "tempo", name: "traceID" }]);
        assert.equal(JSON.parse(ds.loki.jsonDataEncoded).derivedFields[0].datasourceUid, "tempo");
        const tempo = JSON.parse(ds.tempo.jsonDataEncoded);
        assert.equal(tempo.tracesToLogsV2.datasourceUid, "loki");
        // Grafana fills in the trace ID; what Loki then receives must be valid LogQL over Promtail's streams.
        const logsQuery = tempo.tracesToLogsV2.query.replace("${__trace.traceId}", "4bf92f3577b34da6a3ce929d0e0e4736");
        let logqlErrors = 0;
        logqlParser.parse(logsQuery).iterate({ enter: (ref) => void (ref.type.isError && logqlErrors++) });
        assert.equal(logqlErrors, 0, logsQuery);
        assert.match(logsQuery, /^\{job=~"varlogs\|systemd-journal\|kubernetes-pods"\} \|= "4bf92f/);
        assert.equal(tempo.tracesToMetrics.datasourceUid, "prometheus");
        assert.equal(tempo.serviceMap.datasourceUid, "prometheus");
        assert.equal(JSON.parse(ds.alertmanager.jsonDataEncoded).implementation, "prometheus");
        // Grafana's alerts reach Alertmanager through the contact point only: the data source taking them too would send twice.
        assert.equal(JSON.parse(ds.alertmanager.jsonDataEncoded).handleGrafanaManagedAlerts, false);
        // What the provider stores, byte for byte: sorted keys, compact (Grafana answers in that form, so no drift).
        assert.deepEqual(Object.fromEntries(Object.entries(ds).map(([uid, d]) => [uid, d.jsonDataEncoded])), {
            alertmanager: '{"handleGrafanaManagedAlerts":false,"implementation":"prometheus"}',
            loki: '{"derivedFields":[{"datasourceUid":"tempo","matcherRegex":"(?:trace_id|traceID|traceId)[\\"=:]+\\"?(\\\\w+)","matcherType":"regex","name":"TraceID","url":"${__value.raw}"}],"maxLines":1000}',
            prometheus:
                '{"exemplarTraceIdDestinations":[{"datasourceUid":"tempo","name":"traceID"}],"httpMethod":"POST","prometheusType":"Prometheus","timeInterval":"15s"}',
            tempo:
                '{"lokiSearch":{"datasourceUid":"loki"},"nodeGraph":{"enabled":true},"search":{"hide":false},"serviceMap":{"datasourceUid":"prometheus"},' +
                '"tracesToLogsV2":{"customQuery":true,"datasourceUid":"loki","query":"{job=~\\"varlogs|systemd-journal|kubernetes-pods\\"} |= \\"${__trace.traceId}\\"","spanEndTimeShift":"5m","spanStartTimeShift":"-5m"},' +
                '"tracesToMetrics":{"datasourceUid":"prometheus","queries":[{"name":"Request rate","query":"sum(rate(traces_spanmetrics_calls_total{$__tags}[5m]))"}],"spanEndTimeShift":"5m","spanStartTimeShift":"-5m","tags":[{"key":"service.name","value":"service"}]}}',
        });
    });

    it("evaluates the platform's alerts in Grafana rule groups and nowhere else, except the critical health rules", () => {
        const groups = ofType(run, t.ruleGroup);
        const inGrafana = groups.flatMap((g) => g.inputs.rules.map((r: any) => r.name)).sort();
        const config = parseStackConfig(readStackFile("dev"), "dev");
        assert.deepEqual(
            inGrafana,
            alertsEvaluatedBy("grafana", config)
                .map((a) => a.alert)
                .sort(),
        );
        assert.ok(inGrafana.includes("HighAuthFailureRatio") && inGrafana.includes("SlowWorkflows"));
        // They page: Prometheus evaluates them (the health rules every second), with or without Grafana; so do the SLO
        // tickets, crash loops and vanished targets, whose groups are pinned to Prometheus too.
        for (const critical of [
            "OrchestratorDown",
            "ControlCenterDown",
            "VaultServiceDown",
            "DatabaseConnectionLoss",
            "HighWorkflowFailureRate",
            "ApiHighErrorRate",
            "ApiLatencyBudgetBurn",
            "PlatformServiceCrashLooping",
            "OrchestratorTargetMissing",
        ]) {
            assert.ok(!inGrafana.includes(critical), critical);
            assert.ok(
                alertsEvaluatedBy("prometheus", config).some((a) => a.alert === critical),
                critical,
            );
        }
        for (const g of groups) assert.equal(g.inputs.folderUid, "provisioning-alerts");
    });

    it("hands every Grafana alert to the stack's Alertmanager, unmuted: Alertmanager alone routes, silences and mutes", () => {
        const contactPoints = ofType(run, t.contactPoint);
        // The resource name it always had (the URN stays), now in prod too.
        assert.deepEqual(
            contactPoints.map((c) => [c.name, c.inputs.name]),
            [["monitoring-grafana-content-contact-stack-alertmanager", "stack-alertmanager"]],
        );
        assert.deepEqual(contactPoints[0].inputs.alertmanagers, [{ url: "http://alertmanager:9093" }]);
        const [policy] = ofType(run, t.policy);
        assert.equal(policy.inputs.contactPoint, "stack-alertmanager");
        // No child policy and so no mute timing: every alert takes the root, to Alertmanager (dev used to mute all day).
        assert.equal(policy.inputs.policies, undefined);
        assert.deepEqual(policy.inputs.groupBies, ["..."]);
        assert.deepEqual([policy.inputs.groupWait, policy.inputs.groupInterval, policy.inputs.repeatInterval], ["0s", "10s", "1m"]);
        assert.deepEqual(ofType(run, t.muteTiming), []);
    });

    it("exports dashboards, folder and data source UIDs", () => {
        assert.deepEqual(run.outputs.grafanaFolderUids, {
            alerts: "provisioning-alerts",
            custom: "provisioning-custom",
            platform: "provisioning",
            stack: "monitoring-stack",
        });
        assert.deepEqual(run.outputs.datasourceUids, { alertmanager: "alertmanager", loki: "loki", prometheus: "prometheus", tempo: "tempo" });
        const listed = run.outputs.dashboards as { uid: string; title: string; url: string }[];
        // The Kubernetes dashboard only on Kubernetes (tests/unit/kubernetes-cluster-monitoring.test.ts); the test project's user dashboard too.
        const expected = dashboardsFor("docker", withUserDashboards(buildDashboards(), fixtureUserContent().dashboards));
        assert.deepEqual(
            listed.map((d) => d.uid),
            expected.map((d) => d.uid),
        );
        for (const d of listed) assert.equal(d.url, `http://localhost:3000/d/${d.uid}`);
        assert.ok(
            listed.some((d) => d.title === "Custom Infrastructure Dashboard"),
            "the custom dashboard is deployed too",
        );
    });

    it("declares every dashboard as a resource in its folder, with canonical JSON", () => {
        const resources = ofType(run, t.dashboard);
        const expected = dashboardsFor("docker", withUserDashboards(buildDashboards(), fixtureUserContent().dashboards));
        assert.equal(resources.length, expected.length);
        for (const d of expected) {
            const r = resources.find((x) => JSON.parse(x.inputs.configJson).uid === d.uid);
            assert.ok(r, d.uid);
            assert.equal(unsortedKeysIn(r.inputs.configJson), undefined, `${d.uid}: keys sorted at every level`);
            // Go's encoding/json escapes <, > and & (what Grafana's provider compares against).
            assert.doesNotMatch(r.inputs.configJson, /[<>&]/, `${d.uid}: Go's escaping`);
            const folderUids: Record<string, string> = {
                "Provisioning platform": "provisioning",
                "Monitoring stack": "monitoring-stack",
                "Custom dashboards": "provisioning-custom",
            };
            assert.equal(r.inputs.folder, folderUids[d.folder.title], d.uid);
            assert.equal(r.inputs.overwrite, true);
            const json = JSON.parse(r.inputs.configJson);
            assert.equal(json.id, undefined);
            assert.equal(json.version, undefined);
        }
    });
});

describe("Grafana as code with every channel on (mock engine)", () => {
    let run: MockRun;
    before(async () => {
        run = await runWithMocks("dev", allChannels, Object.keys(fakeSecrets));
        assert.ifError(run.error);
    });

    it("declares no PagerDuty, Slack or e-mail contact point while Alertmanager is deployed, nor a mute timing", () => {
        const cps = ofType(run, t.contactPoint);
        assert.deepEqual(
            cps.map((c) => c.inputs.name),
            ["stack-alertmanager"],
        );
        for (const c of cps) assert.deepEqual([c.inputs.pagerduties, c.inputs.slacks, c.inputs.emails], [undefined, undefined, undefined]);
        assert.deepEqual(ofType(run, t.muteTiming), [], "maintenance windows are Alertmanager's time intervals now");
        const [policy] = ofType(run, t.policy);
        assert.deepEqual([policy.inputs.contactPoint, policy.inputs.policies], ["stack-alertmanager", undefined]);
    });
});

/** Every channel on, but no Alertmanager: Grafana must deliver the platform's alerts itself. */
const withoutAlertmanager = { ...allChannels, "monitoring:components": '["prometheus","grafana","node-exporter"]' };

describe("Grafana as code with every channel on and no Alertmanager (mock engine)", () => {
    let run: MockRun;
    before(async () => {
        run = await runWithMocks("dev", withoutAlertmanager, Object.keys(fakeSecrets));
        assert.ifError(run.error);
    });

    it("still evaluates the platform's alerts in Grafana", () => {
        const inGrafana = ofType(run, t.ruleGroup).flatMap((g) => g.inputs.rules.map((r: any) => r.name));
        assert.ok(inGrafana.includes("HighAuthFailureRatio") && inGrafana.includes("DiskSpaceLow"));
    });

    it("declares e-mail, PagerDuty and Slack contact points, their credentials secret", () => {
        const cps = Object.fromEntries(ofType(run, t.contactPoint).map((c) => [c.inputs.name, c.inputs]));
        assert.deepEqual(Object.keys(cps).sort(), ["pagerduty", "slack", "team-email"]);
        assert.deepEqual(cps["team-email"].emails, [{ addresses: ["ops@example.com"], singleEmail: false }]);
        assert.ok(isSecretWrapped(cps.pagerduty.pagerduties), "PagerDuty key is secret");
        assert.ok(isSecretWrapped(cps.slack.slacks), "Slack URL is secret");
        const plain = JSON.stringify(ofType(run, t.contactPoint).map((c) => ({ ...c.inputs, pagerduties: undefined, slacks: undefined })));
        for (const value of Object.values(fakeSecrets)) assert.ok(!plain.includes(value));
    });

    it("mirrors the routing spec in one notification policy, with the maintenance mute timing on every route", () => {
        const [policy] = ofType(run, t.policy);
        assert.equal(policy.inputs.contactPoint, "team-email");
        assert.deepEqual(policy.inputs.groupBies, ["alertname", "severity"]);
        assert.deepEqual([policy.inputs.groupWait, policy.inputs.groupInterval, policy.inputs.repeatInterval], ["10s", "10s", "12h"]);
        assert.deepEqual(
            policy.inputs.policies.map((p: any) => [
                p.contactPoint,
                p.matchers.map((m: any) => `${m.label}${m.match}${m.value}`).join(","),
                p.continue,
                p.muteTimings,
            ]),
            [
                ["pagerduty", "severity=critical", true, ["maintenance"]],
                ["team-email", "severity=critical", false, ["maintenance"]],
                ["slack", "severity=warning", false, ["maintenance"]],
                ["team-email", "severity=info", false, ["maintenance"]],
            ],
        );
        const mutes = ofType(run, t.muteTiming).map((m) => m.inputs);
        assert.deepEqual(mutes, [{ name: "maintenance", intervals: [{ weekdays: ["sunday"], times: [{ start: "02:00", end: "04:00" }], location: "UTC" }] }]);
    });
});

describe("Grafana's mail with every channel on (mock engine)", () => {
    let run: MockRun;
    before(async () => {
        run = await runWithMocks("dev", allChannels, Object.keys(fakeSecrets));
        assert.ifError(run.error);
    });

    it("sends Grafana's mail through the stack's SMTP relay, its password from a secret file", () => {
        const grafana = run.resources.find((r) => r.inputs.name === "monitoring-dev-grafana")!;
        const uploads = grafana.inputs.uploads.value ?? grafana.inputs.uploads;
        const ini = uploads.find((u: any) => u.file === "/etc/grafana/grafana.ini").content;
        assert.match(
            ini,
            /\[smtp\]\nenabled = true\nhost = smtp\.example\.com:587\nfrom_address = alerts@provisioning\.example\.com\nuser = alerts@provisioning\.example\.com\npassword = \$__file\{\/etc\/grafana\/secrets\/smtp-password\}/,
        );
        assert.equal(uploads.find((u: any) => u.file === "/etc/grafana/secrets/smtp-password").content, fakeSecrets["monitoring:smtpPassword"]);
    });
});

describe("no alert notifies twice", () => {
    for (const evaluator of ["grafana", "prometheus"]) {
        it(`splits the catalogue between Prometheus and Grafana with platformAlertsEvaluator: ${evaluator}`, () => {
            const config = parseStackConfig({ ...loadRawStackConfig("dev"), "monitoring:platformAlertsEvaluator": evaluator }, "dev");
            const inPrometheus = alertsEvaluatedBy("prometheus", config).map((a) => a.alert);
            const inGrafana = grafanaRuleGroupSpecs(config).flatMap((g) => g.rules.map((r) => r.name));
            assert.deepEqual(
                inPrometheus.filter((a) => inGrafana.includes(a)),
                [],
                "no alert in both",
            );
            assert.deepEqual(
                [...inPrometheus, ...inGrafana].sort(),
                alertCatalog(config)
                    .map((a) => a.alert)
                    .sort(),
                "every alert somewhere",
            );
            for (const a of alertCatalog(config).filter((r) => r.owner === "stack" || r.severity === "critical")) {
                assert.ok(inPrometheus.includes(a.alert), `${a.alert} stays in Prometheus`);
            }
            assert.equal(inGrafana.length > 0, evaluator === "grafana");
        });
    }

    it("never routes a Grafana alert both to a channel and to the stack's Alertmanager", () => {
        const withAm = grafanaNotificationSpec(parseStackConfig({ ...allChannels }, "dev"))!;
        assert.deepEqual(
            withAm.contactPoints.map((c) => c.kind),
            ["alertmanager"],
        );
        const withoutAm = grafanaNotificationSpec(parseStackConfig({ ...withoutAlertmanager }, "dev"))!;
        assert.ok(!withoutAm.contactPoints.some((c) => c.kind === "alertmanager"));
    });
});

describe("no false drift in what the Grafana provider stores", () => {
    const config = parseStackConfig({ ...loadRawStackConfig("dev") }, "dev");
    const groups = grafanaRuleGroupSpecs(config);

    it("gives every rule query and expression intervalMs and maxDataPoints", () => {
        for (const rule of groups.flatMap((g) => g.rules)) {
            for (const d of rule.data) {
                const model = JSON.parse(d.model);
                assert.equal(model.intervalMs, 1000, `${rule.name} ${d.refId}`);
                assert.equal(model.maxDataPoints, 43200, `${rule.name} ${d.refId}`);
                assert.equal(unsortedKeysIn(d.model), undefined, `${rule.name} ${d.refId}: model keys sorted`);
                assert.equal(d.model, JSON.stringify(model), `${rule.name} ${d.refId}: compact`);
            }
        }
    });

    it("writes every duration in the canonical form Grafana answers with (no 60m, no 30d for 720h)", () => {
        // Grafana's form: days, then hours under 24, minutes and seconds under 60, no zero unit, "0s" for nothing.
        const canonical = /^(0s|(?=\d)([1-9]\d*d)?([1-9]h|1\dh|2[0-3]h)?([1-9]m|[1-5]\dm)?([1-9]s|[1-5]\ds)?)$/;
        for (const rule of groups.flatMap((g) => g.rules)) assert.match(rule.for, canonical, rule.name);
        for (const raw of [allChannels, withoutAlertmanager]) {
            const policy = grafanaNotificationSpec(parseStackConfig({ ...raw }, "dev"))!.policy;
            for (const d of [policy.groupWait, policy.groupInterval, policy.repeatInterval]) assert.match(d, canonical);
        }
    });

    it("sorts every policy's matchers", () => {
        const policy = grafanaNotificationSpec(parseStackConfig({ ...withoutAlertmanager }, "dev"))!.policy;
        assert.ok(policy.policies.length > 0);
        for (const p of policy.policies) {
            const keys = p.matchers.map((m) => `${m.label}${m.match}${JSON.stringify(m.value)}`);
            assert.deepEqual(keys, [...keys].sort());
        }
    });

    it("evaluates groups on Grafana's 10s tick, and uses stable rule UIDs of at most 40 characters", () => {
        for (const g of groups) assert.equal(g.intervalSeconds % 10, 0, g.name);
        const uids = groups.flatMap((g) => g.rules.map((r) => r.uid));
        assert.equal(new Set(uids).size, uids.length);
        for (const uid of uids) assert.match(uid, /^[a-z0-9-]{1,40}$/);
        assert.deepEqual(grafanaRuleGroupSpecs(config), groups, "deterministic");
    });
});
