// The Prometheus Operator that reads the teams' ServiceMonitor, PodMonitor and PrometheusRule objects (monitoring:
// prometheusOperator): its release, image and CRDs, all from the one pinned config reloader (one release ships both).
import { helperImages } from "./config/catalog";

/** The release tag, `v0.93.1`: the config reloader's. */
export const prometheusOperatorRelease = helperImages.configReloader.slice(helperImages.configReloader.lastIndexOf(":") + 1);

export const prometheusOperatorImage = helperImages.configReloader.replace("/prometheus-config-reloader:", "/prometheus-operator:");

/** CRDs installed: the teams' kinds, Prometheus, Probe (the operator watches it regardless); paths in the release, applied from its URL (tests: Go module). */
export const prometheusOperatorCrdFiles = ["podmonitors", "probes", "prometheuses", "prometheusrules", "servicemonitors"].map(
    (plural) => `example/prometheus-operator-crd/monitoring.coreos.com_${plural}.yaml`,
);

export const prometheusOperatorCrdUrl = (file: string) =>
    `https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/${prometheusOperatorRelease}/${file}`;

/** The operator's Deployment, and the `Prometheus` object it runs for the teams (its pods: `prometheus-teams-<i>`). */
export const prometheusOperatorName = "prometheus-operator";
export const teamsPrometheusName = "teams";

/** The kinds a team declares for the operator to read (TeamMonitoring's `kubernetes.objects`). */
const teamObjectKinds = ["ServiceMonitor", "PodMonitor", "PrometheusRule"] as const;

/** A team's ServiceMonitor, PodMonitor or PrometheusRule, as the CRD of the pinned release has it. */
export interface TeamKubernetesObject {
    readonly apiVersion: "monitoring.coreos.com/v1";
    readonly kind: (typeof teamObjectKinds)[number];
    readonly metadata: { readonly name: string; readonly namespace: string; readonly labels?: Readonly<Record<string, string>> };
    readonly spec: Readonly<Record<string, unknown>>;
}

/** One line per object that is not one of the three kinds with a name and namespace, or is named twice. */
export function teamObjectProblems(objects: readonly TeamKubernetesObject[]): string[] {
    const seen = new Set<string>();
    return objects.flatMap((o, i) => {
        const id = `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`;
        const problems = [
            ...(o.apiVersion === "monitoring.coreos.com/v1" && teamObjectKinds.includes(o.kind)
                ? []
                : [`kubernetes.objects[${i}]: ${o.apiVersion} ${o.kind} is not one of monitoring.coreos.com/v1 ${teamObjectKinds.join(", ")}`]),
            ...(o.metadata?.name && o.metadata?.namespace ? [] : [`kubernetes.objects[${i}]: needs metadata.name and metadata.namespace (one of the team's)`]),
            ...(seen.has(id) ? [`kubernetes.objects[${i}]: ${id} is declared twice`] : []),
        ];
        seen.add(id);
        return problems;
    });
}
