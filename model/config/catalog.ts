// The fixed facts about the seven components: names, dependencies, default ports and pinned images. "The guide" in
// comments across the code is the monitoring guide this stack was built from (see the README); where the code departs
// from it, docs/alerts.md and docs/operations.md say why.

export const componentNames = ["prometheus", "grafana", "loki", "promtail", "tempo", "alertmanager", "node-exporter"] as const;

export type ComponentName = (typeof componentNames)[number];

/** A component that cannot work without another one (the guide's `install --components` must respect these). */
export const componentDependencies: Readonly<Record<ComponentName, readonly ComponentName[]>> = {
    prometheus: [],
    grafana: [],
    loki: [],
    promtail: ["loki"],
    tempo: [],
    alertmanager: [],
    "node-exporter": [],
};

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

/** Pinned helper images the Kubernetes platform runs next to components (the versions kube-prometheus pins). */
/**
 * Default of monitoring:runbookBaseUrl: the guide's runbook site. Point the key at wherever runbooks/ is browsed, e.g.
 * https://github.com/<org>/<repo>/blob/main/runbooks (see docs/configuration.md).
 */
export const defaultRunbookBaseUrl = "https://runbooks.provisioning.example.com";

export const helperImages = {
    /** Watches Prometheus' mounted config and rules and reloads it in place (prometheus-operator's reloader). */
    configReloader: "quay.io/prometheus-operator/prometheus-config-reloader:v0.93.1",
    /** Authenticates and authorizes every scrape of node_exporter against the Kubernetes API. */
    kubeRbacProxy: "quay.io/brancz/kube-rbac-proxy:v0.22.1",
    /** Hands a fresh directory to a workload's unprivileged user (both platforms). */
    volumeInit: "busybox:1.37.0",
} as const;

/**
 * How often the platform's services are scraped: their `up` and database connection feed the critical alerts, and a
 * page can come no sooner than one scrape after a failure (see BENCHMARKS.md for the time to page and the cost).
 */
export const platformScrapeInterval = "2s";

/** The guide's platform scrape jobs (node-exporter is a component of the stack and scraped as one). */
export const defaultPlatformJobs = [
    { job: "provisioning-orchestrator", port: 8080 },
    { job: "provisioning-control-center", port: 8081 },
    { job: "provisioning-vault-service", port: 8085 },
] as const;
