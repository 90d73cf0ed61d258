// Where a Kubernetes stack looks for targets and logs: shared by the rendered configs and the RBAC that allows it.
import { StackConfig } from "../config/types";

/** Namespaces Prometheus and Promtail discover in: the stack's own and the platform's (config `clientNamespaces`). */
export function discoveryNamespaces(config: StackConfig): string[] {
    return [...new Set([config.kubernetes.namespace, ...config.kubernetes.clientNamespaces])].sort();
}
