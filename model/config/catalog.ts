// The fixed facts about the seven components: names, dependencies, ports, pinned images and sizes. "The guide" in comments
// is the monitoring guide this stack was built from (README); docs/alerts.md and docs/operations.md say where and why we depart.

export const componentNames = ["prometheus", "grafana", "loki", "promtail", "tempo", "alertmanager", "node-exporter"] as const;
export type ComponentName = (typeof componentNames)[number];

/** The OTLP collector (monitoring:otlpCollector): a workload beside the seven components, switched by a key of its own. */
export const collectorName = "otel-collector";
/** Thanos over the Prometheus replicas (monitoring:thanos, kubernetes only): workloads beside the seven components too. */
export type ThanosPart = "thanos-query" | "thanos-store" | "thanos-compactor";
export type WorkloadName = ComponentName | typeof collectorName | ThanosPart;

/** The stores the collector forwards OTLP to (metrics, logs, traces); it runs when it is on and one of them is deployed. */
const otlpStores = ["prometheus", "loki", "tempo"] as const satisfies readonly ComponentName[];
export const deploysCollector = (config: { readonly components: readonly ComponentName[]; readonly otlpCollector: boolean }): boolean =>
    config.otlpCollector && otlpStores.some((store) => config.components.includes(store));

export const componentDependencies: Readonly<Partial<Record<ComponentName, readonly ComponentName[]>>> = { promtail: ["loki"] };

/** Every port a component listens on, by a name unique across the stack: its default number and owner (an absent component's ports are not published). */
const portTable = {
    prometheus: { port: 9090, owner: "prometheus" },
    grafana: { port: 3000, owner: "grafana" },
    loki: { port: 3100, owner: "loki" },
    alertmanager: { port: 9093, owner: "alertmanager" },
    nodeExporter: { port: 9100, owner: "node-exporter" },
    tempo: { port: 3200, owner: "tempo" },
    tempoOtlpGrpc: { port: 4317, owner: "tempo" },
    tempoOtlpHttp: { port: 4318, owner: "tempo" },
    promtail: { port: 9080, owner: "promtail" },
    otlpGrpc: { port: 4317, owner: collectorName },
    otlpHttp: { port: 4318, owner: collectorName },
    otelCollector: { port: 8888, owner: collectorName },
} as const satisfies Record<string, { port: number; owner: ComponentName | typeof collectorName }>;
export type PortName = keyof typeof portTable;
export const portNames = Object.keys(portTable) as PortName[];
export const defaultPorts = Object.fromEntries(portNames.map((name) => [name, portTable[name].port])) as Readonly<Record<PortName, number>>;

/** Tempo's own OTLP ports: with the collector deployed it takes the OTLP ports, and Tempo's are reached inside the stack only. */
const portsBehindCollector: readonly PortName[] = ["tempoOtlpGrpc", "tempoOtlpHttp"];

/** The ports the deployed workloads publish (on Docker each on the host, so no two may share a number). */
export function publishedPortNames(config: { readonly components: readonly ComponentName[]; readonly otlpCollector: boolean }): PortName[] {
    const collector = deploysCollector(config);
    return portNames.filter((name) => {
        const { owner } = portTable[name];
        if (owner === collectorName) return collector;
        return config.components.includes(owner) && !(collector && portsBehindCollector.includes(name));
    });
}

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
    /** The OpenTelemetry Collector's core distribution: the stack's one OTLP endpoint with monitoring:otlpCollector (components/otel-collector.ts). */
    otelCollector: "otel/opentelemetry-collector:0.165.0",
} as const;

/** Default of monitoring:runbookBaseUrl: the guide's runbook site. */
export const defaultRunbookBaseUrl = "https://runbooks.provisioning.example.com";

/** The guide's platform scrape jobs, scraped every 2s: their `up` feeds the critical alerts (BENCHMARKS.md, time to page). */
const platformJobPorts = { "provisioning-orchestrator": 8080, "provisioning-control-center": 8081, "provisioning-vault-service": 8085 };
export const defaultPlatformJobs = (host?: string) =>
    Object.entries(platformJobPorts).map(([job, port]) => ({ job, targets: [`${host ?? job}:${port}`], scrapeInterval: "2s" }));

/** Components that keep data on a volume claim on Kubernetes, and each claim's default size. */
export const defaultStorageSizes = { prometheus: "60Gi", grafana: "5Gi", loki: "50Gi", tempo: "20Gi", alertmanager: "1Gi" } as const;

/** Requests and limits per container on Kubernetes; sized for the platform's three services and a few nodes. */
export const defaultResources: Readonly<Record<WorkloadName, { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } }>> = {
    prometheus: { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
    grafana: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    loki: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } },
    promtail: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    tempo: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } },
    alertmanager: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    "node-exporter": { requests: { cpu: "50m", memory: "32Mi" }, limits: { cpu: "250m", memory: "128Mi" } },
    // Its memory limiter refuses data at 80 % of the limit, so the senders retry instead of the container being killed.
    [collectorName]: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
    "thanos-query": { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "2", memory: "2Gi" } },
    "thanos-store": { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } },
    "thanos-compactor": { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } },
};

/** v0.42.5 needs Go 1.26.10 to build from its module; the toolchain here (npm run tools) has 1.26.8, and the live test runs what we deploy. */
export const thanosImage = "quay.io/thanos/thanos:v0.42.4";
/** Thanos' own ports; each part runs in its own pod (the sidecar in Prometheus' pod, which listens on neither), so they never clash. */
export const thanosPorts = { thanosGrpc: 10901, thanosHttp: 10902 } as const;
export type ThanosPortName = keyof typeof thanosPorts;
/** Requests and limits of the Thanos sidecar in each Prometheus pod (the parts' are in defaultResources, keys of monitoring:resources). */
export const thanosSidecarResources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } };
export const workloadNames = Object.keys(defaultResources) as WorkloadName[];
