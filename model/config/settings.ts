// Settings built from valid values with their defaults filled in: per platform, the scrape targets, Kubernetes' own.
import { ComponentName, componentNames, platformScrapeInterval, defaultPlatformJobs } from "./catalog";
import { ConfigValues, keyName } from "./config-values";
import { show } from "./messages";
import { cpuMillis, quantityBytes } from "./quantities";
import { defaultResources, defaultStorageSizes, ResourceRequirements } from "./sizing";
import { KubernetesSettings, PlatformName, PlatformTarget } from "./types";
import { sortedRecord } from "../common/sorted-keys";

export /** Per-platform defaults: a local dev engine keeps a week, a cluster keeps the guide's 30 days. */
const platformDefaults: Record<
    PlatformName,
    { prometheusTime: string; prometheusSize?: string; loki: string; tempo: string; alertmanagerReplicas: number; prometheusReplicas: number }
> = {
    docker: { prometheusTime: "7d", loki: "168h", tempo: "72h", alertmanagerReplicas: 1, prometheusReplicas: 1 },
    // Three Alertmanagers survive the loss of one node while their gossip still deduplicates notifications.
    // Two Prometheus replicas as kube-prometheus runs them: one keeps scraping and alerting while the other restarts.
    kubernetes: { prometheusTime: "30d", prometheusSize: "50GB", loki: "720h", tempo: "336h", alertmanagerReplicas: 3, prometheusReplicas: 2 },
};

export function orderComponents(list: readonly ComponentName[]): ComponentName[] {
    return componentNames.filter((c) => list.includes(c));
}

export function buildPlatformTargets(list: ConfigValues["platformTargets"], platform: PlatformName, problems: string[]): PlatformTarget[] {
    // Containers reach services on the Docker host through host.docker.internal; in a cluster they are Services.
    const hostOfServices = platform === "docker" ? "host.docker.internal" : undefined;
    const given: NonNullable<ConfigValues["platformTargets"]> =
        list ?? defaultPlatformJobs.map((j) => ({ job: j.job, targets: [`${hostOfServices ?? j.job}:${j.port}`], scrapeInterval: platformScrapeInterval }));
    const reserved = new Set<string>(componentNames);
    const seen = new Set<string>();
    given.forEach((t, i) => {
        if (seen.has(t.job) || reserved.has(t.job)) {
            problems.push(`${keyName("platformTargets", [i, "job"])}: job names must be unique and not a component name (got ${show(t.job)})`);
        }
        seen.add(t.job);
    });
    return given.map((t) => ({
        job: t.job,
        targets: [...t.targets],
        metricsPath: t.metricsPath ?? "/metrics",
        scheme: t.scheme ?? "http",
        ...(t.scrapeInterval ? { scrapeInterval: t.scrapeInterval } : {}),
    }));
}

/** Kubernetes settings with defaults filled in; a request above its limit is an error the scheduler would give later. */
export function buildKubernetesSettings(values: ConfigValues, problems: string[]): KubernetesSettings {
    const resources = Object.fromEntries(
        componentNames.map((c) => {
            const given = values.resources?.[c] ?? {};
            const merged: ResourceRequirements = {
                requests: { ...defaultResources[c].requests, ...(given.requests ?? {}) },
                limits: { ...defaultResources[c].limits, ...(given.limits ?? {}) },
            };
            if (cpuMillis(merged.requests.cpu) > cpuMillis(merged.limits.cpu)) {
                problems.push(
                    `${keyName("resources", [c])}: CPU request ${merged.requests.cpu} is above its limit ${merged.limits.cpu}; a request must not exceed the limit`,
                );
            }
            if (quantityBytes(merged.requests.memory) > quantityBytes(merged.limits.memory)) {
                problems.push(
                    `${keyName("resources", [c])}: memory request ${merged.requests.memory} is above its limit ${merged.limits.memory}; a request must not exceed the limit`,
                );
            }
            return [c, merged];
        }),
    ) as Record<ComponentName, ResourceRequirements>;
    const ingress = values.grafanaIngress;
    return {
        namespace: values.namespace ?? "monitoring",
        ...(values.storageClass ? { storageClass: values.storageClass } : {}),
        storageSizes: { ...defaultStorageSizes, ...(values.storageSizes ?? {}) },
        resources,
        ...(ingress
            ? {
                  grafanaIngress: {
                      ...ingress,
                      controllerNamespace: ingress.controllerNamespace ?? "ingress-nginx",
                      annotations: sortedRecord(ingress.annotations ?? {}),
                  },
              }
            : {}),
        clientNamespaces: [...new Set<string>(values.clientNamespaces ?? ["provisioning"])].sort(),
        ...(values.kubeContext ? { kubeContext: values.kubeContext } : {}),
    };
}
