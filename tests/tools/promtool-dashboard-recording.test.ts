// The dashboard recording rules (alerts/recording-rules-dashboards.ts), evaluated by the real promtool: each records the
// value the heavy panel computed from raw series.
import { strict as assert } from "assert";
import { stringify } from "yaml";
import { renderPrometheusRuleFiles } from "../../render/prometheus/rule-files";
import { assertSucceeded, makeTempDir, removeDir, runTool, writeFiles } from "../../support/run-tool";
import { loadStackConfig } from "../../support/stack-files";

const node = (mode: string, cpu: string) => `node_cpu_seconds_total{job="node-exporter", instance="n1", cpu="${cpu}", mode="${mode}"}`;
const fs = (name: string, mountpoint: string, fstype: string) =>
    `${name}{job="node-exporter", instance="n1", device="sda", fstype="${fstype}", mountpoint="${mountpoint}"}`;

// One sample a minute; counters grow linearly, so every 5m rate is exact.
const inputSeries = [
    { series: node("user", "0"), values: "0+30x20" }, // 0.5 s/s
    { series: node("user", "1"), values: "0+15x20" }, // 0.25 s/s
    { series: node("idle", "0"), values: "0+30x20" }, // left out
    { series: fs("node_filesystem_avail_bytes", "/", "ext4"), values: "25x20" },
    { series: fs("node_filesystem_size_bytes", "/", "ext4"), values: "100x20" },
    { series: fs("node_filesystem_avail_bytes", "/run", "tmpfs"), values: "1x20" },
    { series: fs("node_filesystem_size_bytes", "/run", "tmpfs"), values: "100x20" },
];

const tests = [
    {
        expr: "instance_mode:node_cpu_seconds:avg_rate5m",
        exp_samples: [{ labels: 'instance_mode:node_cpu_seconds:avg_rate5m{job="node-exporter", instance="n1", mode="user"}', value: 0.375 }],
    },
    {
        expr: "instance_mountpoint:node_filesystem_used:ratio",
        exp_samples: [
            {
                labels: 'instance_mountpoint:node_filesystem_used:ratio{job="node-exporter", instance="n1", device="sda", fstype="ext4", mountpoint="/"}',
                value: 0.75,
            },
        ],
    },
];

describe("promtool on the dashboard recording rules", () => {
    let dir: string | undefined;
    after(() => removeDir(dir));

    it("records what the heavy panels computed from raw series", function () {
        this.timeout(60_000);
        dir = makeTempDir("dashboard-recording");
        const testFile = stringify({
            rule_files: ["recording.yml"],
            evaluation_interval: "1m",
            tests: [{ interval: "1m", input_series: inputSeries, promql_expr_test: tests.map((t) => ({ ...t, eval_time: "10m" })) }],
        });
        writeFiles(dir, { "recording.yml": renderPrometheusRuleFiles(loadStackConfig("dev"))["recording.yml"], "recording.test.yml": testFile });
        const result = runTool("promtool", ["test", "rules", "recording.test.yml"], dir);
        assertSucceeded(result);
        assert.match(result.stdout, /SUCCESS/);
    });
});
