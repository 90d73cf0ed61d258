// Cluster-scoped read access a workload needs beyond its namespace Roles: the nodes and their kubelet metrics (Prometheus'
// kubelet and cAdvisor jobs). Kept apart from the namespace Roles so either can change without touching the other.
import { StackConfig } from "../../config/types";
import { Workload } from "../workload";
import { commonLabels } from "./labels";
import type { DeclaredObject } from "./objects";

/** Name of the ClusterRole and its binding that let a workload read nodes and their kubelet metrics. */
export const nodeMetricsAccessName = (config: StackConfig, workload: Workload) => `monitoring-${config.stack}-${workload.component}-node-metrics`;

/** list/watch on nodes (node discovery) and get on nodes/metrics (the kubelet's /metrics and /metrics/cadvisor), nothing else. */
export function nodeMetricsAccess(config: StackConfig, workload: Workload): DeclaredObject[] {
    if (!workload.readsNodeMetrics) return [];
    const name = nodeMetricsAccessName(config, workload);
    const metadata = { name, labels: commonLabels(config, workload.component, workload.image) };
    return [
        {
            object: {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "ClusterRole",
                metadata,
                rules: [
                    { apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "watch"] },
                    { apiGroups: [""], resources: ["nodes/metrics"], verbs: ["get"] },
                ],
            },
            keepsData: false,
        },
        {
            object: {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "ClusterRoleBinding",
                metadata,
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
                subjects: [{ kind: "ServiceAccount", name: workload.component, namespace: config.kubernetes.namespace }],
            },
            keepsData: false,
        },
    ];
}
