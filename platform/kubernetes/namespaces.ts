// The stack's namespaces: the main one at Pod Security `restricted`, the node agents' at `privileged`; each denies ingress.
import { StackConfig } from "../../model/config/types";
import { deploys, nodeAgentComponents, nodeAgentNamespace } from "../../model/endpoints";
import { declared, DeclaredObject, stackLabels } from "./objects";

/** Pinned, so a cluster upgrade cannot start rejecting pods unannounced (raise it after the release notes); tests/support/pod-security.ts checks its rules. */
const podSecurityVersion = "v1.33";

type PodSecurityLevel = "restricted" | "privileged";

function namespaceWithDefaultDeny(name: string, level: PodSecurityLevel, holdsClaims: boolean): DeclaredObject[] {
    const podSecurity = ["enforce", "warn", "audit"].flatMap((mode) => [
        [`pod-security.kubernetes.io/${mode}`, level],
        [`pod-security.kubernetes.io/${mode}-version`, podSecurityVersion],
    ]);
    return [
        // Deleting a namespace deletes every claim in it.
        declared({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { ...stackLabels, ...Object.fromEntries(podSecurity) } } }, holdsClaims),
        declared({
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: { name: "default-deny-ingress", namespace: name, labels: stackLabels },
            spec: { podSelector: {}, policyTypes: ["Ingress"] },
        }),
    ];
}

/** Node agents get a namespace of their own: host PID, host network and hostPath volumes are allowed only at `privileged`. */
export function namespaceObjects(config: StackConfig): DeclaredObject[] {
    return [
        ...namespaceWithDefaultDeny(config.namespace, "restricted", true),
        ...(nodeAgentComponents.some((c) => deploys(config, c)) ? namespaceWithDefaultDeny(nodeAgentNamespace(config), "privileged", false) : []),
    ];
}
