// The shape of a metric catalogue entry, shared by the platform, node_exporter and stack catalogues.

/** `untyped` only for what an exporter exposes untyped (node_exporter's vmstat counters, e.g. node_vmstat_oom_kill). */
export type MetricType = "counter" | "gauge" | "histogram" | "untyped";

/** Who exposes a metric: a platform service, node_exporter, or one of the stack's own components. */
export type MetricSource =
    | "orchestrator"
    | "control-center"
    | "vault-service"
    | "node-exporter"
    | "prometheus"
    /** Prometheus' remote-write queues: exposed only with a remote_write entry (monitoring:remoteWrite). */
    | "prometheus-remote-write"
    /** Series Prometheus' rule evaluation writes (ALERTS), not any /metrics endpoint. */
    | "prometheus-rules"
    /** Thanos' parts: exposed only with monitoring:thanos. */
    | "thanos-sidecar"
    | "thanos-query"
    | "thanos-compactor"
    | "alertmanager"
    | "loki"
    | "promtail"
    | "tempo"
    | "grafana"
    | "any-target"
    // Kubernetes only (alerts/metrics.ts): not exposed by any binary this machine can run.
    | "kube-state-metrics"
    | "kubelet"
    | "cadvisor"
    | "replicas";

export interface MetricSpec {
    /** Full name as exposed (counters end in `_total`; a histogram's name has no `_bucket/_sum/_count`). */
    readonly name: string;
    readonly type: MetricType;
    readonly help: string;
    /** Labels alerts and dashboards may select or group on, beyond the target labels `job` and `instance`. */
    readonly labels: readonly string[];
    readonly source: MetricSource;
    /** The name the monitoring guide used, when this catalogue corrected it. */
    readonly guideName?: string;
}

export function metricOf(source: MetricSource, name: string, type: MetricType, help: string, labels: readonly string[] = [], guideName?: string): MetricSpec {
    return { name, type, help, labels, source, ...(guideName ? { guideName } : {}) };
}
