// The only cluster-wide access the stack holds: an authenticating proxy reviews callers, a scraper may read /metrics.
import { StackConfig } from "../../config/types";
import { Workload } from "../workload";
import { commonLabels } from "./labels";
import { componentNamespace } from "../../render/discovery";
import type { DeclaredObject } from "./objects";

const rbac = "rbac.authorization.k8s.io/v1";

function clusterRoleWithBinding(config: StackConfig, workload: Workload, purpose: string, rules: Record<string, unknown>[]): DeclaredObject[] {
    const name = `monitoring-${config.stack}-${workload.component}-${purpose}`;
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
 * asks the API server about each caller), and `get` on the non-resource URL /metrics (what the proxy checks a scraper for).
 * Both are cluster-scoped by nature: reviews and non-resource URLs have no namespace.
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
    return [...reviews, ...metrics];
}

/** Whether the workload's pods need an API token: to discover, to review callers, or to prove who they are. */
export function needsApiToken(workload: Workload): boolean {
    return (workload.discovers ?? []).length > 0 || (workload.sidecars ?? []).some((s) => s.authenticatesClients) || workload.readsAuthenticatedMetrics === true;
}
