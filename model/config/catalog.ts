// The fixed facts about the seven components: names, dependencies, ports, pinned images and sizes. "The guide" in
// comments across the code is the monitoring guide this stack was built from (see the README); where the code departs
// from it, docs/alerts.md and docs/operations.md say why.

export const componentNames = ["prometheus", "grafana", "loki", "promtail", "tempo", "alertmanager", "node-exporter"] as const;
export type ComponentName = (typeof componentNames)[number];

export const componentDependencies: Readonly<Partial<Record<ComponentName, readonly ComponentName[]>>> = { promtail: ["loki"] };

/** Every port a component listens on, keyed by a name that is unique across the stack. */
export const defaultPorts = {
    prometheus: 9090,
    grafana: 3000,
    loki: 3100,
    alertmanager: 9093,
    nodeExporter: 9100,
    tempo: 3200,
    tempoOtlpGrpc: 4317,
    tempoOtlpHttp: 4318,
    promtail: 9080,
} as const;
export type PortName = keyof typeof defaultPorts;
export type Ports = Readonly<Record<PortName, number>>;

/** Which component owns each port (a port of an absent component is not published). */
export const portOwners: Readonly<Record<PortName, ComponentName>> = {
    prometheus: "prometheus",
    grafana: "grafana",
    loki: "loki",
    alertmanager: "alertmanager",
    nodeExporter: "node-exporter",
    tempo: "tempo",
    tempoOtlpGrpc: "tempo",
    tempoOtlpHttp: "tempo",
    promtail: "promtail",
};

/** Pinned image tags: current stable releases, never `latest`. */
export const defaultImages: Readonly<Record<ComponentName, string>> = {
    prometheus: "prom/prometheus:v3.13.2",
    grafana: "grafana/grafana:13.1.3",
    loki: "grafana/loki:3.7.6",
    promtail: "grafana/promtail:3.6.11",
    tempo: "grafana/tempo:2.10.0",
    alertmanager: "prom/alertmanager:v0.28.1",
    "node-exporter": "prom/node-exporter:v1.12.1",
};

/** Pinned helper images the platforms run next to components (the versions kube-prometheus pins). */
export const helperImages = {
    /** Watches Prometheus' mounted config and rules and reloads it in place (prometheus-operator's reloader). */
    configReloader: "quay.io/prometheus-operator/prometheus-config-reloader:v0.93.1",
    /** Authenticates and authorizes every scrape of node_exporter against the Kubernetes API. */
    kubeRbacProxy: "quay.io/brancz/kube-rbac-proxy:v0.22.1",
    /** Hands a fresh directory to a workload's unprivileged user (both platforms). */
    volumeInit: "busybox:1.37.0",
    /** Grafana Alloy, the log agent with monitoring:logAgent: alloy (Promtail reached end of life on 2026-03-02). */
    alloy: "grafana/alloy:v1.21.2",
} as const;

/** Default of monitoring:runbookBaseUrl: the guide's runbook site. */
export const defaultRunbookBaseUrl = "https://runbooks.provisioning.example.com";

/** The guide's platform scrape jobs, scraped every 2s: their `up` feeds the critical alerts (BENCHMARKS.md, time to page). */
export const defaultPlatformJobs = (host?: string) =>
    [
        ["provisioning-orchestrator", 8080],
        ["provisioning-control-center", 8081],
        ["provisioning-vault-service", 8085],
    ].map(([job, port]) => ({ job: job as string, targets: [`${host ?? job}:${port}`], scrapeInterval: "2s" }));

/** Components that keep data on a volume claim on Kubernetes, and each claim's default size. */
export const defaultStorageSizes = { prometheus: "60Gi", grafana: "5Gi", loki: "50Gi", tempo: "20Gi", alertmanager: "1Gi" } as const;
export type ClaimedComponent = keyof typeof defaultStorageSizes;

/** Requests and limits per container on Kubernetes; sized for the platform's three services and a few nodes. */
export const defaultResources: Readonly<Record<ComponentName, { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } }>> = {
    prometheus: { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
    grafana: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    loki: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } },
    promtail: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    tempo: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } },
    alertmanager: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    "node-exporter": { requests: { cpu: "50m", memory: "32Mi" }, limits: { cpu: "250m", memory: "128Mi" } },
};

/** Thanos over the Prometheus replicas (monitoring:thanos, kubernetes only): its own workloads beside the seven components. */
export type ThanosPart = "thanos-query" | "thanos-store" | "thanos-compactor";
/** What a platform runs: one of the seven components or a part of Thanos. */
export type WorkloadName = ComponentName | ThanosPart;
/** v0.42.5 needs Go 1.26.10 to build from its module; the toolchain here (npm run tools) has 1.26.8, and the live test runs what we deploy. */
export const thanosImage = "quay.io/thanos/thanos:v0.42.4";
/** Thanos' own ports; each part runs in its own pod (the sidecar in Prometheus' pod, which listens on neither), so they never clash. */
export const thanosPorts = { thanosGrpc: 10901, thanosHttp: 10902 } as const;
export type ThanosPortName = keyof typeof thanosPorts;
/** Requests and limits of the Thanos parts and the sidecar: sized like the Prometheus they serve. */
export const thanosResources: Readonly<
    Record<ThanosPart | "thanos-sidecar", { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } }>
> = {
    "thanos-sidecar": { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
    "thanos-query": { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "2", memory: "2Gi" } },
    "thanos-store": { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } },
    "thanos-compactor": { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } },
};
