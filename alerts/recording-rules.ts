// Recording rules for the dashboards' expensive queries (the guide's "use recording rules for expensive queries").
// Names follow Prometheus' level:metric:operations convention; `_total` is dropped once a counter is rated.
import { guardedRatio, histogramQuantile, rateWindow, sumRate } from "./promql";
import { eventWindows, eventsRecord, ratioRecord, sloRatioWindows, slos, slowWindows } from "./slo";
import { RecordingRule, RuleRequirements } from "./types";
import { sloLongRecordingGroupName } from "./groups";

/** Each SLO's error ratio over every burn window and its SLO window, and its event rate over the floors' long windows. */
const sloRecordingRules: readonly RecordingRule[] = slos.flatMap((slo) => {
    const group = (window: string) => (slowWindows.has(window) ? { group: sloLongRecordingGroupName } : {});
    const requires = { jobs: [slo.job] };
    return [
        ...sloRatioWindows.map((w) => ({ record: ratioRecord(slo, w), expr: guardedRatio(slo.errors(w), slo.events(w)), requires, ...group(w) })),
        ...eventWindows(slo).map((w) => ({ record: eventsRecord(slo, w), expr: slo.events(w), requires, ...group(w) })),
    ];
});

/** Per job: `job:<histogram>:p95_rate5m`, and `job:<counter without _total>:rate5m`. */
const p95 = (histogram: string): RecordingRule => ({ record: `job:${histogram}:p95_rate${rateWindow}`, expr: histogramQuantile(0.95, histogram) });
const jobRate = (counter: string): RecordingRule => ({ record: `job:${counter.replace(/_total$/, "")}:rate${rateWindow}`, expr: sumRate(counter) });
const node: RuleRequirements = { components: ["node-exporter"] };

const mainRecordingRules: readonly RecordingRule[] = [
    p95("provisioning_api_requests_duration_seconds"),
    jobRate("provisioning_api_requests_total"),
    {
        record: "job:provisioning_auth_failures:ratio_rate5m",
        expr: guardedRatio(sumRate("provisioning_auth_failures_total"), sumRate("provisioning_auth_attempts_total")),
    },
    ...["provisioning_kms_latency_seconds", "provisioning_task_duration_seconds", "provisioning_workflow_duration_seconds"].map(p95),
    // Traffic floors of the ratio and quantile alerts that are not SLOs.
    ...["provisioning_auth_attempts_total", "provisioning_workflow_duration_seconds_count"].map(jobRate),
    // The guide's "CPU usage per service", for every job (platform and stack alike).
    jobRate("process_cpu_seconds_total"),
    { record: "job:process_resident_memory_bytes:sum", expr: "sum by (job) (process_resident_memory_bytes)" },
    {
        record: "instance:node_cpu_utilisation:rate5m",
        expr: `1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[${rateWindow}]))`,
        requires: node,
    },
    { record: "instance:node_memory_utilisation:ratio", expr: "1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes", requires: node },
];

/** Every recording rule once: an SLO's event rate already recorded above (the API's 5m request rate) is not recorded twice. */
export const recordingRules: readonly RecordingRule[] = [
    ...mainRecordingRules,
    ...sloRecordingRules.filter((r) => !mainRecordingRules.some((m) => m.record === r.record)),
];

/** 1 for every (job, instance) whose target has answered at least once; the rule's own previous value keeps it. */
export const seenUpRecord = "job_instance:up:seen";

/** The first-up guard's recording rule (alerts/catalog.ts), for the platform's `jobs`, in the group of the alerts it guards. */
export function seenUpRule(jobs: readonly string[], group: string): RecordingRule {
    // `or` its own last sample (5 minutes of lookback; re-recorded every evaluation, it never goes stale while Prometheus runs).
    return { record: seenUpRecord, expr: `max by (job, instance) (up{job=~"${[...jobs].sort().join("|")}"} == 1) or ${seenUpRecord}`, group };
}
