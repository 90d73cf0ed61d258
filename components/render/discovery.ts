// Where a Kubernetes stack looks for targets and logs: shared by the rendered configs and the RBAC that allows it.
import { StackConfig } from "../config/types";

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
