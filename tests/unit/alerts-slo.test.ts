// Issue 15's guarantees: SLO burn-rate alerts as the workbook writes them, traffic floors, the metric contract and its
// buckets, the same labels in Prometheus and Grafana, the severity policy, and nothing vanishing silently.
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { parse } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { StackConfig } from "../../model/config/types";
import { renderPrometheusConfig } from "../../render/prometheus/config";
import { grafanaRuleGroupSpecs } from "../../render/grafana-content/alert-rule-groups";
import { alertCatalog, allAlertRules, histogramThresholds, recordingRulesFor } from "../../alerts/catalog";
import { HistogramThreshold, MetricContract, metricContract } from "../../alerts/metric-contract";
import { metricContractPath, renderMetricContract } from "../../scripts/render-metric-contract";
import { renderPrometheusRuleFiles } from "../../render/prometheus/rule-files";
import { recordingRules } from "../../alerts/recording-rules";
import { notificationFailureFallbacks, routingSpec } from "../../alerts/routing";
import { eventsRecord, pageWindows, sloAlerts, slos, ticketWindows } from "../../alerts/slo";
import { availabilityAlerts } from "../../alerts/catalog-availability";
import { stackFailureAlerts } from "../../alerts/catalog-stack-failures";
import { isKnownMetric } from "../support/metric-lookup";
import { loadRawStackConfig, secretsNeededBy, stackNames } from "../support/stack-files";
import { parsePromql } from "../tools/promql";

function stackFile(stack: string, evaluator: "grafana" | "prometheus"): StackConfig {
    const raw = loadRawStackConfig(stack, secretsNeededBy(loadRawStackConfig(stack)));
    return parseStackConfig({ ...raw, "monitoring:platformAlertsEvaluator": evaluator }, stack);
}

function minimal(components: readonly string[], jobs: readonly string[] = []): StackConfig {
    const targets = jobs.map((job) => ({ job, targets: [`${job}:8080`] }));
    return parseStackConfig({ "monitoring:components": JSON.stringify(components), "monitoring:platformTargets": JSON.stringify(targets) }, "minimal");
}

type Rule = { alert?: string; record?: string; labels?: Record<string, string> };
const renderedAlerts = (config: StackConfig): Rule[] =>
    Object.values(renderPrometheusRuleFiles(config))
        .flatMap((text) => (parse(text).groups as { rules: Rule[] }[]).flatMap((g) => g.rules))
        .filter((r) => r.alert !== undefined);

describe("SLOs: multi-window, multi-burn-rate alerts (Google's SRE workbook)", () => {
    it("pages on 14.4x over 1h and 5m or 6x over 6h and 30m, tickets on 3x over 1d and 2h or 1x over 3d and 6h", () => {
        assert.deepEqual(pageWindows, [
            { long: "1h", short: "5m", factor: 14.4 },
            { long: "6h", short: "30m", factor: 6 },
        ]);
        assert.deepEqual(ticketWindows, [
            { long: "1d", short: "2h", factor: 3 },
            { long: "3d", short: "6h", factor: 1 },
        ]);
        const byName = new Map(allAlertRules.map((a) => [a.alert, a]));
        // Quiet for an hour after the symptom page of its job (ManyWorkflowsFailing): one page per outage.
        assert.equal(
            byName.get("HighWorkflowFailureRate")!.expr,
            "((job:provisioning_workflows_failed:ratio_rate1h > 0.144 and job:provisioning_workflows_failed:ratio_rate5m > 0.144 " +
                "and job:provisioning_workflows_finished:rate1h * 3600 >= 20) or " +
                "(job:provisioning_workflows_failed:ratio_rate6h > 0.06 and job:provisioning_workflows_failed:ratio_rate30m > 0.06 " +
                "and job:provisioning_workflows_finished:rate6h * 3600 >= 20)) " +
                'unless on (job) max_over_time(ALERTS{alertname="ManyWorkflowsFailing", alertstate="firing"}[1h])',
        );
        // 99.9%: 14.4 x 0.1% (and not 0.0014400000000000014, what floating point makes of 1 - 0.999).
        assert.match(byName.get("ApiHighErrorRate")!.expr, /^\(\(job:provisioning_api_requests_errors:ratio_rate1h > 0\.0144 and /);
        assert.match(
            byName.get("ApiErrorBudgetBurn")!.expr,
            /ratio_rate1d > 0\.003 and .*ratio_rate2h > 0\.003 .* or .*ratio_rate3d > 0\.001 and .*ratio_rate6h > 0\.001 /,
        );
        for (const slo of slos) {
            assert.deepEqual([byName.get(slo.page.alert)!.severity, byName.get(slo.ticket.alert)!.severity], ["critical", "info"], slo.id);
        }
    });

    it("divides failed workflows by finished ones (failed + completed), never by created ones", () => {
        const ratio = recordingRules.find((r) => r.record === "job:provisioning_workflows_failed:ratio_rate1h")!;
        assert.equal(
            ratio.expr,
            "sum by (job) (rate(provisioning_workflows_failed_total[1h])) / ((sum by (job) (rate(provisioning_workflows_failed_total[1h])) + " +
                "sum by (job) (rate(provisioning_workflows_completed_total[1h]))) > 0)",
        );
        assert.ok(!recordingRules.some((r) => r.record.includes("workflows_failed") && r.expr.includes("provisioning_workflows_total")));
    });

    it("counts a latency SLO's bad events above the threshold's bucket, in the client's and in Prometheus 3's spelling of le", () => {
        const slow = recordingRules.find((r) => r.record === "job:provisioning_api_requests_slow:ratio_rate5m")!;
        assert.ok(slow.expr.includes('provisioning_api_requests_duration_seconds_bucket{le=~"1(\\\\.0)?"}'), slow.expr);
        const kms = recordingRules.find((r) => r.record === "job:provisioning_kms_operations_slow:ratio_rate5m")!;
        assert.ok(kms.expr.includes('provisioning_kms_latency_seconds_bucket{le="0.5"}'), kms.expr);
    });

    it("records every SLO's error ratio over each window and its traffic over each floor's window, only for a scraped job", () => {
        const full = recordingRulesFor(stackFile("dev", "prometheus")).map((r) => r.record);
        for (const w of ["5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"]) assert.ok(full.includes(`job:provisioning_kms_operations_slow:ratio_rate${w}`), w);
        for (const w of ["1h", "6h", "1d", "3d"]) assert.ok(full.includes(`job:provisioning_api_requests:rate${w}`), w);
        const orchestratorOnly = recordingRulesFor(minimal(["prometheus"], ["provisioning-orchestrator"])).map((r) => r.record);
        assert.ok(orchestratorOnly.includes("job:provisioning_workflows_failed:ratio_rate30d"));
        assert.ok(!orchestratorOnly.some((r) => r.includes("kms_operations_slow") || r.includes("api_requests_errors")));
    });
});

describe("traffic floors", () => {
    // Ratios and quantiles of events; HighMemoryUsage, DiskSpaceLow and the node ratios divide gauges, not events.
    const eventRatio = /histogram_quantile|ratio_rate|p95_rate|rate\([^)]*\)\)?\s*\//;

    it("puts a floor, stated as data, on every alert over a ratio or a quantile of events, and applies it in the expression", () => {
        const sloAlerts = new Map(
            slos.flatMap(
                (s) =>
                    [
                        [s.page.alert, s],
                        [s.ticket.alert, s],
                    ] as const,
            ),
        );
        const unfloored: string[] = [];
        for (const a of allAlertRules.filter((r) => eventRatio.test(r.expr))) {
            const slo = sloAlerts.get(a.alert);
            if (slo) {
                const windows = slo.page.alert === a.alert ? pageWindows : ticketWindows;
                for (const w of windows)
                    assert.ok(a.expr.includes(`${eventsRecord(slo, w.long)} * 3600 >= ${slo.minEventsPerHour}`), `${a.alert}: no floor over ${w.long}`);
            } else if (!a.trafficFloor || !a.expr.includes(`${a.trafficFloor.events} >= ${a.trafficFloor.minEvents}`)) {
                unfloored.push(a.alert);
            }
        }
        assert.deepEqual(unfloored, []);
        // The check above sees the alerts it must see.
        const checked = allAlertRules.filter((r) => eventRatio.test(r.expr)).map((a) => a.alert);
        for (const name of ["HighAuthFailureRatio", "SlowWorkflows", "LokiRequestErrors", "AlertmanagerNotificationsFailing", "ApiHighLatency"]) {
            assert.ok(checked.includes(name), name);
        }
    });
});

/**
 * One line per threshold that its histogram cannot show: beyond the last finite bucket (a quantile is then capped at
 * that bucket and never crosses the threshold), or, for an SLO, not one of the bucket bounds.
 */
function histogramThresholdProblems(thresholds: readonly HistogramThreshold[], contract: readonly MetricContract[] = metricContract): string[] {
    const problems: string[] = [];
    for (const t of thresholds) {
        const buckets = contract.find((c) => c.metric === t.histogram)?.buckets;
        if (!buckets || buckets.length === 0) {
            problems.push(`${t.usedBy}: the contract names no buckets for ${t.histogram}`);
            continue;
        }
        const last = buckets[buckets.length - 1];
        if (!(t.threshold < last)) problems.push(`${t.usedBy}: threshold ${t.threshold}s is not below the last finite bucket (${last}s) of ${t.histogram}`);
        if (t.mustBeBucketBound && !buckets.includes(t.threshold)) {
            problems.push(`${t.usedBy}: threshold ${t.threshold}s is not a bucket bound of ${t.histogram} (${buckets.join(", ")})`);
        }
    }
    return problems;
}

describe("metric contract", () => {
    it("has buckets past every alert's and SLO's histogram threshold, and each SLO threshold on a bucket bound", () => {
        assert.deepEqual(histogramThresholdProblems(histogramThresholds), []);
        assert.deepEqual(
            histogramThresholds.map((t) => `${t.usedBy} ${t.histogram} ${t.threshold}`),
            [
                "SlowWorkflows provisioning_workflow_duration_seconds 60",
                "SLO api-latency provisioning_api_requests_duration_seconds 1",
                "SLO kms-latency provisioning_kms_latency_seconds 0.5",
            ],
        );
    });

    it("fails a threshold beyond the last finite bucket (the Rust client's default buckets end at 10s) or off the bucket bounds", () => {
        const rustDefaults = [
            { metric: "provisioning_workflow_duration_seconds", buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], rule: "" },
        ];
        assert.deepEqual(
            histogramThresholdProblems(
                [{ usedBy: "SlowWorkflows", histogram: "provisioning_workflow_duration_seconds", threshold: 60, mustBeBucketBound: false }],
                rustDefaults,
            ),
            ["SlowWorkflows: threshold 60s is not below the last finite bucket (10s) of provisioning_workflow_duration_seconds"],
        );
        assert.deepEqual(
            histogramThresholdProblems(
                [{ usedBy: "SLO x", histogram: "provisioning_workflow_duration_seconds", threshold: 0.3, mustBeBucketBound: true }],
                rustDefaults,
            ),
            ["SLO x: threshold 0.3s is not a bucket bound of provisioning_workflow_duration_seconds (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)"],
        );
    });

    it("lists every histogram threshold an alert reads (no quantile alert escapes the bucket check)", () => {
        const readers = allAlertRules.filter((a) => /histogram_quantile|_bucket\b|p95_rate/.test(a.expr)).map((a) => a.alert);
        assert.deepEqual(
            readers.filter((name) => !histogramThresholds.some((t) => t.usedBy === name)),
            [],
        );
    });

    it("requires a status class on API requests and states every histogram's buckets", () => {
        assert.deepEqual(metricContract.find((c) => c.metric === "provisioning_api_requests_total")!.labelValues, {
            status_class: ["2xx", "3xx", "4xx", "5xx"],
        });
        for (const name of [
            "provisioning_api_requests_duration_seconds",
            "provisioning_workflow_duration_seconds",
            "provisioning_task_duration_seconds",
            "provisioning_kms_latency_seconds",
        ]) {
            assert.ok((metricContract.find((c) => c.metric === name)?.buckets ?? []).length > 0, name);
        }
    });

    it(`is rendered to ${metricContractPath} (run \`npm run metric-contract\` after changing it)`, () => {
        assert.equal(readFileSync(metricContractPath, "utf8"), renderMetricContract());
    });
});

describe("labels: cluster, owner and severity on every alert, in Prometheus and in Grafana", () => {
    for (const stack of stackNames()) {
        for (const evaluator of ["grafana", "prometheus"] as const) {
            it(`${stack}, platform alerts evaluated by ${evaluator}`, () => {
                const config = stackFile(stack, evaluator);
                // Prometheus adds its external labels to every alert it sends: cluster comes from there.
                const external = parse(renderPrometheusConfig(config)).global.external_labels;
                assert.equal(external.cluster, config.cluster);
                const prometheus = renderedAlerts(config);
                const grafana = grafanaRuleGroupSpecs(config).flatMap((g) => g.rules.map((r) => ({ alert: r.name, labels: r.labels })));
                assert.equal(prometheus.length + grafana.length, alertCatalog(config).length);
                for (const rule of [...prometheus.map((r) => ({ ...r, labels: { cluster: external.cluster, ...r.labels } })), ...grafana]) {
                    const catalogued = allAlertRules.find((a) => a.alert === rule.alert)!;
                    assert.deepEqual(
                        rule.labels,
                        { cluster: config.cluster, owner: catalogued.owner === "platform" ? "platform" : "monitoring", severity: catalogued.severity },
                        rule.alert,
                    );
                }
            });
        }
    }
});

describe("severity policy (docs/alerting.md)", () => {
    const bySeverity = (severity: string) =>
        allAlertRules
            .filter((a) => a.severity === severity)
            .map((a) => a.alert)
            .sort();

    it("pages for loss of alerting, data loss in progress and user-facing failures, fast SLO burns included", () => {
        assert.deepEqual(bySeverity("critical"), [
            "AlertmanagerClusterFailedToSendAlerts",
            "AlertmanagerConfigReloadFailed",
            "AlertmanagerNotificationsFailing",
            "ApiHighErrorRate",
            "ApiHighLatency",
            "ControlCenterDown",
            "ControlCenterTargetMissing",
            "DatabaseConnectionLoss",
            "HighWorkflowFailureRate",
            "KmsHighLatency",
            "ManyApiRequestsFailing",
            "ManyWorkflowsFailing",
            "NodeFilesystemSpaceFillingUp",
            "OrchestratorDown",
            "OrchestratorTargetMissing",
            "PlatformServiceCrashLooping",
            "PrometheusConfigReloadFailed",
            "PrometheusErrorSendingAlertsToAnyAlertmanager",
            "PrometheusNotConnectedToAlertmanager",
            "PrometheusNotIngestingSamples",
            "PrometheusRemoteStorageFailures",
            "PrometheusRemoteWriteBehind",
            "PrometheusRuleEvaluationFailures",
            "PromtailDroppingEntries",
            "VaultServiceDown",
            "VaultServiceTargetMissing",
        ]);
    });

    it("files the slow SLO burns as tickets (info, by e-mail)", () => {
        assert.deepEqual(bySeverity("info"), ["ApiErrorBudgetBurn", "ApiLatencyBudgetBurn", "KmsLatencyBudgetBurn", "WorkflowFailureBudgetBurn"]);
        const info = routingSpec.route.routes.find((r) => r.matchers.some((m) => m.label === "severity" && m.value === "info"))!;
        assert.equal(info.receiver, "team-email");
    });

    it("reports a failing integration through every other channel, never through itself", () => {
        const channelOf = new Map(routingSpec.receivers.map((r) => [r.name, r.channel]));
        for (const [integration, receivers] of Object.entries(notificationFailureFallbacks)) {
            const routes = routingSpec.route.routes.filter((r) => r.matchers.some((m) => m.label === "integration" && m.value === integration));
            assert.deepEqual(
                routes.map((r) => r.receiver),
                [...receivers],
                integration,
            );
            assert.ok(!routes.some((r) => channelOf.get(r.receiver) === integration), `${integration} failures routed to ${integration}`);
            assert.equal(routes.length - 1, routes.filter((r) => r.continue === true).length, `${integration}: each fallback but the last continues`);
        }
        assert.deepEqual(Object.keys(notificationFailureFallbacks).sort(), ["email", "pagerduty", "slack"]);
    });
});

describe("nothing vanishes silently", () => {
    const names = (config: StackConfig) => alertCatalog(config).map((a) => a.alert);

    it("has an absent-target alert for each deployed component and scraped platform job only", () => {
        const missing = (config: StackConfig) => names(config).filter((n) => n.endsWith("TargetMissing"));
        assert.deepEqual(missing(minimal(["prometheus", "node-exporter"], ["provisioning-orchestrator"])), [
            "OrchestratorTargetMissing",
            "PrometheusTargetMissing",
            "NodeExporterTargetMissing",
        ]);
        const expr = allAlertRules.find((a) => a.alert === "NodeExporterTargetMissing")!.expr;
        assert.equal(expr, 'absent(up{job="node-exporter"})');
    });

    it("detects crash loops from restarts, never from `up` flapping, and without `for` (a restarting target resets every `for`)", () => {
        const jobs = "provisioning-orchestrator|provisioning-control-center|provisioning-vault-service";
        const rule = allAlertRules.find((a) => a.alert === "PlatformServiceCrashLooping")!;
        assert.equal(rule.for, undefined);
        assert.equal(
            rule.expr,
            `changes(process_start_time_seconds{job=~"${jobs}"}[15m]) >= 2 or on (job, instance) ` +
                '(max by (namespace, pod) (increase(kube_pod_container_status_restarts_total{job="kube-state-metrics"}[15m])) >= 2) ' +
                `* on (namespace, pod) group_left (job, instance) group by (namespace, pod, job, instance) (up{job=~"${jobs}"})`,
        );
        const stack = allAlertRules.find((a) => a.alert === "StackComponentCrashLooping")!;
        assert.equal(stack.for, undefined);
        for (const a of allAlertRules) assert.doesNotMatch(a.expr, /changes\(up\b/, `${a.alert} reads up flaps as restarts`);
    });
});

describe("runbooks of the alerts this issue added or changed the meaning of", () => {
    const sections = ["## Meaning", "## Impact", "## First checks", "## Mitigation", "## Escalation"];
    // The SLO pages keep the names of the alerts they replace (HighWorkflowFailureRate, ApiHighLatency, KmsHighLatency).
    const added = [...sloAlerts, ...availabilityAlerts, ...stackFailureAlerts];

    it("has runbooks/<AlertName>.md with the five sections, and PromQL that parses and names catalogued metrics only", () => {
        assert.equal(added.length, 48);
        for (const a of added) {
            const text = readFileSync(`runbooks/${a.alert}.md`, "utf8");
            assert.ok(text.startsWith(`# ${a.alert}\n`), a.alert);
            assert.deepEqual(
                text.split("\n").filter((l) => l.startsWith("## ")),
                sections,
                a.alert,
            );
            for (const [, block] of text.matchAll(/```promql\n([\s\S]*?)```/g)) {
                for (const query of block.trim().split("\n")) {
                    const parsed = parsePromql(query);
                    assert.deepEqual(parsed.errors, [], `${a.alert}: ${query}`);
                    for (const s of parsed.selectors) assert.ok(isKnownMetric(s.metric ?? ""), `${a.alert}: ${s.metric}`);
                }
            }
        }
    });
});
