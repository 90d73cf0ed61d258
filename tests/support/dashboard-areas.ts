// Which catalogued metrics each built-in dashboard must chart: derived from the catalogue, so a new metric needs a panel
// (tests/unit/dashboards-queries.test.ts holds every dashboard to its area).
import { metricCatalog, MetricSpec } from "../../alerts/metrics";

export interface DashboardArea {
    readonly uid: string;
    /** Whether a catalogued metric belongs to this dashboard's area. */
    readonly includes: (metric: MetricSpec) => boolean;
}

const isDatabase = (m: MetricSpec) => m.name.startsWith("provisioning_database_");
const isSecurity = (m: MetricSpec) => m.source === "control-center" && /_(auth|rbac)_/.test(m.name);
const stackSources: ReadonlySet<MetricSpec["source"]> = new Set([
    "prometheus",
    "prometheus-rules",
    "alertmanager",
    "loki",
    "promtail",
    "tempo",
    "grafana",
    "any-target",
]);
const kubernetesSources: ReadonlySet<MetricSpec["source"]> = new Set(["kube-state-metrics", "kubelet", "cadvisor", "replicas"]);
// The overview charts the headline series raw; everything else it shows comes from recording rules.
const overviewMetrics: ReadonlySet<string> = new Set([
    "up",
    "provisioning_workflows_active",
    "provisioning_tasks_queued",
    "provisioning_database_connected",
    "alertmanager_alerts",
]);

export const dashboardAreas: readonly DashboardArea[] = [
    { uid: "prov-platform-overview", includes: (m) => overviewMetrics.has(m.name) },
    { uid: "prov-orchestrator", includes: (m) => m.source === "orchestrator" && !isDatabase(m) },
    { uid: "prov-control-center-api", includes: (m) => m.source === "control-center" },
    { uid: "prov-vault-kms", includes: (m) => m.source === "vault-service" },
    { uid: "prov-system-resources", includes: (m) => m.source === "node-exporter" },
    { uid: "prov-security-events", includes: isSecurity },
    { uid: "prov-database", includes: isDatabase },
    { uid: "prov-monitoring-stack", includes: (m) => stackSources.has(m.source) },
    { uid: "prov-kubernetes", includes: (m) => kubernetesSources.has(m.source) },
    { uid: "prov-remote-write", includes: (m) => m.source === "prometheus-remote-write" },
    { uid: "prov-thanos", includes: (m) => m.source.startsWith("thanos-") },
];

/** The catalogued metric names a dashboard must query, sorted. */
export function areaMetrics(uid: string): string[] {
    const area = dashboardAreas.find((a) => a.uid === uid);
    if (!area) throw new Error(`no dashboard area ${uid}`);
    return metricCatalog.filter(area.includes).map((m) => m.name);
}
