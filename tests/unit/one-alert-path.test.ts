// One alert path: every alert reaches the stack's Alertmanager exactly once, Alertmanager alone mutes (maintenance
// windows as time intervals), Grafana's alert texts use $values, the dead man's switch, exemplars and "Active alerts".
import { strict as assert } from "assert";
import { parse } from "yaml";
import { alertCatalog, alertsEvaluatedBy } from "../../alerts/catalog";
import { splitAtMidnight } from "../../alerts/maintenance";
import { alertmanagerSecretFiles, renderAlertmanagerConfig } from "../../render/alertmanager/config";
import { alertmanagerWorkload } from "../../components/alertmanager";
import { parseStackConfig } from "../../model/config/parse";
import { grafanaRuleGroupSpecs } from "../../render/grafana-content/alert-rule-groups";
import { prometheusOnlyTemplatePattern } from "../../render/grafana-content/alert-rule-groups";
import { grafanaNotificationSpec } from "../../render/grafana-content/notifications";
import { renderPrometheusConfig } from "../../render/prometheus/config";
import { activeAlertsQuery } from "../../dashboards/common";
import { buildDashboards } from "../../dashboards";
import { manifestOf } from "../support/kubernetes-schema";
import { MockRun, ofType, runWithMocks } from "../support/mock-run";
import { plainStrings } from "../support/secrets";
import { fakeSecrets, loadRawStackConfig, readStackFile, placeholdersAllowed } from "../support/stack-files";

const contactPointType = "grafana:alerting/contactPoint:ContactPoint";
const policyType = "grafana:alerting/notificationPolicy:NotificationPolicy";
const muteTimingType = "grafana:alerting/muteTiming:MuteTiming";
const ruleGroupType = "grafana:alerting/ruleGroup:RuleGroup";

const prodSecrets = { ...fakeSecrets, "monitoring:deadMansSwitchUrl": "https://hc-ping.invalid/fake-heartbeat-uuid" };
const prodConfig = (change: Record<string, string> = {}) => parseStackConfig({ ...readStackFile("prod"), ...prodSecrets, ...change }, "prod");
const devConfig = (change: Record<string, string> = {}) => parseStackConfig({ ...loadRawStackConfig("dev"), ...change }, "dev");
const windows = (list: unknown[]) => ({ "monitoring:maintenanceWindows": JSON.stringify(list) });

type AmRoute = { receiver: string; matchers: string[]; mute_time_intervals?: string[]; repeat_interval?: string };
const amDoc = (text: string) => parse(text) as { route: AmRoute & { routes: AmRoute[] }; receivers: Record<string, any>[]; time_intervals?: unknown[] };

describe("one alert path: the prod stack with every channel (mock engine)", () => {
    let run: MockRun;
    before(async () => {
        run = await runWithMocks("prod", { ...readStackFile("prod"), ...placeholdersAllowed, ...prodSecrets }, Object.keys(prodSecrets));
        assert.ifError(run.error);
    });

    it("has no Grafana contact point that delivers to PagerDuty, Slack or e-mail while Alertmanager is deployed", () => {
        const cps = ofType(run, contactPointType);
        assert.deepEqual(
            cps.map((c) => c.inputs.name),
            ["stack-alertmanager"],
        );
        for (const c of cps) {
            const integrations = Object.keys(c.inputs).filter((k) => !["name", "disableProvenance", "orgId"].includes(k));
            assert.deepEqual(integrations, ["alertmanagers"], `${c.inputs.name} delivers through ${integrations}`);
        }
    });

    it("sends to every Alertmanager replica, as Prometheus does", () => {
        const [cp] = ofType(run, contactPointType);
        const replicas = ["alertmanager-0", "alertmanager-1", "alertmanager-2"].map((p) => `http://${p}.alertmanager-headless:9093`);
        assert.deepEqual(cp.inputs.alertmanagers, [{ url: replicas.join(",") }]);
        const prometheus = parse(renderPrometheusConfig(prodConfig())) as { alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] } };
        assert.deepEqual(
            prometheus.alerting.alertmanagers[0].static_configs[0].targets.map((t) => `http://${t}`),
            replicas,
        );
    });

    it("lets every Grafana alert take the root policy to Alertmanager: no child policy, no mute timing", () => {
        const [policy] = ofType(run, policyType);
        assert.deepEqual([policy.inputs.contactPoint, policy.inputs.policies, policy.inputs.groupBies], ["stack-alertmanager", undefined, ["..."]]);
        assert.deepEqual(ofType(run, muteTimingType), []);
    });

    it("keeps the heartbeat URL a secret: in Alertmanager's Secret, in no plain resource input", () => {
        const url = prodSecrets["monitoring:deadMansSwitchUrl"];
        const amSecret = run.resources.find((r) => r.type === "kubernetes:core/v1:Secret" && r.inputs.metadata?.name === "alertmanager-secrets")!;
        assert.ok(Object.values(manifestOf(amSecret).stringData).includes(url));
        assert.ok(!run.resources.flatMap((r) => plainStrings(r.inputs)).some((s) => s.includes(url)), "the heartbeat URL in plain text");
    });

    it("evaluates Grafana rules that resolve as fast as Prometheus' and carry the cluster label Alertmanager's inhibitions match on", () => {
        const rules = ofType(run, ruleGroupType).flatMap((g) => g.inputs.rules);
        assert.ok(rules.length > 0);
        for (const r of rules) {
            assert.equal(r.missingSeriesEvalsToResolve, 1, r.name);
            assert.deepEqual(r.labels, { cluster: "provisioning-production", owner: "platform", severity: "warning" }, r.name);
        }
    });
});

describe("every alert in the catalogue reaches Alertmanager exactly once", () => {
    for (const [stack, config] of [
        ["dev", devConfig()],
        ["prod", prodConfig()],
    ] as const) {
        it(`${stack}: each alert is evaluated in one place, and that place hands it to Alertmanager`, () => {
            const byPrometheus = alertsEvaluatedBy("prometheus", config).map((a) => a.alert);
            const byGrafana = grafanaRuleGroupSpecs(config).flatMap((g) => g.rules.map((r) => r.name));
            assert.deepEqual(
                [...byPrometheus, ...byGrafana].sort(),
                alertCatalog(config)
                    .map((a) => a.alert)
                    .sort(),
                "every alert, once",
            );
            assert.ok(byGrafana.length > 0 && byPrometheus.length > 0);
            // Prometheus sends to Alertmanager; Grafana's single policy sends everything to it and nowhere else.
            assert.ok((parse(renderPrometheusConfig(config)) as { alerting?: unknown }).alerting, "Prometheus sends to Alertmanager");
            const grafana = grafanaNotificationSpec(config)!;
            assert.deepEqual(
                grafana.contactPoints.map((c) => c.kind),
                ["alertmanager"],
            );
            assert.deepEqual([grafana.policy.policies, grafana.muteTimings], [[], []]);
        });
    }

    it("Grafana evaluates no Watchdog and no info alert (the Active alerts stat subtracts those from Prometheus' ALERTS)", () => {
        for (const config of [devConfig(), prodConfig()]) {
            for (const a of alertsEvaluatedBy("grafana", config)) assert.ok(a.severity === "warning" || a.severity === "critical", `${a.alert}: ${a.severity}`);
        }
    });
});

describe("maintenance windows: Alertmanager mutes, per severity", () => {
    it("renders windows as top-level time_intervals and mutes each route of a named severity, never the Watchdog's", () => {
        const config = prodConfig(
            windows([
                { weekdays: ["saturday", "sunday"], times: [{ start: "02:00", end: "04:00" }], location: "Europe/Berlin" },
                { times: [{ start: "12:00", end: "13:00" }], severities: ["warning", "info"] },
            ]),
        );
        const doc = amDoc(renderAlertmanagerConfig(config));
        assert.deepEqual(doc.time_intervals, [
            {
                name: "maintenance",
                time_intervals: [{ weekdays: ["saturday", "sunday"], times: [{ start_time: "02:00", end_time: "04:00" }], location: "Europe/Berlin" }],
            },
            { name: "maintenance-2", time_intervals: [{ times: [{ start_time: "12:00", end_time: "13:00" }] }] },
        ]);
        assert.deepEqual(
            doc.route.routes.map((r) => [r.matchers.join(","), r.receiver, r.mute_time_intervals]),
            [
                ['severity="none"', "dead-mans-switch", undefined],
                // A failing integration is reported through the others, never through itself; maintenance mutes it as critical.
                ['alertname="AlertmanagerNotificationsFailing",integration="pagerduty",severity="critical"', "slack", ["maintenance"]],
                ['alertname="AlertmanagerNotificationsFailing",integration="pagerduty",severity="critical"', "team-email", ["maintenance"]],
                ['alertname="AlertmanagerNotificationsFailing",integration="slack",severity="critical"', "pagerduty", ["maintenance"]],
                ['alertname="AlertmanagerNotificationsFailing",integration="slack",severity="critical"', "team-email", ["maintenance"]],
                ['alertname="AlertmanagerNotificationsFailing",integration="email",severity="critical"', "pagerduty", ["maintenance"]],
                ['alertname="AlertmanagerNotificationsFailing",integration="email",severity="critical"', "slack", ["maintenance"]],
                ['severity="critical"', "pagerduty", ["maintenance"]],
                ['severity="critical"', "team-email", ["maintenance"]],
                ['severity="warning"', "slack", ["maintenance", "maintenance-2"]],
                ['severity="info"', "team-email", ["maintenance", "maintenance-2"]],
            ],
        );
    });

    it("renders no time interval and mutes nothing without windows", () => {
        const doc = amDoc(renderAlertmanagerConfig(devConfig()));
        assert.equal(doc.time_intervals, undefined);
        for (const r of doc.route.routes) assert.equal(r.mute_time_intervals, undefined);
    });

    it("splits a window that crosses midnight at 24:00, moving its morning to the next days", () => {
        assert.deepEqual(splitAtMidnight({ weekdays: ["friday:saturday"], times: [{ start: "22:00", end: "02:30" }], location: "UTC" }), [
            { weekdays: ["friday:saturday"], times: [{ start: "22:00", end: "24:00" }], location: "UTC" },
            { weekdays: ["sunday", "saturday"], times: [{ start: "00:00", end: "02:30" }], location: "UTC" },
        ]);
        assert.deepEqual(
            splitAtMidnight({
                weekdays: ["monday:friday"],
                times: [
                    { start: "12:00", end: "13:00" },
                    { start: "23:00", end: "01:00" },
                ],
            }),
            [
                {
                    weekdays: ["monday:friday"],
                    times: [
                        { start: "12:00", end: "13:00" },
                        { start: "23:00", end: "24:00" },
                    ],
                },
                { weekdays: ["tuesday:saturday"], times: [{ start: "00:00", end: "01:00" }] },
            ],
        );
        assert.deepEqual(splitAtMidnight({ times: [{ start: "23:30", end: "00:30" }] }), [
            {
                times: [
                    { start: "23:30", end: "24:00" },
                    { start: "00:00", end: "00:30" },
                ],
            },
        ]);
        assert.deepEqual(splitAtMidnight({ weekdays: ["sunday"] }), [{ weekdays: ["sunday"] }]);
    });

    it("leaves muting to Grafana's mute timings only in a stack without Alertmanager, per severity there too", () => {
        const config = prodConfig({
            ...windows([{ times: [{ start: "22:00", end: "02:00" }], severities: ["warning"] }]),
            "monitoring:components": '["prometheus","grafana"]',
            "monitoring:smtpPassword": "x",
        });
        const spec = grafanaNotificationSpec(config)!;
        assert.deepEqual(spec.muteTimings, [
            {
                name: "maintenance",
                intervals: [
                    {
                        times: [
                            { start: "22:00", end: "24:00" },
                            { start: "00:00", end: "02:00" },
                        ],
                    },
                ],
            },
        ]);
        assert.deepEqual(
            spec.policy.policies.map((p) => [p.contactPoint, p.matchers.map((m) => m.value).join(), p.muteTimings]),
            [
                ["pagerduty", "critical", []],
                ["team-email", "critical", []],
                ["slack", "warning", ["maintenance"]],
                ["team-email", "info", []],
            ],
        );
        assert.deepEqual(grafanaNotificationSpec(prodConfig(windows([{ weekdays: ["sunday"] }])))!.muteTimings, [], "with Alertmanager: none");
    });
});

describe("Grafana alert texts", () => {
    const rules = grafanaRuleGroupSpecs(prodConfig()).flatMap((g) => g.rules);

    it("use no Prometheus-only template variable or function in any Grafana-evaluated rule", () => {
        assert.ok(rules.length >= 7);
        for (const r of rules) {
            for (const [key, text] of Object.entries(r.annotations)) assert.doesNotMatch(text, prometheusOnlyTemplatePattern, `${r.name} ${key}`);
        }
        // The check itself catches what Grafana renders as garbage.
        for (const bad of [
            "{{ $value }}",
            "{{ $value | humanizePercentage }}",
            '{{ printf "%.2f" $value }}',
            "{{ $externalLabels.cluster }}",
            '{{ query "up" | first }}',
        ]) {
            assert.match(bad, prometheusOnlyTemplatePattern, bad);
        }
        assert.doesNotMatch("{{ $values.A.Value | humanizePercentage }} on {{ $labels.instance }}", prometheusOnlyTemplatePattern);
    });

    it("print the number Prometheus prints: the value of query A, the catalogue's PromQL, with the same functions", () => {
        const byName = Object.fromEntries(rules.map((r) => [r.name, r]));
        assert.equal(
            byName.HighMemoryUsage.annotations.description,
            "Memory usage on {{ $labels.instance }} is {{ $values.A.Value | humanizePercentage }} (threshold 90%).",
        );
        assert.equal(
            byName.SlowWorkflows.annotations.description,
            '95th percentile workflow duration of {{ $labels.job }} is {{ $values.A.Value | printf "%.0f" }}s (threshold 60s), ' +
                "over 1.5 times its highest value within half an hour of this time yesterday.",
        );
        assert.equal(
            byName.TaskQueueBacklog.annotations.description,
            "{{ $values.A.Value }} tasks are waiting in the queue of {{ $labels.job }}, above 100 for 15 minutes.",
        );
        for (const r of rules) assert.equal(JSON.parse(r.data[0].model).refId, "A", `${r.name}: A is the PromQL query`);
    });
});

describe("dead man's switch", () => {
    it("sends the Watchdog to the heartbeat webhook when monitoring:deadMansSwitchUrl is set, its URL read from a file", () => {
        const text = renderAlertmanagerConfig(prodConfig());
        const doc = amDoc(text);
        const watchdog = doc.route.routes[0];
        assert.deepEqual([watchdog.matchers, watchdog.receiver, watchdog.repeat_interval], [['severity="none"'], "dead-mans-switch", "1m"]);
        assert.deepEqual(
            doc.receivers.find((r) => r.name === "dead-mans-switch"),
            {
                name: "dead-mans-switch",
                webhook_configs: [{ url_file: "/etc/alertmanager/secrets/dead-mans-switch-url", send_resolved: false }],
            },
        );
        assert.ok(!text.includes("hc-ping.invalid"), "the heartbeat URL reached alertmanager.yml");
        const files = alertmanagerWorkload(prodConfig(), { deadMansSwitchUrl: prodSecrets["monitoring:deadMansSwitchUrl"] }).files;
        const file = files.find((f) => f.path === alertmanagerSecretFiles.deadMansSwitchUrl);
        assert.deepEqual([file?.content, file?.secret], [prodSecrets["monitoring:deadMansSwitchUrl"], true]);
    });

    it("sends the Watchdog to the blackhole without it", () => {
        const doc = amDoc(renderAlertmanagerConfig(devConfig()));
        assert.equal(doc.route.routes[0].receiver, "blackhole");
        assert.deepEqual(
            doc.receivers.find((r) => r.name === "dead-mans-switch"),
            { name: "dead-mans-switch" },
        );
    });
});

describe("exemplars and Active alerts on the dashboards", () => {
    const targets = buildDashboards().flatMap((d) =>
        ((d.json as any).panels ?? []).flatMap((p: any) => (p.targets ?? []).map((t: any) => ({ dashboard: d.uid, panel: p.title, ...t }))),
    );

    it("shows exemplars on every panel over the platform's latency histograms", () => {
        const latency = targets.filter((t: any) => /provisioning_\w+_bucket\{/.test(t.expr ?? ""));
        assert.ok(latency.some((t: any) => t.panel === "Request latency" && t.dashboard === "prov-control-center-api"));
        for (const t of latency) assert.equal(t.exemplar, true, `${t.dashboard} ${t.panel}: ${t.expr}`);
    });

    it("counts each alert once across Alertmanager replicas, without the Watchdog and info alerts", () => {
        const stats = targets.filter((t: any) => t.panel === "Active alerts");
        assert.equal(stats.length, 2);
        for (const t of stats) assert.equal(t.expr, activeAlertsQuery);
        assert.equal(
            activeAlertsQuery,
            'clamp_min(max(alertmanager_alerts{job="alertmanager", state="active"}) - (count(ALERTS{alertstate="firing", severity=~"none|info"}) or vector(0)), 0)',
        );
    });
});
