// A workload's identity in the cluster: its ServiceAccount and read-only discovery Roles in the namespaces it watches.
import { StackConfig } from "../../model/config/types";
import { componentNamespace, discoveryNamespaces } from "../../model/discovery";
import { Workload } from "../../components/base/workload";
import { needsApiToken } from "./cluster-access";
import { DeclaredObject, meta } from "./declared-object";

export function serviceAccount(config: StackConfig, workload: Workload): DeclaredObject {
    return {
        object: {
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: meta(config, workload, workload.component),
            automountServiceAccountToken: needsApiToken(workload),
        },
        keepsData: false,
    };
}

/** Read-only access to exactly what the workload discovers, in each discovery namespace (Roles, never a ClusterRole). */
export function discoveryAccess(config: StackConfig, workload: Workload): DeclaredObject[] {
    const discovers = [...(workload.discovers ?? [])].sort();
    if (discovers.length === 0) return [];
    const rules = [
        { apiGroups: [""], resources: discovers, verbs: ["get", "list", "watch"] },
        // Prometheus' endpointslice role reads the discovery API's EndpointSlices.
        ...(discovers.includes("endpoints") ? [{ apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "list", "watch"] }] : []),
    ];
    const name = `monitoring-${config.stack}-${workload.component}-discovery`;
    return [...(workload.discoveryNamespaces ?? discoveryNamespaces(config))].flatMap((namespace) => [
        { object: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: meta(config, workload, name, namespace), rules }, keepsData: false },
        {
            object: {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "RoleBinding",
                metadata: meta(config, workload, name, namespace),
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
                subjects: [{ kind: "ServiceAccount", name: workload.component, namespace: componentNamespace(config, workload.component) }],
            },
            keepsData: false,
        },
    ]);
}
