// The heavy panels (issue 13's query speed) read the dashboard recording rules' series, filtered by the same variables
// (the query benchmark's raw form of them: tests/tools/bench-queries.test.ts).
import { strict as assert } from "assert";
import { dashboardRecordingRules } from "../../alerts/recording-rules-dashboards";
import { buildDashboards } from "../../dashboards/index";
import { panelsOf } from "../../dashboards/skeleton";

type Target = { expr: string; instant?: boolean };
const targetsOf = (uid: string, title: string): Target[] => {
    const d = buildDashboards().find((x) => x.uid === uid);
    const panel = d && panelsOf(d.json).find((p) => p.title === title);
    assert.ok(panel, `${uid} / ${title} not found`);
    return panel.targets as Target[];
};
const filter = `{job=~"$job", instance=~"$instance"}`;

describe("heavy panels over recorded series", () => {
    it("charts CPU by mode and filesystem usage from the recorded series", () => {
        assert.deepEqual(
            targetsOf("prov-system-resources", "CPU by mode").map((t) => t.expr),
            [`avg by (instance, mode) (instance_mode:node_cpu_seconds:avg_rate5m${filter})`],
        );
        assert.deepEqual(
            targetsOf("prov-system-resources", "Filesystem usage").map((t) => t.expr),
            [`instance_mountpoint:node_filesystem_used:ratio${filter}`],
        );
    });

    it("draws the latency panels from recorded bucket rates, and their exemplars from a first target over the raw buckets", () => {
        const panels: [string, string, string][] = [
            ["prov-control-center-api", "Request latency", "provisioning_api_requests_duration_seconds"],
            ["prov-orchestrator", "Workflow duration", "provisioning_workflow_duration_seconds"],
            ["prov-orchestrator", "Task duration", "provisioning_task_duration_seconds"],
            ["prov-vault-kms", "KMS latency", "provisioning_kms_latency_seconds"],
        ];
        for (const [uid, title, h] of panels) {
            const [first, ...rest] = targetsOf(uid, title) as (Target & { exemplar?: boolean })[];
            // Grafana runs an exemplar query only for the first target whose expression contains the histogram's name.
            assert.equal(first.expr, `${h}_bucket{job=~"$job", instance=~"$instance"} @ end() < 0`, `${uid} / ${title}`);
            assert.equal(first.exemplar, true, `${uid} / ${title}`);
            assert.notEqual(first.instant, true, `${uid} / ${title}`);
            assert.deepEqual(
                rest.filter((t) => t.expr.includes(`${h}_bucket`) || t.exemplar === true),
                [],
                `${uid} / ${title}: a later target names the raw buckets or asks for exemplars`,
            );
        }
        assert.deepEqual(
            targetsOf("prov-control-center-api", "Request latency")
                .slice(1)
                .map((t) => t.expr),
            [
                `histogram_quantile(0.5, sum by (job, le) (instance_le:provisioning_api_requests_duration_seconds:rate5m${filter}))`,
                `histogram_quantile(0.95, sum by (job, le) (instance_le:provisioning_api_requests_duration_seconds:rate5m${filter}))`,
                `histogram_quantile(0.99, sum by (job, le) (instance_le:provisioning_api_requests_duration_seconds:rate5m${filter}))`,
                `sum by (job) (instance:provisioning_api_requests_duration_seconds_sum:rate5m${filter}) / sum by (job) (instance:provisioning_api_requests_duration_seconds_count:rate5m${filter})`,
            ],
        );
    });

    it("draws the host and process charts from 5-minute recorded series", () => {
        const exprs = (uid: string, title: string) => targetsOf(uid, title).map((t) => t.expr);
        assert.deepEqual(
            targetsOf("prov-system-resources", "Filesystem space").map((t) => [t.expr, t.instant]),
            ["size", "free", "avail"].map((m) => [
                `node_filesystem_${m}_bytes{job=~"$job", instance=~"$instance", fstype!~"tmpfs|overlay|squashfs|nsfs|ramfs"}`,
                true,
            ]),
        );
        assert.deepEqual(exprs("prov-system-resources", "Network traffic"), [
            `instance_device:node_network_receive_bytes:rate5m${filter}`,
            `instance_device:node_network_transmit_bytes:rate5m${filter}`,
        ]);
        assert.deepEqual(exprs("prov-system-resources", "Inodes used"), [`instance_mountpoint:node_filesystem_files_used:ratio${filter}`]);
        assert.deepEqual(exprs("prov-monitoring-stack", "Samples per scrape"), [`instance:scrape_samples_scraped:avg5m${filter}`]);
        assert.deepEqual(exprs("prov-monitoring-stack", "File descriptors"), [`instance:process_open_fds:ratio${filter}`]);
    });

    it("asks Grafana for at most 200 points on every chart over 5-minute series (5-minute steps at 24 h)", () => {
        const fiveMinute = dashboardRecordingRules.filter((r) => r.group === "provisioning_dashboard_recording_5m").map((r) => r.record);
        const charts = buildDashboards().flatMap((d) =>
            panelsOf(d.json)
                .filter((p) => ((p.targets as Target[] | undefined) ?? []).some((t) => fiveMinute.some((r) => t.expr?.includes(`${r}{`))))
                .map((p) => [`${d.uid} / ${String(p.title)}`, p.maxDataPoints]),
        );
        assert.equal(charts.length, 17);
        assert.deepEqual(
            charts.filter(([, points]) => points !== 200),
            [],
        );
    });

    it("asks the whole-range database stats as instant queries (one evaluation, not one per step)", () => {
        for (const title of ["Connected time", "Connection changes"]) {
            const targets = targetsOf("prov-database", title);
            assert.equal(targets.length, 1, title);
            assert.equal(targets[0].instant, true, title);
        }
    });
});
