// A workload's ServiceAccount, read-only discovery Roles, and the only cluster-wide access the stack holds (reviews, /metrics, node metrics).
import { StackConfig } from "../../model/config/types";
import { componentNamespace } from "../../model/endpoints";
import { Workload } from "../../components/workload";
import { commonLabels, declared, DeclaredObject, KubernetesObject, meta } from "./objects";

const rbac = "rbac.authorization.k8s.io/v1";
const ownAccount = (config: StackConfig, workload: Workload) => ({ name: workload.component, namespace: componentNamespace(config, workload.component) });
const authenticatesClients = (workload: Workload) => (workload.sidecars ?? []).some((s) => s.authenticatesClients);

/** Whether the workload's pods need an API token: to discover, to review callers, or to prove who they are. */
export function needsApiToken(workload: Workload): boolean {
    const api = workload.api ?? {};
    return (api.discovers?.kinds ?? []).length > 0 || authenticatesClients(workload) || api.authenticatedMetrics === true || api.nodeMetrics === true;
}

export const accountObject = (metadata: KubernetesObject["metadata"], automountServiceAccountToken: boolean): KubernetesObject => ({
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata,
    automountServiceAccountToken,
});

export const serviceAccount = (config: StackConfig, workload: Workload) =>
    declared(accountObject(meta(config, workload, workload.component), needsApiToken(workload)));

export function boundRole(kind: "Role" | "ClusterRole", metadata: KubernetesObject["metadata"], rules: object[], account: { name: string; namespace: string }) {
    return [
        { apiVersion: rbac, kind, metadata, rules },
        {
            apiVersion: rbac,
            kind: `${kind}Binding`,
            metadata,
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind, name: metadata.name },
            subjects: [{ kind: "ServiceAccount", ...account }],
        },
    ].map((o) => declared(o));
}

/** Read-only access to exactly what the workload discovers, in each namespace it discovers in (Roles, never a ClusterRole). */
export function discoveryAccess(config: StackConfig, workload: Workload): DeclaredObject[] {
    const discovers = [...(workload.api?.discovers?.kinds ?? [])].sort();
    if (discovers.length === 0) return [];
    const rules = [
        { apiGroups: [""], resources: discovers, verbs: ["get", "list", "watch"] },
        // Prometheus' endpointslice role reads the discovery API's EndpointSlices.
        ...(discovers.includes("endpoints") ? [{ apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "list", "watch"] }] : []),
    ];
    const name = `monitoring-${config.stack}-${workload.component}-discovery`;
    return workload.api!.discovers!.namespaces.flatMap((namespace) =>
        boundRole("Role", meta(config, workload, name, namespace), rules, ownAccount(config, workload)),
    );
}

/** ClusterRoles (reviews, URLs, nodes have no namespace): kube-rbac-proxy's reviews, the /metrics it checks, kubelets' /metrics and /metrics/cadvisor. */
export function clusterAccess(config: StackConfig, workload: Workload): DeclaredObject[] {
    const role = (purpose: string, rules: object[]) => {
        const metadata = {
            name: `monitoring-${config.stack}-${workload.component}-${purpose}`,
            labels: commonLabels(config, workload.component, workload.image),
        };
        return boundRole("ClusterRole", metadata, rules, ownAccount(config, workload));
    };
    return [
        ...(authenticatesClients(workload)
            ? role("auth-proxy", [
                  { apiGroups: ["authentication.k8s.io"], resources: ["tokenreviews"], verbs: ["create"] },
                  { apiGroups: ["authorization.k8s.io"], resources: ["subjectaccessreviews"], verbs: ["create"] },
              ])
            : []),
        ...(workload.api?.authenticatedMetrics ? role("metrics-reader", [{ nonResourceURLs: ["/metrics"], verbs: ["get"] }]) : []),
        ...(workload.api?.nodeMetrics
            ? role("node-metrics", [
                  { apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "watch"] },
                  { apiGroups: [""], resources: ["nodes/metrics"], verbs: ["get"] },
              ])
            : []),
    ];
}
