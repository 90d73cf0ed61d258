// The platform's latency histograms per job, instance and bucket, once a minute: the latency panels draw their quantiles
// from these (about ten times faster over 7 days), and keep exemplars through a separate target over the raw buckets
// (dashboards/latency.ts).
import { dashboardRecordingGroupName, DashboardRecordingRule, withFilter } from "./dashboard-recording-types";
import { rateWindow } from "./promql";

/**
 * Recorded names must not contain the raw `<histogram>_bucket` name: Grafana runs exemplars only for the first target
 * whose expression contains a histogram metric's name, and that must be the exemplar target.
 */
const bucketRate = (histogram: string): DashboardRecordingRule => ({
    record: `instance_le:${histogram}:rate${rateWindow}`,
    expr: `sum by (job, instance, le) (rate(${histogram}_bucket[${rateWindow}]))`,
    group: dashboardRecordingGroupName,
    source: `${histogram}_bucket`,
    labels: ["le"],
    raw: (filter, window) => `sum by (job, instance, le) (rate(${histogram}_bucket${withFilter(filter)}[${window}]))`,
});

/** `_sum` or `_count` per instance, for the mean line. */
const partRate = (histogram: string, part: "sum" | "count"): DashboardRecordingRule => ({
    record: `instance:${histogram}_${part}:rate${rateWindow}`,
    expr: `sum by (job, instance) (rate(${histogram}_${part}[${rateWindow}]))`,
    group: dashboardRecordingGroupName,
    source: `${histogram}_${part}`,
    labels: [],
    raw: (filter, window) => `sum by (job, instance) (rate(${histogram}_${part}${withFilter(filter)}[${window}]))`,
});

/** The histograms whose panels also draw the mean (sum / count). */
const latencyHistogramsWithMean = ["provisioning_api_requests_duration_seconds", "provisioning_kms_latency_seconds"] as const;
const latencyHistograms = [...latencyHistogramsWithMean, "provisioning_workflow_duration_seconds", "provisioning_task_duration_seconds"] as const;

export const latencyRecordingRules: readonly DashboardRecordingRule[] = [
    ...latencyHistograms.map(bucketRate),
    ...latencyHistogramsWithMean.flatMap((h) => [partRate(h, "sum"), partRate(h, "count")]),
];
