// Default sizes on Kubernetes: each container's requests and limits, each claim's storage.
import { ComponentName } from "./catalog";
import { claimedComponents } from "./schema";

export type ClaimedComponent = (typeof claimedComponents)[number];

export interface ResourceAmounts {
    /** CPU, e.g. `250m` or `2`. */
    readonly cpu: string;
    /** Memory, e.g. `512Mi`. */
    readonly memory: string;
}

export interface ResourceRequirements {
    /** What the scheduler reserves for the container. */
    readonly requests: ResourceAmounts;
    /** What the container may use at most (memory above it is OOM-killed, CPU above it throttled). */
    readonly limits: ResourceAmounts;
}

/** Requests and limits per container; sized for the platform's three services and a few nodes. */
export const defaultResources: Readonly<Record<ComponentName, ResourceRequirements>> = {
    prometheus: { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
    grafana: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    loki: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } },
    promtail: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    tempo: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } },
    alertmanager: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    "node-exporter": { requests: { cpu: "50m", memory: "32Mi" }, limits: { cpu: "250m", memory: "128Mi" } },
};

/** Claim size per stateful component: Prometheus holds the 50GB retention size with headroom for WAL and compaction. */
export const defaultStorageSizes: Readonly<Record<ClaimedComponent, string>> = {
    prometheus: "60Gi",
    grafana: "5Gi",
    loki: "50Gi",
    tempo: "20Gi",
    alertmanager: "1Gi",
};
