// How a workload is reached: its Service (and a headless one for stable per-replica names) and, for people, its Ingress.
import type * as k8s from "@pulumi/kubernetes";
import { StackConfig } from "../../model/config/types";
import { headlessServiceName } from "../../model/endpoints";
import { Workload, WorkloadPort } from "../../components/base/workload";
import { DeclaredObject, KubernetesObject, meta } from "./declared-object";
import { kubernetesPortName, selectorLabels } from "./labels";

/** The workload's ports and its sidecars': what its Service and NetworkPolicy expose. */
export function allPorts(workload: Workload): WorkloadPort[] {
    return [...workload.ports, ...(workload.sidecars ?? []).flatMap((s) => s.ports)];
}

export function services(config: StackConfig, workload: Workload): DeclaredObject[] {
    const selector = selectorLabels(config, workload.component);
    const ports = allPorts(workload).map((p) => ({ name: kubernetesPortName(p.name), port: p.port, targetPort: p.port, protocol: "TCP" }));
    const main: KubernetesObject = {
        apiVersion: "v1",
        kind: "Service",
        metadata: meta(config, workload, workload.component),
        spec: { type: "ClusterIP", selector, ports } satisfies k8s.types.input.core.v1.ServiceSpec,
    };
    if (!workload.stableIdentity) return [{ object: main, keepsData: false }];
    // Stable per-replica names (<component>-<i>.<headless>), published before readiness so peers can find each other.
    const peer = workload.peerPort;
    const headless: KubernetesObject = {
        apiVersion: "v1",
        kind: "Service",
        metadata: meta(config, workload, headlessServiceName(workload.component)),
        spec: {
            clusterIP: "None",
            publishNotReadyAddresses: true,
            selector,
            ports: [
                ...ports,
                ...(peer
                    ? [
                          { name: `${peer.name}-tcp`, port: peer.port, targetPort: peer.port, protocol: "TCP" },
                          { name: `${peer.name}-udp`, port: peer.port, targetPort: peer.port, protocol: "UDP" },
                      ]
                    : []),
            ],
        } satisfies k8s.types.input.core.v1.ServiceSpec,
    };
    return [
        { object: main, keepsData: false },
        { object: headless, keepsData: false },
    ];
}

export function ingress(config: StackConfig, workload: Workload): DeclaredObject[] {
    const entry = workload.ingress;
    if (!entry) return [];
    return [
        {
            object: {
                apiVersion: "networking.k8s.io/v1",
                kind: "Ingress",
                metadata: {
                    ...meta(config, workload, workload.component),
                    ...(entry.annotations && Object.keys(entry.annotations).length > 0 ? { annotations: { ...entry.annotations } } : {}),
                },
                spec: {
                    ...(entry.className ? { ingressClassName: entry.className } : {}),
                    tls: [{ hosts: [entry.host], secretName: entry.tlsSecretName }],
                    rules: [
                        {
                            host: entry.host,
                            http: {
                                paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: workload.component, port: { number: entry.port } } } }],
                            },
                        },
                    ],
                } satisfies k8s.types.input.networking.v1.IngressSpec,
            },
            keepsData: false,
        },
    ];
}
