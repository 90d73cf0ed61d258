// Recording rules for the dashboards' expensive queries (the seed's "use recording rules for expensive queries").
// Names follow Prometheus' level:metric:operations convention; `_total` is dropped once a counter is rated.
import { guardedRatio, histogramQuantile, rateWindow, sumRate } from "./promql";
import { RecordingRule } from "./types";
import { dashboardRecordingRules } from "./recording-rules-dashboards";

/** Group that holds every recording rule; evaluated at the stack's evaluationInterval. */
export const recordingGroupName = "provisioning_recording";

export const recordingRules: readonly RecordingRule[] = [
    {
        record: "job:provisioning_api_requests_duration_seconds:p95_rate5m",
        expr: histogramQuantile(0.95, "provisioning_api_requests_duration_seconds"),
    },
    { record: "job:provisioning_api_requests:rate5m", expr: sumRate("provisioning_api_requests_total") },
    {
        record: "job:provisioning_auth_failures:ratio_rate5m",
        expr: guardedRatio(sumRate("provisioning_auth_failures_total"), sumRate("provisioning_auth_attempts_total")),
    },
    { record: "job:provisioning_kms_latency_seconds:p95_rate5m", expr: histogramQuantile(0.95, "provisioning_kms_latency_seconds") },
    { record: "job:provisioning_task_duration_seconds:p95_rate5m", expr: histogramQuantile(0.95, "provisioning_task_duration_seconds") },
    {
        record: "job:provisioning_workflow_duration_seconds:p95_rate5m",
        expr: histogramQuantile(0.95, "provisioning_workflow_duration_seconds"),
    },
    {
        record: "job:provisioning_workflows_failed:ratio_rate5m",
        expr: guardedRatio(sumRate("provisioning_workflows_failed_total"), sumRate("provisioning_workflows_total")),
    },
    // The seed's "CPU usage per service", for every job (platform and stack alike).
    { record: "job:process_cpu_seconds:rate5m", expr: sumRate("process_cpu_seconds_total") },
    { record: "job:process_resident_memory_bytes:sum", expr: "sum by (job) (process_resident_memory_bytes)" },
    {
        record: "instance:node_cpu_utilisation:rate5m",
        expr: `1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[${rateWindow}]))`,
        requires: { components: ["node-exporter"] },
    },
    {
        record: "instance:node_memory_utilisation:ratio",
        expr: "1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes",
        requires: { components: ["node-exporter"] },
    },
];

/** Every name a recording rule may produce, whether or not the stack deploys it (dashboards may query them). */
export const recordingRuleNames: readonly string[] = [...recordingRules, ...dashboardRecordingRules].map((r) => r.record);
