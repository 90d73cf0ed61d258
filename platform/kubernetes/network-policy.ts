// Who may reach a workload's ports: each port's clients and nothing else.
import type * as k8s from "@pulumi/kubernetes";
import { StackConfig } from "../../model/config/types";
import { PortClient } from "../../model/clients";
import { componentNamespace } from "../../model/discovery";
import { Workload } from "../../components/base/workload";
import { DeclaredObject, meta } from "./declared-object";
import { selectorLabels } from "./labels";
import { allPorts } from "./services";

function peerOf(config: StackConfig, workload: Workload, client: PortClient): k8s.types.input.networking.v1.NetworkPolicyPeer[] {
    if (client === "platform-services") {
        const names = config.kubernetes.clientNamespaces;
        return names.length > 0
            ? [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [...names] }] } }]
            : [];
    }
    if (client === "users") {
        // People arrive through the ingress controller; without an Ingress only `kubectl port-forward` reaches the port.
        const controller = workload.ingress?.controllerNamespace;
        return controller ? [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": controller } } }] : [];
    }
    const pods = { podSelector: { matchLabels: selectorLabels(config, client) } };
    // A component in the other namespace of the stack (node agents and the rest) is named by namespace and pod labels.
    const namespace = componentNamespace(config, client);
    if (namespace === componentNamespace(config, workload.component)) return [pods];
    return [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } }, ...pods }];
}

/** Admits each port's clients and nothing else (the namespace denies all other ingress). */
export function networkPolicy(config: StackConfig, workload: Workload): DeclaredObject {
    const rules: k8s.types.input.networking.v1.NetworkPolicyIngressRule[] = [];
    for (const port of allPorts(workload)) {
        const from = port.clients.flatMap((c) => peerOf(config, workload, c));
        if (from.length > 0) rules.push({ from, ports: [{ port: port.port, protocol: "TCP" }] });
    }
    if (workload.peerPort) {
        rules.push({
            from: [{ podSelector: { matchLabels: selectorLabels(config, workload.component) } }],
            ports: [
                { port: workload.peerPort.port, protocol: "TCP" },
                { port: workload.peerPort.port, protocol: "UDP" },
            ],
        });
    }
    return {
        object: {
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: meta(config, workload, workload.component),
            spec: {
                podSelector: { matchLabels: selectorLabels(config, workload.component) },
                policyTypes: ["Ingress"],
                ingress: rules,
            } satisfies k8s.types.input.networking.v1.NetworkPolicySpec,
        },
        keepsData: false,
    };
}
