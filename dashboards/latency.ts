// The latency panels' targets: quantile and mean lines from the recorded histogram rates (alerts/recording-rules-dashboards-
// latency.ts), and one target over the raw buckets that draws nothing but brings the exemplars (trace links to Tempo).
import { dashboardRecordingRule } from "../alerts/recording-rules-dashboards";
import { rateWindow } from "../alerts/promql";
import { targetFilter } from "./common";

/**
 * First, because Grafana runs an exemplar query only for the first target whose expression names a histogram metric.
 * Grafana sends the expression to /api/v1/query_exemplars, where Prometheus takes the selectors out of it and returns
 * the exemplars of the series they match over the panel's range; the range query itself (the buckets at the range's
 * end, none below zero) reads one sample per series and returns nothing.
 */
const exemplarTarget = (histogram: string): [string, string] => [`${histogram}_bucket{${targetFilter}} @ end() < 0`, "exemplars"];

/** The q-quantile per job from the recorded per-instance bucket rates, filtered by `$job` and `$instance`. */
const recordedQuantile = (q: number, histogram: string): string =>
    `histogram_quantile(${q}, sum by (job, le) (${dashboardRecordingRule(`instance_le:${histogram}:rate${rateWindow}`).record}{${targetFilter}}))`;

/** Mean per job: recorded sum rate over recorded count rate. */
const recordedMean = (histogram: string): string =>
    `sum by (job) (${dashboardRecordingRule(`instance:${histogram}_sum:rate${rateWindow}`).record}{${targetFilter}}) / ` +
    `sum by (job) (${dashboardRecordingRule(`instance:${histogram}_count:rate${rateWindow}`).record}{${targetFilter}})`;

/** Exemplars, then p50, p95, p99 per job (and the mean when `withMean`). */
export function latencyTargets(histogram: string, withMean: boolean): [string, string][] {
    return [
        exemplarTarget(histogram),
        [recordedQuantile(0.5, histogram), "p50 {{job}}"],
        [recordedQuantile(0.95, histogram), "p95 {{job}}"],
        [recordedQuantile(0.99, histogram), "p99 {{job}}"],
        ...(withMean ? [[recordedMean(histogram), "mean {{job}}"] as [string, string]] : []),
    ];
}
