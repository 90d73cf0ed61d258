// The Prometheus Operator that reads the teams' ServiceMonitor, PodMonitor and PrometheusRule objects (monitoring:
// prometheusOperator): its release, image and CRDs, all from the one pinned config reloader (one release ships both).
import { helperImages } from "./config/catalog";

/** The release tag, `v0.93.1`: the config reloader's. */
export const prometheusOperatorRelease = helperImages.configReloader.slice(helperImages.configReloader.lastIndexOf(":") + 1);

export const prometheusOperatorImage = helperImages.configReloader.replace("/prometheus-config-reloader:", "/prometheus-operator:");

/**
 * The CRDs the stack installs: the kinds teams write, the Prometheus it runs for them, and Probe (the operator's
 * Prometheus controller watches probes unconditionally). Paths inside the release's source tree: the stack applies them
 * from the release's URL, the cluster tests from its Go module (same files).
 */
export const prometheusOperatorCrdFiles = ["podmonitors", "probes", "prometheuses", "prometheusrules", "servicemonitors"].map(
    (plural) => `example/prometheus-operator-crd/monitoring.coreos.com_${plural}.yaml`,
);

export const prometheusOperatorCrdUrl = (file: string) =>
    `https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/${prometheusOperatorRelease}/${file}`;

/** The operator's Deployment, and the `Prometheus` object it runs for the teams (its pods: `prometheus-teams-<i>`). */
export const prometheusOperatorName = "prometheus-operator";
export const teamsPrometheusName = "teams";
