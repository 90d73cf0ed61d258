// The dashboard recording rules (alerts/recording-rules-dashboards*.ts), evaluated by the real promtool: each records the
// value the panel's raw query computed (checked per rule as recorded minus raw = 0 at the same instant), with literal
// expected values, and the 5-minute gauges record the mean of the 5 minutes before each evaluation.
import { strict as assert } from "assert";
import { stringify } from "yaml";
import { dashboardRecordingRules } from "../../alerts/recording-rules-dashboards";
import { renderPrometheusRuleFiles } from "../../render/prometheus/rule-files";
import { assertSucceeded, makeTempDir, removeDir, runTool, writeFiles } from "../support/run-tool";
import { loadStackConfig } from "../support/stack-files";

const labelsOf = (pairs: Record<string, string>) =>
    Object.entries(pairs)
        .map(([k, v]) => `${k}="${v}"`)
        .join(", ");
const n1 = { job: "node-exporter", instance: "n1" };
const p1 = { job: "prometheus", instance: "p1" };
const cc = { job: "control-center", instance: "c1" };
const at = (name: string, labels: Record<string, string>) => `${name}{${labelsOf(labels)}}`;
const sda = (mountpoint: string, fstype: string) => ({ ...n1, device: "sda", fstype, mountpoint });

// One sample a minute; counters grow linearly, so every 5m rate is exact; gauges are constant unless said otherwise.
const inputSeries = [
    { series: at("node_cpu_seconds_total", { ...n1, cpu: "0", mode: "user" }), values: "0+30x20" }, // 0.5 s/s
    { series: at("node_cpu_seconds_total", { ...n1, cpu: "1", mode: "user" }), values: "0+15x20" }, // 0.25 s/s
    { series: at("node_cpu_seconds_total", { ...n1, cpu: "0", mode: "idle" }), values: "0+30x20" }, // left out
    ...[
        ["node_filesystem_avail_bytes", "25", "1"],
        ["node_filesystem_size_bytes", "100", "100"],
        ["node_filesystem_free_bytes", "30", "2"],
        ["node_filesystem_files", "1000", "10"],
        ["node_filesystem_files_free", "250", "5"],
    ].flatMap(([name, ext4, tmpfs]) => [
        { series: at(name, sda("/", "ext4")), values: `${ext4}x20` },
        { series: at(name, sda("/run", "tmpfs")), values: `${tmpfs}x20` }, // left out
    ]),
    { series: at("node_memory_MemTotal_bytes", n1), values: "1000x20" },
    { series: at("node_memory_MemAvailable_bytes", n1), values: "400x20" },
    { series: at("node_memory_MemFree_bytes", n1), values: "100x20" },
    { series: at("node_memory_MemFree_bytes", { ...n1, instance: "n2" }), values: "0+10x20" }, // a ramp: recorded as its 5m mean
    { series: at("node_memory_Cached_bytes", n1), values: "300x20" },
    { series: at("node_memory_Buffers_bytes", n1), values: "50x20" },
    { series: at("node_load1", n1), values: "1x20" },
    { series: at("node_load5", n1), values: "2x20" },
    { series: at("node_load15", n1), values: "3x20" },
    { series: at("node_timex_offset_seconds", n1), values: "0.001x20" },
    { series: at("node_vmstat_oom_kill", n1), values: "0+1x20" }, // 5 per 5m
    { series: at("node_filefd_allocated", n1), values: "100x20" },
    { series: at("node_filefd_maximum", n1), values: "1000x20" },
    { series: at("node_disk_read_bytes_total", { ...n1, device: "sda" }), values: "0+60x20" }, // 1 B/s
    { series: at("node_disk_written_bytes_total", { ...n1, device: "sda" }), values: "0+120x20" }, // 2 B/s
    { series: at("node_disk_io_time_seconds_total", { ...n1, device: "sda" }), values: "0+30x20" }, // 0.5
    { series: at("node_network_receive_bytes_total", { ...n1, device: "eth0" }), values: "0+600x20" }, // 10 B/s
    { series: at("node_network_transmit_bytes_total", { ...n1, device: "eth0" }), values: "0+300x20" }, // 5 B/s
    { series: at("node_network_receive_bytes_total", { ...n1, device: "lo" }), values: "0+600x20" }, // left out
    { series: at("node_network_transmit_bytes_total", { ...n1, device: "lo" }), values: "0+600x20" }, // left out
    { series: at("scrape_duration_seconds", p1), values: "0.02x20" },
    { series: at("scrape_samples_scraped", p1), values: "500x20" },
    { series: at("process_resident_memory_bytes", p1), values: "100000000x20" },
    { series: at("process_virtual_memory_bytes", p1), values: "2000000000x20" },
    { series: at("process_cpu_seconds_total", p1), values: "0+6x20" }, // 0.1
    { series: at("process_open_fds", p1), values: "10x20" },
    { series: at("process_max_fds", p1), values: "1000x20" },
    ...[
        "provisioning_api_requests_duration_seconds",
        "provisioning_kms_latency_seconds",
        "provisioning_workflow_duration_seconds",
        "provisioning_task_duration_seconds",
    ].flatMap((h) => [
        { series: at(`${h}_bucket`, { ...cc, le: "0.5" }), values: "0+60x20" }, // 1/s
        { series: at(`${h}_bucket`, { ...cc, le: "+Inf" }), values: "0+120x20" }, // 2/s
        { series: at(`${h}_sum`, cc), values: "0+30x20" }, // 0.5/s
        { series: at(`${h}_count`, cc), values: "0+120x20" }, // 2/s
    ]),
];

/** Every recorded series at 10m: literal labels (beyond the name) and value. */
const expected: Record<string, { labels: Record<string, string>; value: number }[]> = {
    "instance_mode:node_cpu_seconds:avg_rate5m": [{ labels: { ...n1, mode: "user" }, value: 0.375 }],
    "instance_mountpoint:node_filesystem_used:ratio": [{ labels: sda("/", "ext4"), value: 0.75 }],
    "instance_mountpoint:node_filesystem_files_used:ratio": [{ labels: sda("/", "ext4"), value: 0.75 }],
    "instance:node_memory_MemTotal_bytes:avg5m": [{ labels: n1, value: 1000 }],
    "instance:node_memory_MemAvailable_bytes:avg5m": [{ labels: n1, value: 400 }],
    "instance:node_memory_MemFree_bytes:avg5m": [
        { labels: n1, value: 100 },
        { labels: { ...n1, instance: "n2" }, value: 80 }, // samples 60..100: since Prometheus 3 a 5m range at 10m leaves out the sample at 5m
    ],
    "instance:node_memory_Cached_bytes:avg5m": [{ labels: n1, value: 300 }],
    "instance:node_memory_Buffers_bytes:avg5m": [{ labels: n1, value: 50 }],
    "instance:node_load1:avg5m": [{ labels: n1, value: 1 }],
    "instance:node_load5:avg5m": [{ labels: n1, value: 2 }],
    "instance:node_load15:avg5m": [{ labels: n1, value: 3 }],
    "instance:node_timex_offset_seconds:avg5m": [{ labels: n1, value: 0.001 }],
    "instance:node_vmstat_oom_kill:increase5m": [{ labels: n1, value: 5 }],
    "instance:node_filefd:ratio": [{ labels: n1, value: 0.1 }],
    "instance_device:node_disk_read_bytes:rate5m": [{ labels: { ...n1, device: "sda" }, value: 1 }],
    "instance_device:node_disk_written_bytes:rate5m": [{ labels: { ...n1, device: "sda" }, value: 2 }],
    "instance_device:node_disk_io_time_seconds:rate5m": [{ labels: { ...n1, device: "sda" }, value: 0.5 }],
    "instance_device:node_network_receive_bytes:rate5m": [{ labels: { ...n1, device: "eth0" }, value: 10 }],
    "instance_device:node_network_transmit_bytes:rate5m": [{ labels: { ...n1, device: "eth0" }, value: 5 }],
    "instance:scrape_duration_seconds:avg5m": [{ labels: p1, value: 0.02 }],
    "instance:scrape_samples_scraped:avg5m": [{ labels: p1, value: 500 }],
    "instance:process_resident_memory_bytes:avg5m": [{ labels: p1, value: 100000000 }],
    "instance:process_virtual_memory_bytes:avg5m": [{ labels: p1, value: 2000000000 }],
    "instance:process_cpu_seconds:rate5m": [{ labels: p1, value: 0.1 }],
    "instance:process_open_fds:ratio": [{ labels: p1, value: 0.01 }],
    ...Object.fromEntries(
        [
            "provisioning_api_requests_duration_seconds",
            "provisioning_kms_latency_seconds",
            "provisioning_workflow_duration_seconds",
            "provisioning_task_duration_seconds",
        ].map((h) => [
            `instance_le:${h}:rate5m`,
            [
                { labels: { ...cc, le: "+Inf" }, value: 2 },
                { labels: { ...cc, le: "0.5" }, value: 1 },
            ],
        ]),
    ),
    ...Object.fromEntries(
        ["provisioning_api_requests_duration_seconds", "provisioning_kms_latency_seconds"].flatMap((h) => [
            [`instance:${h}_sum:rate5m`, [{ labels: cc, value: 0.5 }]],
            [`instance:${h}_count:rate5m`, [{ labels: cc, value: 2 }]],
        ]),
    ),
};

const tests = Object.entries(expected).flatMap(([record, samples]) => {
    const rule = dashboardRecordingRules.find((r) => r.record === record);
    assert.ok(rule, `${record} is no dashboard recording rule`);
    const first = samples[0].labels;
    const only = `job="${first.job}", instance="${first.instance}"`;
    return [
        { expr: record, exp_samples: samples.map((s) => ({ labels: `${record}{${labelsOf(s.labels)}}`, value: s.value })) },
        // What the panel showed before, at the same instant, from the raw series: the same value.
        {
            expr: `${record}{${only}} - (${rule.raw(only, "5m")})`,
            exp_samples: samples
                .filter((s) => s.labels.job === first.job && s.labels.instance === first.instance)
                .map((s) => ({ labels: `{${labelsOf(s.labels)}}`, value: 0 })),
        },
    ];
});

describe("promtool on the dashboard recording rules", () => {
    let dir: string | undefined;
    after(() => removeDir(dir));

    it("covers every dashboard recording rule", () => {
        assert.deepEqual(Object.keys(expected).sort(), dashboardRecordingRules.map((r) => r.record).sort());
    });

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
