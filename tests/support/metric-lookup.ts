// Which series names the project's rules and dashboards may query: the metric catalogue's, and the recording rules'.
import { metricCatalog, MetricSpec } from "../../alerts/metrics";
import { recordingRules, seenUpRecord } from "../../alerts/recording-rules";
import { dashboardRecordingRules } from "../../alerts/recording-rules-dashboards";

/** Every name a recording rule may produce, whether or not the stack deploys it (dashboards may query them). */
export const recordingRuleNames: readonly string[] = [...[...recordingRules, ...dashboardRecordingRules].map((r) => r.record), seenUpRecord];

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
