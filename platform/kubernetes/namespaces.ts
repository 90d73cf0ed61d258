// The stack's namespaces: the main one at Pod Security `restricted`, the node agents' at `privileged`; each denies ingress.
import { StackConfig } from "../../model/config/types";
import { deploys, nodeAgentComponents, nodeAgentNamespace } from "../../model/endpoints";
import { declared, DeclaredObject, stackLabels } from "./objects";

/**
 * The Pod Security Standards version the levels are pinned to (a minor version, not `latest`): a cluster upgrade that
 * tightens a level does not start rejecting pods unannounced; raise it on purpose after reading the release notes. The
 * `restricted` rules tests/support/pod-security.ts checks are those of this version.
 */
const podSecurityVersion = "v1.33";

type PodSecurityLevel = "restricted" | "privileged";

/** enforce, warn and audit at one level, each pinned to `podSecurityVersion`. */
function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
    return Object.fromEntries(
        ["enforce", "warn", "audit"].flatMap((mode) => [
            [`pod-security.kubernetes.io/${mode}`, level],
            [`pod-security.kubernetes.io/${mode}-version`, podSecurityVersion],
        ]),
    );
}

function namespaceWithDefaultDeny(name: string, level: PodSecurityLevel, holdsClaims: boolean): DeclaredObject[] {
    return [
        // Deleting a namespace deletes every claim in it.
        declared({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { ...stackLabels, ...podSecurityLabels(level) } } }, holdsClaims),
        declared({
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: { name: "default-deny-ingress", namespace: name, labels: stackLabels },
            spec: { podSelector: {}, policyTypes: ["Ingress"] },
        }),
    ];
}

/**
 * The stack's namespace, where every pod meets the `restricted` level; and, when node agents are deployed, theirs: host
 * PID and network and hostPath volumes are allowed only at `privileged`, so they are confined to a namespace of their own.
 */
export function namespaceObjects(config: StackConfig): DeclaredObject[] {
    const agents = nodeAgentComponents.some((c) => deploys(config, c));
    return [
        ...namespaceWithDefaultDeny(config.namespace, "restricted", true),
        ...(agents ? namespaceWithDefaultDeny(nodeAgentNamespace(config), "privileged", false) : []),
    ];
}
