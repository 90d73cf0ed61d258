// How a workload is reached and by whom: its Services, an Ingress or HTTPRoute for people, a NetworkPolicy admitting each port's clients only.
import type * as k8s from "@pulumi/kubernetes";
import { StackConfig } from "../../model/config/types";
import { componentNamespace, headlessServiceName, PortClient } from "../../model/endpoints";
import { Workload, WorkloadPort } from "../../components/workload";
import { declared, DeclaredObject, KubernetesObject, kubernetesPortName, meta, selectorLabels } from "./objects";

const allPorts = (workload: Workload): WorkloadPort[] => [...workload.ports, ...(workload.sidecars ?? []).flatMap((s) => s.ports)];

export function services(config: StackConfig, workload: Workload): DeclaredObject[] {
    const selector = selectorLabels(config, workload.component);
    const ports = allPorts(workload).map((p) => ({ name: kubernetesPortName(p.name), port: p.port, targetPort: p.port, protocol: "TCP" }));
    const service = (name: string, spec: k8s.types.input.core.v1.ServiceSpec) =>
        declared({ apiVersion: "v1", kind: "Service", metadata: meta(config, workload, name), spec });
    const main = service(workload.component, { type: "ClusterIP", selector, ports });
    if (!workload.stableIdentity) return [main];
    // Stable per-replica names (<component>-<i>.<headless>), published before readiness so peers can find each other.
    const peer = workload.peerPort;
    const peerPorts = peer
        ? (["tcp", "udp"] as const).map((p) => ({ name: `${peer.name}-${p}`, port: peer.port, targetPort: peer.port, protocol: p.toUpperCase() }))
        : [];
    return [
        main,
        service(headlessServiceName(workload.component), { clusterIP: "None", publishNotReadyAddresses: true, selector, ports: [...ports, ...peerPorts] }),
    ];
}

export function ingress(config: StackConfig, workload: Workload): DeclaredObject[] {
    const entry = workload.ingress;
    if (!entry) return [];
    const annotations = Object.keys(entry.annotations).length > 0 ? { annotations: { ...entry.annotations } } : {};
    const backend = { service: { name: workload.component, port: { number: entry.port } } };
    return [
        declared({
            apiVersion: "networking.k8s.io/v1",
            kind: "Ingress",
            metadata: { ...meta(config, workload, workload.component), ...annotations },
            spec: {
                ...(entry.className ? { ingressClassName: entry.className } : {}),
                tls: [{ hosts: [entry.host], secretName: entry.tlsSecretName }],
                rules: [{ host: entry.host, http: { paths: [{ path: "/", pathType: "Prefix", backend }] } }],
            } satisfies k8s.types.input.networking.v1.IngressSpec,
        }),
    ];
}

export function httpRoute(config: StackConfig, workload: Workload): DeclaredObject[] {
    const entry = workload.httpRoute;
    if (!entry) return [];
    const { name, namespace, sectionName } = entry.gateway;
    // A Gateway API resource: the SDK has no class for it.
    const spec = {
        parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name, namespace, ...(sectionName ? { sectionName } : {}) }],
        hostnames: [entry.host],
        rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: [{ name: workload.component, port: entry.port }] }],
    };
    return [declared({ apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: meta(config, workload, workload.component), spec })];
}

const namespaceSelector = (name: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } });

function peerOf(config: StackConfig, workload: Workload, client: PortClient): k8s.types.input.networking.v1.NetworkPolicyPeer[] {
    if (client === "platform-services") {
        const names = config.clientNamespaces;
        return names.length > 0
            ? [{ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [...names] }] } }]
            : [];
    }
    // People arrive through the ingress controller or the gateway's proxies; without either only `kubectl port-forward` reaches the port.
    if (client === "users") {
        const gateway = workload.httpRoute?.gateway;
        const from = workload.ingress?.controllerNamespace ?? gateway?.proxyNamespace ?? gateway?.namespace;
        return from ? [namespaceSelector(from)] : [];
    }
    const pods = { podSelector: { matchLabels: selectorLabels(config, client) } };
    // A component in the other namespace of the stack (node agents and the rest) is named by namespace and pod labels.
    const namespace = componentNamespace(config, client);
    return namespace === componentNamespace(config, workload.component) ? [pods] : [{ ...namespaceSelector(namespace), ...pods }];
}

export function networkPolicy(config: StackConfig, workload: Workload): DeclaredObject {
    const rules: k8s.types.input.networking.v1.NetworkPolicyIngressRule[] = allPorts(workload).flatMap((port) => {
        const from = port.clients.flatMap((c) => peerOf(config, workload, c));
        return from.length > 0 ? [{ from, ports: [{ port: port.port, protocol: "TCP" }] }] : [];
    });
    const own = { podSelector: { matchLabels: selectorLabels(config, workload.component) } };
    const peer = workload.peerPort;
    if (peer) rules.push({ from: [own], ports: (["TCP", "UDP"] as const).map((protocol) => ({ port: peer.port, protocol })) });
    return declared(admission(config, workload.component, meta(config, workload, workload.component), rules));
}

/** Admits `ingress` to the component's pods; their namespace denies all other ingress. */
export function admission(
    config: StackConfig,
    component: string,
    metadata: KubernetesObject["metadata"],
    ingress: k8s.types.input.networking.v1.NetworkPolicyIngressRule[],
): KubernetesObject {
    const spec: k8s.types.input.networking.v1.NetworkPolicySpec = {
        podSelector: { matchLabels: selectorLabels(config, component) },
        policyTypes: ["Ingress"],
        ingress,
    };
    return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata, spec };
}
