// The only cluster-wide access the stack holds: an authenticating proxy reviews callers, a scraper may read /metrics,
// and Prometheus reads nodes and their kubelet metrics. Kept apart from the namespace Roles so either can change alone.
import { StackConfig } from "../../model/config/types";
import { Workload } from "../../components/base/workload";
import { commonLabels } from "./labels";
import { componentNamespace } from "../../model/discovery";
import type { DeclaredObject } from "./declared-object";

const rbac = "rbac.authorization.k8s.io/v1";

/** `monitoring-<stack>-<component>-<purpose>`: the ClusterRole and its binding share it. */
const clusterRoleName = (config: StackConfig, workload: Workload, purpose: string) => `monitoring-${config.stack}-${workload.component}-${purpose}`;

function clusterRoleWithBinding(config: StackConfig, workload: Workload, purpose: string, rules: Record<string, unknown>[]): DeclaredObject[] {
    const name = clusterRoleName(config, workload, purpose);
    const metadata = { name, labels: commonLabels(config, workload.component, workload.image) };
    return [
        { object: { apiVersion: rbac, kind: "ClusterRole", metadata, rules }, keepsData: false },
        {
            object: {
                apiVersion: rbac,
                kind: "ClusterRoleBinding",
                metadata,
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
                subjects: [{ kind: "ServiceAccount", name: workload.component, namespace: componentNamespace(config, workload.component) }],
            },
            keepsData: false,
        },
    ];
}

/**
 * ClusterRoles a workload needs, and nothing else: creating TokenReviews and SubjectAccessReviews (what kube-rbac-proxy
 * asks the API server about each caller), `get` on the non-resource URL /metrics (what the proxy checks a scraper for),
 * and list/watch on nodes with get on nodes/metrics (the kubelet's /metrics and /metrics/cadvisor).
 * All are cluster-scoped by nature: reviews, non-resource URLs and nodes have no namespace.
 */
export function clusterAccess(config: StackConfig, workload: Workload): DeclaredObject[] {
    const reviews = (workload.sidecars ?? []).some((s) => s.authenticatesClients)
        ? clusterRoleWithBinding(config, workload, "auth-proxy", [
              { apiGroups: ["authentication.k8s.io"], resources: ["tokenreviews"], verbs: ["create"] },
              { apiGroups: ["authorization.k8s.io"], resources: ["subjectaccessreviews"], verbs: ["create"] },
          ])
        : [];
    const metrics = workload.readsAuthenticatedMetrics
        ? clusterRoleWithBinding(config, workload, "metrics-reader", [{ nonResourceURLs: ["/metrics"], verbs: ["get"] }])
        : [];
    const nodes = workload.readsNodeMetrics
        ? clusterRoleWithBinding(config, workload, "node-metrics", [
              { apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "watch"] },
              { apiGroups: [""], resources: ["nodes/metrics"], verbs: ["get"] },
          ])
        : [];
    return [...reviews, ...metrics, ...nodes];
}

/** Whether the workload's pods need an API token: to discover, to review callers, or to prove who they are. */
export function needsApiToken(workload: Workload): boolean {
    return (
        (workload.discovers ?? []).length > 0 ||
        (workload.sidecars ?? []).some((s) => s.authenticatesClients) ||
        workload.readsAuthenticatedMetrics === true ||
        workload.readsNodeMetrics === true
    );
}
