// The data the query benchmark backfills: every catalogued metric at a stated shape (replicas of each platform service,
// nodes, CPUs), with the catalogue's labels and plausible values, plus the recording rules' output series as Prometheus
// would have stored them. Written as OpenMetrics text, one file per UTC day, for `promtool tsdb create-blocks-from openmetrics`.
import * as fs from "fs";
import { platformJobs } from "../../alerts/catalog";
import { ruleGroups } from "../../alerts/groups";
import { metricCatalog } from "../../alerts/metrics";
import { MetricSource, MetricSpec } from "../../alerts/metric-types";
import { recordingRules } from "../../alerts/recording-rules";
import { dashboardRecordingRules } from "../../alerts/recording-rules-dashboards";
import { durationSeconds } from "../../model/config/durations";

export interface Shape {
    /** Replicas of each platform service (orchestrator, control center, vault service). */
    readonly replicas: number;
    readonly nodes: number;
    readonly cpusPerNode: number;
    readonly days: number;
    /** Scrape interval of the platform's jobs and of everything else, seconds. */
    readonly platformIntervalS: number;
    readonly intervalS: number;
}

/** The production shape the issue states: three replicas of each service, 20 nodes (8 CPUs each), 7 days, real intervals. */
export const productionShape: Shape = { replicas: 3, nodes: 20, cpusPerNode: 8, days: 7, platformIntervalS: 2, intervalS: 15 };

/** prom-client's default buckets (what the platform's services and the stand-ins expose), plus +Inf. */
const buckets = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"];
const modes = ["idle", "user", "system", "iowait", "irq", "softirq", "steal", "nice"];

/** Values of each catalogued label (beyond job and instance). */
function labelValues(label: string, shape: Shape): string[] {
    const table: Record<string, string[]> = {
        cpu: Array.from({ length: shape.cpusPerNode }, (_, i) => String(i)),
        mode: modes,
        device: ["sda", "eth0"],
        fstype: ["ext4"],
        mountpoint: ["/", "/var/lib/provisioning", "/boot", "/var/log"],
        rule_group: ruleGroups.map((g) => g.name),
        integration: ["email", "pagerduty", "slack"],
        state: ["active", "suppressed"],
        alertmanager: ["http://alertmanager:9093/api/v2/alerts"],
        status: ["firing", "resolved"],
        route: ["loki_api_v1_push", "loki_api_v1_query_range"],
        status_code: ["200"],
        le: buckets,
        method: ["POST"],
    };
    return table[label] ?? ["1"];
}

/** One series to write: its text up to the value, its interval and how its value moves. */
interface SeriesSpec {
    readonly text: string;
    readonly intervalS: number;
    readonly kind: "counter" | "gauge" | "bucket";
    /** Counters: mean increase per second; gauges: level; buckets: share of observations at or below `le`. */
    readonly scale: number;
}

const targetsOf = (source: MetricSource, shape: Shape): { job: string; instances: string[]; intervalS: number }[] => {
    const platform: Partial<Record<MetricSource, string>> = {
        orchestrator: platformJobs.orchestrator,
        "control-center": platformJobs.controlCenter,
        "vault-service": platformJobs.vaultService,
    };
    const replicas = (job: string) => Array.from({ length: shape.replicas }, (_, i) => `${job}-${i}:8080`);
    if (source in platform) return [{ job: platform[source]!, instances: replicas(platform[source]!), intervalS: shape.platformIntervalS }];
    if (source === "node-exporter")
        return [{ job: "node-exporter", instances: Array.from({ length: shape.nodes }, (_, i) => `node-${i}`), intervalS: shape.intervalS }];
    if (source === "any-target")
        return [
            ...Object.keys(platform).map((s) => targetsOf(s as MetricSource, shape)[0]),
            targetsOf("node-exporter", shape)[0],
            ...["prometheus", "alertmanager", "grafana", "loki", "promtail", "tempo"].map((c) => targetsOf(c as MetricSource, shape)[0]),
        ];
    return [{ job: source, instances: [`${source}:9090`], intervalS: shape.intervalS }];
};

/** Every label combination of a metric's catalogued labels. */
function combinations(labels: readonly string[], shape: Shape): Record<string, string>[] {
    return labels.reduce<Record<string, string>[]>((acc, label) => acc.flatMap((c) => labelValues(label, shape).map((v) => ({ ...c, [label]: v }))), [{}]);
}

const render = (name: string, labels: Record<string, string>): string =>
    `${name}{${Object.entries(labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(",")}}`;

function seriesOf(spec: MetricSpec, shape: Shape): SeriesSpec[] {
    const out: SeriesSpec[] = [];
    for (const target of targetsOf(spec.source, shape)) {
        for (const instance of target.instances) {
            for (const extra of combinations(spec.labels, shape)) {
                const labels = { job: target.job, instance, ...extra };
                if (spec.type === "histogram") {
                    buckets.forEach((le, i) =>
                        out.push({
                            text: render(`${spec.name}_bucket`, { ...labels, le }),
                            intervalS: target.intervalS,
                            kind: "bucket",
                            scale: Math.min(1, (i + 1) / (buckets.length - 2)),
                        }),
                    );
                    out.push({ text: render(`${spec.name}_sum`, labels), intervalS: target.intervalS, kind: "counter", scale: 0.5 });
                    out.push({ text: render(`${spec.name}_count`, labels), intervalS: target.intervalS, kind: "counter", scale: 5 });
                } else if (spec.type === "counter")
                    out.push({
                        text: render(spec.name, labels),
                        intervalS: target.intervalS,
                        kind: "counter",
                        scale: spec.name.startsWith("node_cpu") ? 0.12 : 5,
                    });
                else out.push({ text: render(spec.name, labels), intervalS: target.intervalS, kind: "gauge", scale: spec.name === "up" ? 0 : 100 });
            }
        }
    }
    return out;
}

/** The recording rules' output series: one per job (job:...) or instance (instance:...), at the evaluation interval. */
function recordedSeries(shape: Shape): SeriesSpec[] {
    return recordingRules.flatMap((rule) => {
        const perInstance = rule.record.startsWith("instance:");
        const jobs = perInstance ? targetsOf("node-exporter", shape) : targetsOf("any-target", shape);
        return jobs.flatMap((t) =>
            (perInstance ? t.instances : [undefined]).map((instance) => ({
                text: render(rule.record, instance ? { instance } : { job: t.job }),
                intervalS: shape.intervalS,
                kind: "gauge" as const,
                scale: 0.3,
            })),
        );
    });
}

/**
 * The dashboard recording rules' output series: one per target of the metric they read and per combination of the
 * labels they keep, every evaluation interval of their group (values do not change a query's cost, counts do).
 */
function dashboardRecordedSeries(shape: Shape): SeriesSpec[] {
    return dashboardRecordingRules.flatMap((rule) => {
        const interval = ruleGroups.find((g) => g.name === rule.group)?.interval;
        if (!interval) throw new Error(`${rule.record}: its group ${rule.group} has no interval`);
        const intervalS = durationSeconds(interval);
        // A histogram's _bucket, _sum and _count are catalogued under the histogram's name.
        const spec = metricCatalog.find((m) => m.name === rule.source || m.name === rule.source.replace(/_(bucket|sum|count)$/, ""));
        if (!spec) throw new Error(`${rule.record}: ${rule.source} is not catalogued`);
        return targetsOf(spec.source, shape).flatMap((t) =>
            t.instances.flatMap((instance) =>
                combinations(rule.labels, shape).map((labels) => ({
                    text: render(rule.record, { job: t.job, instance, ...labels }),
                    intervalS,
                    kind: "gauge" as const,
                    scale: 0.3,
                })),
            ),
        );
    });
}

export function allSeries(shape: Shape): SeriesSpec[] {
    return [...metricCatalog.flatMap((spec) => seriesOf(spec, shape)), ...recordedSeries(shape), ...dashboardRecordedSeries(shape)];
}

/** Deterministic noise (why: the same shape gives the same blocks on every run). */
function noise(start: number): () => number {
    let s = start >>> 0 || 1;
    return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * A writer of OpenMetrics text for `series`, one call per UTC day (promtool then reads one day at a time); counters keep
 * counting from one call to the next. Each call returns the number of samples it wrote.
 */
export function dayWriter(series: readonly SeriesSpec[]): (file: string, startS: number, endS: number) => number {
    const counters = new Float64Array(series.length);
    const random = noise(42);
    return (file, startS, endS) => {
        const fd = fs.openSync(file, "w");
        let samples = 0;
        series.forEach((s, i) => {
            const lines: string[] = [];
            // Aligned to the series' interval, as a scrape loop would be.
            for (let t = Math.ceil(startS / s.intervalS) * s.intervalS; t < endS; t += s.intervalS) {
                let value: number;
                if (s.kind === "gauge") value = s.scale === 0 ? 1 : Math.round(s.scale * (0.5 + 0.5 * Math.sin(t / 3600 + i)) * 1000 + random() * 1000) / 1000;
                else {
                    counters[i] += (s.kind === "bucket" ? s.scale * 5 : s.scale) * s.intervalS * random() * 2;
                    value = Math.floor(counters[i]);
                }
                lines.push(`${s.text} ${value} ${t}`);
            }
            samples += lines.length;
            if (lines.length > 0) fs.writeSync(fd, lines.join("\n") + "\n");
        });
        fs.writeSync(fd, "# EOF\n");
        fs.closeSync(fd);
        return samples;
    };
}
