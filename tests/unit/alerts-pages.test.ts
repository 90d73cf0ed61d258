// Issue 24's guarantees, literally: symptom pages next to the SLO pages, one page per outage, every real filesystem
// watched, crash loops from restarts only, counts that scale with traffic, floors a quiet stack reaches.
import { strict as assert } from "assert";
import { parse } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { allAlertRules } from "../../alerts/catalog";
import { ruleGroups } from "../../alerts/groups";
import { recordingRules } from "../../alerts/recording-rules";
import { renderPrometheusRuleFiles } from "../../render/prometheus/rule-files";

const rule = (name: string) => allAlertRules.find((a) => a.alert === name)!;
const realFs = 'fstype!~"tmpfs|overlay|squashfs|nsfs|ramfs"';

describe("symptom pages next to the SLO pages (docs/alerting.md)", () => {
    it("pages on over 10% of finished workflows and over 2% of API requests failing over 5 minutes, held 6 minutes, above a floor", () => {
        assert.deepEqual(
            ["ManyWorkflowsFailing", "ManyApiRequestsFailing"].map((n) => [rule(n).expr, rule(n).for, rule(n).severity, rule(n).group]),
            [
                [
                    "job:provisioning_workflows_failed:ratio_rate5m > 0.1 and on (job) job:provisioning_workflows_finished:rate5m * 300 >= 10",
                    "6m",
                    "critical",
                    "provisioning_slo",
                ],
                [
                    "job:provisioning_api_requests_errors:ratio_rate5m > 0.02 and on (job) job:provisioning_api_requests:rate5m * 300 >= 300",
                    "6m",
                    "critical",
                    "provisioning_slo",
                ],
            ],
        );
        // The floor's 5-minute rate of finished workflows is recorded; the API's request rate was already.
        assert.equal(
            recordingRules.find((r) => r.record === "job:provisioning_workflows_finished:rate5m")?.expr,
            "(sum by (job) (rate(provisioning_workflows_failed_total[5m])) + sum by (job) (rate(provisioning_workflows_completed_total[5m])))",
        );
        assert.equal(recordingRules.filter((r) => r.record === "job:provisioning_api_requests:rate5m").length, 1);
    });

    it("keeps every page over a ratio of events firing 10 minutes after its condition ends, in Prometheus' rule files only", () => {
        const keeping = allAlertRules.filter((a) => a.keepFiringFor).map((a) => `${a.alert} ${a.keepFiringFor}`);
        assert.deepEqual(keeping, [
            "HighWorkflowFailureRate 10m",
            "ManyWorkflowsFailing 10m",
            "ApiHighErrorRate 10m",
            "ManyApiRequestsFailing 10m",
            "ApiHighLatency 10m",
            "KmsHighLatency 10m",
        ]);
        // Grafana's rules get no keep_firing_for: these groups are always evaluated by Prometheus.
        for (const a of allAlertRules.filter((r) => r.keepFiringFor)) {
            assert.equal(ruleGroups.find((g) => g.name === a.group)?.alwaysPrometheus, true, a.alert);
        }
        const withJobs = parseStackConfig({ "monitoring:platformTargets": JSON.stringify([{ job: "provisioning-orchestrator", targets: ["o:8080"] }]) }, "dev");
        const slo = (parse(renderPrometheusRuleFiles(withJobs)["provisioning.yml"]).groups as { name: string; rules: Record<string, string>[] }[]).find(
            (g) => g.name === "provisioning_slo",
        )!;
        assert.deepEqual(
            slo.rules.map((r) => [r.alert, r.for, r.keep_firing_for]),
            [
                ["HighWorkflowFailureRate", "1m", "10m"],
                ["ManyWorkflowsFailing", "6m", "10m"],
                ["WorkflowFailureBudgetBurn", "15m", undefined],
            ],
        );
    });

    it("keeps the burn-rate page quiet for an hour after its symptom page: one page per outage", () => {
        for (const [page, symptom] of [
            ["HighWorkflowFailureRate", "ManyWorkflowsFailing"],
            ["ApiHighErrorRate", "ManyApiRequestsFailing"],
        ]) {
            assert.ok(rule(page).expr.endsWith(` unless on (job) max_over_time(ALERTS{alertname="${symptom}", alertstate="firing"}[1h])`), page);
        }
        for (const page of ["ApiHighLatency", "KmsHighLatency"]) assert.doesNotMatch(rule(page).expr, /ALERTS/, page);
    });
});

describe("every real filesystem, as node-mixin watches them", () => {
    it("warns under 10% free on every writable, real filesystem but the guide's mount (DiskSpaceLow's), after 15 minutes", () => {
        const a = rule("NodeFilesystemAlmostOutOfSpace");
        assert.deepEqual(
            [a.expr, a.for, a.severity],
            [
                `node_filesystem_avail_bytes{${realFs}, mountpoint!="/var/lib/provisioning"} / node_filesystem_size_bytes{${realFs}, mountpoint!="/var/lib/provisioning"} < 0.1 ` +
                    `and on (instance, device, mountpoint) node_filesystem_readonly{${realFs}} == 0`,
                "15m",
                "warning",
            ],
        );
        assert.match(rule("DiskSpaceLow").expr, /mountpoint="\/var\/lib\/provisioning"/);
    });

    it("pages when a writable, real filesystem is full within 4 hours at the last hour's rate (under 40% free), or under 3% free", () => {
        const a = rule("NodeFilesystemSpaceFillingUp");
        const free = `node_filesystem_avail_bytes{${realFs}} / node_filesystem_size_bytes{${realFs}}`;
        assert.deepEqual(
            [a.expr, a.for, a.severity],
            [
                `(${free} < 0.4 and predict_linear(node_filesystem_avail_bytes{${realFs}}[1h], 4 * 3600) < 0 or ${free} < 0.03) ` +
                    `and on (instance, device, mountpoint) node_filesystem_readonly{${realFs}} == 0`,
                "30m",
                "critical",
            ],
        );
    });
});

describe("counts that scale with traffic, floors a quiet stack reaches", () => {
    it("counts checkpoint recoveries against the workflows created meanwhile, not against a fixed 3", () => {
        assert.equal(
            rule("CheckpointRecoveries").expr,
            "sum by (job) (increase(provisioning_checkpoint_recoveries_total[30m])) > 3 and on (job) " +
                "sum by (job) (increase(provisioning_checkpoint_recoveries_total[30m])) > 0.1 * sum by (job) (increase(provisioning_workflows_total[30m]))",
        );
    });

    it("leaves out slow workflows as slow as within half an hour of this time yesterday (the nightly batch hour)", () => {
        assert.ok(
            rule("SlowWorkflows").expr.endsWith(
                " unless on (job) job:provisioning_workflow_duration_seconds:p95_rate5m <= 1.5 * " +
                    "max_over_time(job:provisioning_workflow_duration_seconds:p95_rate5m[1h] offset 23h30m)",
            ),
        );
    });

    it("judges Prometheus' sends from one alert sent in 5 minutes (the Watchdog alone sends 4 or 5)", () => {
        assert.ok(rule("PrometheusNotificationsFailing").expr.endsWith(" >= 1"), rule("PrometheusNotificationsFailing").expr);
        assert.deepEqual(
            ["PrometheusNotificationsFailing", "PrometheusErrorSendingAlertsToAnyAlertmanager"].map((n) => rule(n).trafficFloor?.minEvents),
            [1, 1],
        );
    });
});
