// The alert catalogue, metric catalogue, rule rendering and routing spec, checked without any external tool.
import { strict as assert } from "assert";
import { parse } from "yaml";
import { componentNames } from "../../model/config/catalog";
import { durationSeconds } from "../../model/config/durations";
import { parseStackConfig } from "../../model/config/parse";
import { StackConfig } from "../../model/config/types";
import { renderAlertmanagerConfig } from "../../render/alertmanager/config";
import { alertCatalog, allAlertRules, recordingRulesFor, targetDownAlerts } from "../../alerts/catalog";
import { ruleGroups } from "../../alerts/groups";
import { metricCatalog, platformMetrics } from "../../alerts/metrics";
import { findMetric, isKnownMetric } from "../support/metric-lookup";
import { recordingRules } from "../../alerts/recording-rules";
import { renderedRulesHeader, renderPrometheusRuleFiles } from "../../render/prometheus/rule-files";
import { formatMatcher, routingSpec } from "../../alerts/routing";
import { parsePromql } from "../tools/promql";
import { catalogueFileOf, catalogueMetricHint, metricCatalogueFileFor } from "../support/where-to-fix";

/** A stack config from a few `monitoring:` keys, as Pulumi would hand them over (JSON text for lists). */
/** A stack whose Prometheus evaluates every alert (what these rule-file tests look at), with `keys` on top. */
function stack(keys: Record<string, unknown> = {}, name = "test"): StackConfig {
    const withEvaluator = { platformAlertsEvaluator: "prometheus", ...keys };
    const raw = Object.fromEntries(Object.entries(withEvaluator).map(([k, v]) => [`monitoring:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));
    return parseStackConfig(raw, name);
}

const everything = stack();
const allRules = [...allAlertRules.map((a) => ({ name: a.alert, expr: a.expr })), ...recordingRules.map((r) => ({ name: r.record, expr: r.expr }))];
// Target labels Prometheus attaches to every series, and `le` on histogram buckets.
const targetLabels = new Set(["job", "instance"]);

describe("alert catalogue", () => {
    it("gives every alert a unique name, a known group, a severity, a summary and a description", () => {
        const names = allAlertRules.map((a) => a.alert);
        assert.equal(new Set(names).size, names.length, "duplicate alert names");
        for (const a of allAlertRules) {
            assert.match(a.alert, /^[A-Z][A-Za-z0-9]+$/, `${a.alert}: alert names are PascalCase`);
            const group = ruleGroups.find((g) => g.name === a.group);
            assert.ok(group, `${a.alert} (${catalogueFileOf(a.alert)}): unknown group ${a.group}; declare it in alerts/groups.ts or use an existing one`);
            assert.equal(group.owner, a.owner, `${a.alert}: owner ${a.owner} in a ${group.owner} group`);
            assert.ok(["critical", "warning", "info", "none"].includes(a.severity), `${a.alert}: severity ${a.severity}`);
            assert.ok(a.summary.trim().length > 0 && !a.summary.includes("\n"), `${a.alert}: summary must be one non-empty line`);
            assert.ok(a.description.trim().length > 0, `${a.alert}: empty description`);
        }
    });

    it("keeps the guide's five alerts, with the guide's `for` on the platform's critical ones (HighWorkflowFailureRate is the workflow SLO's page now)", () => {
        const byName = new Map(allAlertRules.map((a) => [a.alert, a]));
        assert.deepEqual(
            ["OrchestratorDown", "HighWorkflowFailureRate", "DatabaseConnectionLoss", "HighMemoryUsage", "DiskSpaceLow"].map((n) => [
                n,
                byName.get(n)?.severity,
                byName.get(n)?.for,
                byName.get(n)?.group,
            ]),
            [
                ["OrchestratorDown", "critical", "1m", "provisioning_critical"],
                ["HighWorkflowFailureRate", "critical", "1m", "provisioning_slo"],
                ["DatabaseConnectionLoss", "critical", "30s", "provisioning_critical"],
                ["HighMemoryUsage", "warning", "5m", "provisioning_alerts"],
                ["DiskSpaceLow", "warning", "5m", "provisioning_alerts"],
            ],
        );
        // The stack's pages (a failed reload, a rule that fails) are states that must persist to mean something. The symptom
        // pages read a 5-minute ratio and hold it a minute longer than that (docs/alerting.md), as the guide's 5m did.
        const symptomPages = ["ManyApiRequestsFailing", "ManyWorkflowsFailing"];
        for (const a of allAlertRules.filter((r) => r.severity === "critical" && r.owner === "platform" && !symptomPages.includes(r.alert))) {
            assert.ok(!a.for || durationSeconds(a.for) <= 60, `${a.alert}: a platform page waits at most the guide's 1m (got ${a.for})`);
        }
        assert.deepEqual(
            symptomPages.map((n) => byName.get(n)?.for),
            ["6m", "6m"],
        );
        assert.match(byName.get("DiskSpaceLow")!.expr, /mountpoint="\/var\/lib\/provisioning"/);
    });

    it("guards every ratio against a zero denominator", () => {
        for (const a of allAlertRules.filter((r) => /\)\s*\/\s*/.test(r.expr) && /rate\(/.test(r.expr))) {
            assert.match(a.expr, /\/ \(.*> 0\)/, `${a.alert}: a rate ratio must divide by (denominator > 0)`);
        }
    });

    it("has exactly one Watchdog: always firing (vector(1)) with severity none", () => {
        const none = allAlertRules.filter((a) => a.severity === "none");
        assert.deepEqual(
            none.map((a) => [a.alert, a.expr, a.for]),
            [["Watchdog", "vector(1)", undefined]],
        );
    });

    it("has a target-down alert per component, on the job named like the component", () => {
        for (const component of componentNames) {
            const down = targetDownAlerts.filter((d) => d.job === component);
            assert.equal(down.length, 1, `no single target-down alert for ${component}`);
            const rule = allAlertRules.find((a) => a.alert === down[0].alert)!;
            assert.equal(rule.expr, `up{job="${component}"} == 0`);
            assert.equal(rule.owner, "stack");
        }
    });
});

describe("metric catalogue", () => {
    it("names every metric once, counters with `_total` and nothing else with it", () => {
        const names = metricCatalog.map((m) => m.name);
        assert.equal(new Set(names).size, names.length, "duplicate metric names");
        for (const m of metricCatalog) {
            assert.equal(m.name.endsWith("_total"), m.type === "counter", `${m.name}: counters, and only counters, end in _total`);
            if (m.type === "histogram") assert.match(m.name, /_seconds$|_bytes$/, `${m.name}: a histogram's name ends in its base unit`);
        }
    });

    it("catalogues the guide's platform metrics under corrected names", () => {
        const names = platformMetrics.map((m) => m.name);
        for (const expected of [
            "provisioning_workflows_failed_total",
            "provisioning_workflows_completed_total",
            "provisioning_tasks_completed_total",
            "provisioning_checkpoint_recoveries_total",
            "provisioning_database_connected",
            "provisioning_workflow_duration_seconds",
            "provisioning_task_duration_seconds",
            "provisioning_api_requests_duration_seconds",
            "provisioning_kms_latency_seconds",
        ]) {
            assert.ok(names.includes(expected), `${expected} missing`);
        }
        // The guide names the API latency histogram the same in its metric list and its query: that name, and no other.
        assert.equal(isKnownMetric("provisioning_api_request_duration_seconds"), false, "the catalogue's old name is gone");
        assert.equal(platformMetrics.find((m) => m.name === "provisioning_api_requests_duration_seconds")?.guideName, undefined);
        for (const guideOnly of ["provisioning_workflows_failed", "provisioning_task_duration"]) {
            assert.equal(isKnownMetric(guideOnly), false, `${guideOnly} is the guide's broken name and must not be queryable`);
        }
    });

    it("knows histogram series, node_exporter, stack-internal and recording-rule names, and nothing else", () => {
        for (const known of [
            "provisioning_api_requests_duration_seconds_bucket",
            "provisioning_workflow_duration_seconds_count",
            "provisioning_kms_latency_seconds_sum",
            "node_filesystem_avail_bytes",
            "up",
            "prometheus_rule_evaluation_failures_total",
            "alertmanager_notifications_failed_total",
            "process_cpu_seconds_total",
            "job:provisioning_api_requests_duration_seconds:p95_rate5m",
        ]) {
            assert.equal(isKnownMetric(known), true, `${known} should be known`);
        }
        for (const unknown of ["up_bucket", "provisioning_workflows_total_count", "node_memory_used_bytes", "provisioning_custom_workflows"]) {
            assert.equal(isKnownMetric(unknown), false, `${unknown} should be unknown`);
        }
    });

    it("names every metric used in an alert or recording rule (read by Prometheus' own PromQL grammar)", () => {
        for (const rule of allRules) {
            const parsed = parsePromql(rule.expr);
            assert.deepEqual(parsed.errors, [], `${rule.name}: ${rule.expr}`);
            assert.ok(parsed.selectors.length > 0 || rule.expr === "vector(1)", `${rule.name}: no selector found in ${rule.expr}`);
            for (const selector of parsed.selectors) {
                assert.ok(selector.metric, `${rule.name}: selector without a metric name: ${selector.text}`);
                assert.ok(isKnownMetric(selector.metric), `${rule.name}: unknown metric ${selector.metric}: ${catalogueMetricHint(selector.metric)}`);
                const spec = findMetric(selector.metric);
                for (const label of selector.labels) {
                    const allowed = targetLabels.has(label) || spec?.labels.includes(label) || (label === "le" && selector.metric.endsWith("_bucket"));
                    assert.ok(
                        allowed,
                        `${rule.name}: ${selector.metric} has no label ${label}; drop the matcher, or add ${label} to the metric's labels in ${metricCatalogueFileFor(selector.metric)}`,
                    );
                }
            }
        }
    });

    it("detects an unknown metric and a syntax error (the check above can fail)", () => {
        assert.deepEqual(
            parsePromql('rate(provisioning_workflows_failed[5m]) / on (job) up{job="x"}').selectors.map((s) => s.metric),
            ["provisioning_workflows_failed", "up"],
        );
        assert.equal(isKnownMetric("provisioning_workflows_failed"), false);
        assert.ok(parsePromql("sum(rate(up[5m])").errors.length > 0);
    });
});

describe("Prometheus rule files", () => {
    it("renders provisioning.yml, stack-health.yml and recording.yml, each marked as generated", () => {
        const files = renderPrometheusRuleFiles(everything);
        assert.deepEqual(Object.keys(files), ["provisioning.yml", "recording.yml", "stack-health.yml"]);
        for (const text of Object.values(files)) assert.ok(text.startsWith(`# ${renderedRulesHeader}\n`));
    });

    it("is deterministic: the same config gives the same bytes", () => {
        assert.deepEqual(renderPrometheusRuleFiles(stack()), renderPrometheusRuleFiles(stack()));
        assert.equal(renderAlertmanagerConfig(stack()), renderAlertmanagerConfig(stack()));
        // Component order in the stack file does not matter.
        const reversed = stack({ components: [...componentNames].reverse() });
        assert.deepEqual(renderPrometheusRuleFiles(reversed), renderPrometheusRuleFiles(stack({ components: componentNames })));
    });

    it("evaluates the critical health rules every second, the other platform groups every 30s (the guide), stack groups at the stack's evaluationInterval", () => {
        const files = renderPrometheusRuleFiles(stack({ evaluationInterval: "20s" }));
        const intervals = Object.values(files).flatMap((text) =>
            (parse(text).groups as { name: string; interval: string }[]).map((g) => `${g.name}=${g.interval}`),
        );
        assert.deepEqual(intervals.sort(), [
            "provisioning_alerts=30s",
            "provisioning_availability=30s",
            "provisioning_control_center=30s",
            "provisioning_critical=1s",
            "provisioning_dashboard_recording=1m",
            "provisioning_dashboard_recording_5m=5m",
            "provisioning_orchestrator=30s",
            "provisioning_recording=20s",
            "provisioning_slo=30s",
            // Rates over a day, three days and the 30d SLO window change slowly: cheap every 5 minutes.
            "provisioning_slo_long_windows=5m",
            "stack_alertmanager=20s",
            "stack_health=20s",
            "stack_node=20s",
            "stack_pipelines=20s",
            "stack_prometheus=20s",
        ]);
    });

    it("renders each alert with its owner and severity labels and summary, description and runbook_url annotations", () => {
        const doc = parse(renderPrometheusRuleFiles(everything)["provisioning.yml"]);
        const rule = doc.groups[0].rules.find((r: { alert: string }) => r.alert === "DatabaseConnectionLoss");
        assert.deepEqual(rule, {
            alert: "DatabaseConnectionLoss",
            expr: "provisioning_database_connected == 0",
            for: "30s",
            labels: { owner: "platform", severity: "critical" },
            annotations: {
                description: "{{ $labels.job }} on {{ $labels.instance }} has had no connection to SurrealDB for more than 30 seconds.",
                runbook_url: "https://runbooks.provisioning.example.com/DatabaseConnectionLoss.md",
                summary: "Database connection lost",
            },
        });
    });
});

describe("alerts per deployed components and jobs", () => {
    const names = (config: StackConfig) => alertCatalog(config).map((a) => a.alert);
    const downAlerts = (config: StackConfig) =>
        names(config).filter((n) => targetDownAlerts.some((d) => d.alert === n && componentNames.includes(d.job as never)));

    it("has a target-down alert for each deployed component only", () => {
        assert.deepEqual(downAlerts(everything), [
            "PrometheusDown",
            "GrafanaDown",
            "LokiDown",
            "PromtailDown",
            "TempoDown",
            "AlertmanagerDown",
            "NodeExporterDown",
        ]);
        assert.deepEqual(downAlerts(stack({ components: ["prometheus"] })), ["PrometheusDown"]);
        assert.deepEqual(downAlerts(stack({ components: ["prometheus", "alertmanager", "node-exporter"] })), [
            "PrometheusDown",
            "AlertmanagerDown",
            "NodeExporterDown",
        ]);
    });

    it("drops Alertmanager and node_exporter alerts and rules when those components are absent", () => {
        const prometheusOnly = stack({ components: ["prometheus"] });
        for (const gone of [
            "AlertmanagerNotificationsFailing",
            "AlertmanagerConfigReloadFailed",
            "PrometheusNotificationsFailing",
            "HighMemoryUsage",
            "DiskSpaceLow",
        ]) {
            assert.ok(names(everything).includes(gone), `${gone} missing from the full stack`);
            assert.ok(!names(prometheusOnly).includes(gone), `${gone} deployed without its component`);
        }
        assert.ok(names(prometheusOnly).includes("Watchdog"));
        assert.ok(recordingRulesFor(everything).some((r) => r.record.startsWith("instance:node_")));
        assert.ok(!recordingRulesFor(prometheusOnly).some((r) => r.record.startsWith("instance:node_")));
    });

    it("drops a platform service's down alert when the stack does not scrape its job", () => {
        const onlyOrchestrator = stack({ platformTargets: [{ job: "provisioning-orchestrator", targets: ["orchestrator:8080"] }] });
        const down = names(onlyOrchestrator).filter((n) => ["OrchestratorDown", "ControlCenterDown", "VaultServiceDown"].includes(n));
        assert.deepEqual(down, ["OrchestratorDown"]);
        assert.deepEqual(
            names(everything).filter((n) => ["OrchestratorDown", "ControlCenterDown", "VaultServiceDown"].includes(n)),
            ["OrchestratorDown", "ControlCenterDown", "VaultServiceDown"],
        );
    });
});

describe("routing spec and alertmanager.yml", () => {
    it("sends every route to a declared receiver and has a route for every severity (info's own, so maintenance can mute it)", () => {
        const receivers = routingSpec.receivers.map((r) => r.name);
        for (const r of [routingSpec.route, ...routingSpec.route.routes]) assert.ok(receivers.includes(r.receiver), r.receiver);
        const routed = routingSpec.route.routes.flatMap((r) => r.matchers.filter((m) => m.label === "severity").map((m) => m.value));
        assert.deepEqual([...new Set(routed)].sort(), ["critical", "info", "none", "warning"]);
        assert.equal(routingSpec.route.routes[0].receiver, "blackhole", "the Watchdog route must come first");
    });

    it("inhibits with matchers only, covering every target-down alert", () => {
        const text = renderAlertmanagerConfig(everything);
        assert.doesNotMatch(text, /^\s*(match|match_re|source_match|target_match|source_match_re|target_match_re):/m);
        // Read back from the rendered file, not from the spec that rendered it.
        const inhibit = parse(text).inhibit_rules as { source_matchers: string[] }[];
        const downSource = inhibit.map((r) => r.source_matchers[0]).find((m) => m.startsWith("alertname=~"));
        assert.ok(downSource, JSON.stringify(inhibit));
        const regex = new RegExp(`^(?:${JSON.parse(downSource.slice("alertname=~".length))})$`);
        for (const d of targetDownAlerts) assert.ok(regex.test(d.alert), `${d.alert} does not inhibit its job's warnings`);
        assert.ok(regex.test("OrchestratorDown") && regex.test("PrometheusDown") && !regex.test("HighMemoryUsage"));
        assert.equal(formatMatcher(routingSpec.inhibitions[0].source[0]), 'severity="critical"');
    });

    it("renders receivers without integrations when no channel is enabled, and secrets only as file paths", () => {
        const dev = parse(renderAlertmanagerConfig(stack({ notificationChannels: [] })));
        assert.deepEqual(dev.receivers, [
            { name: "team-email" },
            { name: "pagerduty" },
            { name: "slack" },
            { name: "blackhole" },
            { name: "dead-mans-switch" },
        ]);
        assert.equal(dev.global.resolve_timeout, "5m");

        const prod = parse(
            renderAlertmanagerConfig(
                parseStackConfig(
                    {
                        "monitoring:notificationChannels": '["email","pagerduty","slack"]',
                        "monitoring:alertEmailTo": "ops@example.com",
                        "monitoring:alertEmailFrom": "alerts@provisioning.example.com",
                        "monitoring:smtpSmarthost": "smtp.example.com:587",
                        "monitoring:slackChannel": "#provisioning-alerts",
                        "monitoring:pagerdutyServiceKey": "pd-secret",
                        "monitoring:slackWebhookUrl": "https://hooks.slack.example/secret",
                    },
                    "prod",
                ),
            ),
        );
        const receiver = (name: string) => prod.receivers.find((r: { name: string }) => r.name === name);
        assert.deepEqual(receiver("team-email").email_configs, [
            { to: "ops@example.com", from: "alerts@provisioning.example.com", smarthost: "smtp.example.com:587", send_resolved: true },
        ]);
        assert.deepEqual(receiver("pagerduty").pagerduty_configs, [
            { service_key_file: "/etc/alertmanager/secrets/pagerduty-service-key", send_resolved: true },
        ]);
        assert.equal(receiver("slack").slack_configs[0].api_url_file, "/etc/alertmanager/secrets/slack-webhook-url");
        assert.equal(receiver("slack").slack_configs[0].channel, "#provisioning-alerts");
        const text = JSON.stringify(prod);
        assert.ok(!text.includes("pd-secret") && !text.includes("hooks.slack.example"), "a secret value reached alertmanager.yml");
    });

    it("authenticates to SMTP through a password file only when the smtpPassword secret is set", () => {
        const withPassword = parse(
            renderAlertmanagerConfig(
                stack({
                    notificationChannels: ["email"],
                    alertEmailTo: "ops@example.com",
                    alertEmailFrom: "alerts@example.com",
                    smtpSmarthost: "smtp.example.com:587",
                    smtpPassword: "hunter2",
                }),
            ),
        );
        const email = withPassword.receivers[0].email_configs[0];
        assert.equal(email.auth_username, "alerts@example.com");
        assert.equal(email.auth_password_file, "/etc/alertmanager/secrets/smtp-password");
        assert.ok(!JSON.stringify(withPassword).includes("hunter2"));
    });
});
