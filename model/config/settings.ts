// Settings built from valid values with their defaults filled in: per platform, the scrape targets, Kubernetes' own.
import { ComponentName, componentNames, platformScrapeInterval, defaultPlatformJobs } from "./catalog";
import { ConfigValues, keyName, setSecretCommand } from "./config-values";
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

/** What the scrape targets are checked against: the platform, the namespaces Prometheus watches, the credentials set. */
export interface TargetContext {
    readonly platform: PlatformName;
    /** Whether the platform key itself was valid (a check that depends on it is skipped otherwise). */
    readonly platformKnown: boolean;
    /** Whether namespace and clientNamespaces were valid. */
    readonly namespacesKnown: boolean;
    /** The stack's namespace and its client namespaces: where Prometheus may discover. */
    readonly discoveryNamespaces: readonly string[];
    readonly clientNamespaces: readonly string[];
    /** Whether monitoring:scrapeCredentials is set, and its entries' names when they can be read. */
    readonly credentialsSet: boolean;
    readonly credentialJobs?: readonly string[];
}

export function buildPlatformTargets(list: ConfigValues["platformTargets"], context: TargetContext, problems: string[]): PlatformTarget[] {
    // Containers reach services on the Docker host through host.docker.internal; in a cluster they are Services.
    const hostOfServices = context.platform === "docker" ? "host.docker.internal" : undefined;
    const given: NonNullable<ConfigValues["platformTargets"]> =
        list ?? defaultPlatformJobs.map((j) => ({ job: j.job, targets: [`${hostOfServices ?? j.job}:${j.port}`], scrapeInterval: platformScrapeInterval }));
    const reserved = new Set<string>(componentNames);
    const seen = new Set<string>();
    given.forEach((t, i) => {
        if (seen.has(t.job) || reserved.has(t.job)) {
            problems.push(`${keyName("platformTargets", [i, "job"])}: job names must be unique and not a component name (got ${show(t.job)})`);
        }
        seen.add(t.job);
        if (t.kubernetes && context.platformKnown && context.platform !== "kubernetes") {
            problems.push(
                `${keyName("platformTargets", [i, "kubernetes"])}: discovery needs platform kubernetes; on ${context.platform} write targets: [host:port]`,
            );
        }
        for (const ns of t.kubernetes?.namespaces ?? []) {
            if (context.platform === "kubernetes" && context.namespacesKnown && !context.discoveryNamespaces.includes(ns))
                problems.push(
                    `${keyName("platformTargets", [i, "kubernetes", "namespaces"])}: Prometheus does not watch namespace ${ns}; add it to monitoring:clientNamespaces`,
                );
        }
        if (t.credentials && (!context.credentialsSet || (context.credentialJobs !== undefined && !context.credentialJobs.includes(t.job)))) {
            problems.push(
                `${keyName("platformTargets", [i, "credentials"])}: needs the secret monitoring:scrapeCredentials.${t.job}; set it with: ${setSecretCommand("scrapeCredentials", t.job)}`,
            );
        }
    });
    return given.map((t) => ({
        job: t.job,
        targets: [...(t.targets ?? [])],
        ...(t.kubernetes
            ? {
                  kubernetes: {
                      role: t.kubernetes.role,
                      namespaces: [...new Set(t.kubernetes.namespaces ?? context.clientNamespaces)].sort(),
                      ...(t.kubernetes.selector ? { selector: t.kubernetes.selector } : {}),
                      ...(t.kubernetes.annotation ? { annotation: t.kubernetes.annotation } : {}),
                      ...(t.kubernetes.port !== undefined ? { port: t.kubernetes.port } : {}),
                  },
              }
            : {}),
        metricsPath: t.metricsPath ?? "/metrics",
        scheme: t.scheme ?? "http",
        ...(t.scrapeInterval ? { scrapeInterval: t.scrapeInterval } : {}),
        ...(t.labels ? { labels: sortedRecord(t.labels) } : {}),
        ...(t.credentials
            ? { credentials: t.credentials.type === "basic" ? { type: "basic" as const, username: t.credentials.username! } : { type: "bearer" as const } }
            : {}),
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
