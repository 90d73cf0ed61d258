// The labels (with their values) and histogram buckets each platform service must expose for every SLO and alert; rendered to docs/metric-contract.md.

export interface MetricContract {
    /** A catalogued platform metric (alerts/metrics-platform.ts). */
    readonly metric: string;
    /** Labels the service must set, with every value it may take (no other value, so selectors stay exact). */
    readonly labelValues?: Readonly<Record<string, readonly string[]>>;
    /** Upper bounds of the classic histogram's finite buckets, ascending (`+Inf` is implied). */
    readonly buckets?: readonly number[];
    /** What the service must do, in one sentence a service team can check in review. */
    readonly rule: string;
}

/** An alert or SLO threshold on a histogram: it can only be seen if buckets exist beyond it (or on it, for SLOs). */
export interface HistogramThreshold {
    readonly usedBy: string;
    readonly histogram: string;
    /** Seconds (the histograms' base unit). */
    readonly threshold: number;
    /** SLO thresholds count requests in the bucket `le=threshold`, so the threshold must be one of the bucket bounds. */
    readonly mustBeBucketBound: boolean;
}

// Prometheus' default buckets (client_golang DefBuckets, also the Rust prometheus crate's): 5ms to 10s.
const requestBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export const metricContract: readonly MetricContract[] = [
    {
        metric: "provisioning_api_requests_total",
        labelValues: { status_class: ["2xx", "3xx", "4xx", "5xx"] },
        rule: "Count every served request once, labelled with the class of its HTTP status; 5xx counts against API availability.",
    },
    {
        metric: "provisioning_api_requests_duration_seconds",
        buckets: requestBuckets,
        rule: "Observe every served request's latency (all status classes); the 1s bucket is the API latency SLO's threshold.",
    },
    {
        metric: "provisioning_workflows_completed_total",
        rule: "Count each workflow that finished successfully; with _failed_total it is the workflow's outcome (finished = completed + failed).",
    },
    {
        metric: "provisioning_workflows_failed_total",
        rule: "Count each workflow that finished in failure, exactly once, whenever it fails (also after new workflows stopped arriving).",
    },
    {
        metric: "provisioning_workflows_total",
        rule: "Count each created workflow; it is not the SLO's denominator (a workflow may fail long after it was created).",
    },
    {
        metric: "provisioning_workflow_duration_seconds",
        buckets: [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
        rule: "Observe every finished workflow's wall-clock duration; buckets reach an hour so the 60s SlowWorkflows threshold is measurable.",
    },
    {
        metric: "provisioning_task_duration_seconds",
        buckets: [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600],
        rule: "Observe every finished task's duration.",
    },
    {
        metric: "provisioning_kms_latency_seconds",
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        rule: "Observe every KMS encryption and decryption; the 0.5s bucket is the KMS latency SLO's threshold.",
    },
    {
        metric: "provisioning_auth_attempts_total",
        rule: "Count every authentication attempt, successful or not; HighAuthFailureRatio divides failures by it.",
    },
];

/** Every counter and histogram must exist from the service's start, at zero: a missing series reads as "no traffic". */
export const contractPreamble =
    "Expose every metric below from the moment the service starts (counters at 0, histograms with every bucket), " +
    "with exactly the labels listed (target labels `job` and `instance` come from Prometheus). Bucket bounds are " +
    'written as the Prometheus client libraries write them (`1`, `0.5`); Prometheus 3 normalises `le="1"` to ' +
    '`le="1.0"` on ingestion, and the rules match both.';

export const contractOf = (metric: string): MetricContract | undefined => metricContract.find((c) => c.metric === metric);

/** A selector on a histogram's bucket for `le`, matching both the client's spelling (`1`) and Prometheus 3's (`1.0`). */
export const leMatcher = (bound: number): string => (Number.isInteger(bound) ? `le=~"${bound}(\\\\.0)?"` : `le="${bound}"`);
