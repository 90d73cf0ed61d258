// The metric catalogue: every metric name an alert, recording rule or dashboard may query, and a lookup over it.
import { MetricSpec } from "./metric-types";
import { kubernetesMetrics } from "./metrics-kubernetes";
import { nodeExporterMetrics } from "./metrics-node-exporter";
import { platformMetrics } from "./metrics-platform";
import { stackMetrics } from "./metrics-stack";
import { recordingRuleNames } from "./recording-rules";

export type { MetricSource, MetricSpec, MetricType } from "./metric-types";
export { platformMetrics };

/** Every catalogued metric, sorted by name. */
export const metricCatalog: readonly MetricSpec[] = [...platformMetrics, ...nodeExporterMetrics, ...stackMetrics, ...kubernetesMetrics].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
);

// The series a histogram exposes next to its name (classic histograms only; native ones keep the bare name).
const histogramSuffixes = ["_bucket", "_sum", "_count"] as const;

const byName = new Map(metricCatalog.map((m) => [m.name, m]));

/** The catalogue entry behind a series name (a histogram's `_bucket/_sum/_count` map to the histogram); undefined if unknown. */
export function findMetric(seriesName: string): MetricSpec | undefined {
    const direct = byName.get(seriesName);
    if (direct) return direct;
    for (const suffix of histogramSuffixes) {
        if (!seriesName.endsWith(suffix)) continue;
        const base = byName.get(seriesName.slice(0, -suffix.length));
        if (base?.type === "histogram") return base;
    }
    return undefined;
}

/** Whether a series name may be queried: catalogued (platform, node_exporter, stack-internal) or a recording rule's. */
export function isKnownMetric(seriesName: string): boolean {
    return findMetric(seriesName) !== undefined || recordingRuleNames.includes(seriesName);
}
