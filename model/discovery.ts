// Where a Kubernetes stack looks for targets and logs: shared by the rendered configs and the RBAC that allows it.
import { StackConfig } from "./config/types";

/** Namespaces Prometheus and Promtail discover in: the stack's own and the platform's (config `clientNamespaces`). */
export function discoveryNamespaces(config: StackConfig): string[] {
    return [...new Set([config.kubernetes.namespace, ...config.kubernetes.clientNamespaces])].sort();
}

/** Components that run on every node with host access: on Kubernetes they live in their own, privileged namespace. */
export const nodeAgentComponents = ["promtail", "node-exporter"] as const;

/** The namespace of the node agents (`<namespace>-node`): only it allows host access (Pod Security `privileged`). */
export function nodeAgentNamespace(config: StackConfig): string {
    return `${config.kubernetes.namespace}-node`;
}

/** The namespace a component runs in on Kubernetes. */
export function componentNamespace(config: StackConfig, component: string): string {
    return (nodeAgentComponents as readonly string[]).includes(component) ? nodeAgentNamespace(config) : config.kubernetes.namespace;
}

/**
 * Namespaces whose pods, claims and workloads the stack watches (Prometheus' discovery, kube-state-metrics, the kubelet
 * series kept): the discovery namespaces plus the node agents' own, so a crash-looping agent alerts like any other pod.
 */
export function watchedNamespaces(config: StackConfig): string[] {
    const agents = nodeAgentComponents.some((c) => (config.components as readonly string[]).includes(c)) ? [nodeAgentNamespace(config)] : [];
    return [...new Set([...discoveryNamespaces(config), ...agents])].sort();
}
