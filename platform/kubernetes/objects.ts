// Every Kubernetes object one workload needs, as plain data (apiVersion, kind, the rest): pure, so tests can check each
// against the Kubernetes OpenAPI schema without an engine.
import * as crypto from "crypto";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../../model/config/types";
import { componentNamespace, discoveryNamespaces } from "../../model/discovery";
import { headlessServiceName } from "../../model/endpoints";
import { Workload, WorkloadPort } from "../../components/base/workload";
import { PortClient } from "../../model/clients";
import { claimPatches } from "./claims";
import { clusterAccess, needsApiToken } from "./cluster-access";
import { commonLabels, fileKey, kubernetesPortName, selectorLabels } from "./labels";
import { claimName, configMapName, podTemplate, reloadsInPlace, secretName, volumeSourceOf } from "./pod";

export interface KubernetesObject {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> } & Record<string, unknown>;
    readonly [field: string]: unknown;
}

/** An object and whether it holds data that must outlive `pulumi destroy` when the stack retains data. */
export interface DeclaredObject {
    readonly object: KubernetesObject;
    readonly keepsData: boolean;
    /** Input paths kept as first created (Pulumi's ignoreChanges): fields Kubernetes cannot change in place. */
    readonly ignoreChanges?: readonly string[];
    /** A patch of an object the workload's controller creates (a claim): declared after the controller is ready, never undone. */
    readonly patchesControllerObject?: boolean;
}

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

function meta(config: StackConfig, workload: Workload, name: string, namespace = componentNamespace(config, workload.component)) {
    return { name, namespace, labels: commonLabels(config, workload.component, workload.image) };
}

/**
 * ConfigMap of the plain files and Secret of the credentials, keyed by path; plus the hashes that roll the pods. The
 * credentials' hash is an HMAC under the stack's secret `checksumKey`: safe to show in the pod template (whoever can read
 * it cannot test guesses of a weak password against it), so it is not a secret and the template's diff stays readable.
 */
function files(
    config: StackConfig,
    workload: Workload,
    checksumKey: pulumi.Input<string>,
): { objects: DeclaredObject[]; annotations: Record<string, pulumi.Input<string>> } {
    const plain = workload.files.filter((f) => !f.secret);
    const secret = workload.files.filter((f) => f.secret);
    const objects: DeclaredObject[] = [];
    const annotations: Record<string, pulumi.Input<string>> = {};
    if (plain.length > 0) {
        const data = Object.fromEntries(plain.map((f) => [fileKey(f.path), f.content as string]).sort(([a], [b]) => (a < b ? -1 : 1)));
        objects.push({ object: { apiVersion: "v1", kind: "ConfigMap", metadata: meta(config, workload, configMapName(workload)), data }, keepsData: false });
        // Files the process reloads in place never roll its pods: a restart would cost a WAL replay.
        const restartOnly = plain.filter((f) => !reloadsInPlace(workload, f.path)).map((f) => fileKey(f.path));
        if (restartOnly.length > 0) annotations["checksum/config"] = sha256(JSON.stringify(Object.fromEntries(restartOnly.sort().map((k) => [k, data[k]]))));
    }
    if (secret.length > 0) {
        const stringData = Object.fromEntries(secret.map((f) => [fileKey(f.path), pulumi.secret(f.content)]));
        objects.push({
            object: { apiVersion: "v1", kind: "Secret", type: "Opaque", metadata: meta(config, workload, secretName(workload)), stringData },
            keepsData: false,
        });
        annotations["checksum/secrets"] = pulumi.unsecret(
            pulumi
                .all([checksumKey, ...secret.map((f) => f.content)])
                .apply(([key, ...values]) => crypto.createHmac("sha256", key).update(JSON.stringify(values)).digest("hex")),
        );
    }
    return { objects, annotations };
}

/** The workload's ports and its sidecars': what its Service and NetworkPolicy expose. */
function allPorts(workload: Workload): WorkloadPort[] {
    return [...workload.ports, ...(workload.sidecars ?? []).flatMap((s) => s.ports)];
}

function services(config: StackConfig, workload: Workload): DeclaredObject[] {
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

function controller(config: StackConfig, workload: Workload, annotations: Record<string, pulumi.Input<string>>): DeclaredObject[] {
    const podTemplateSpec = podTemplate(config, workload, annotations);
    const selector = { matchLabels: selectorLabels(config, workload.component) };
    const replicas = workload.replicas ?? 1;
    const source = volumeSourceOf(workload);
    if (workload.perNode) {
        return [
            {
                object: {
                    apiVersion: "apps/v1",
                    kind: "DaemonSet",
                    metadata: meta(config, workload, workload.component),
                    spec: {
                        selector,
                        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
                        template: podTemplateSpec,
                    } satisfies k8s.types.input.apps.v1.DaemonSetSpec,
                },
                keepsData: false,
            },
        ];
    }
    if (source === "claim-template") {
        const size = storageSize(config, workload);
        return [
            {
                object: {
                    apiVersion: "apps/v1",
                    kind: "StatefulSet",
                    metadata: meta(config, workload, workload.component),
                    spec: {
                        serviceName: headlessServiceName(workload.component),
                        replicas,
                        // Immutable, so one value for any replica count: replicas start together (peers wait for each other).
                        podManagementPolicy: "Parallel",
                        selector,
                        updateStrategy: { type: "RollingUpdate" },
                        // Claims outlive the StatefulSet and any scale-down: data is removed on purpose only.
                        persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
                        volumeClaimTemplates: workload.volumes.map((v) => ({
                            metadata: { name: v.name, labels: selectorLabels(config, workload.component) },
                            spec: claimSpec(config, size),
                        })),
                        template: podTemplateSpec,
                    } satisfies k8s.types.input.apps.v1.StatefulSetSpec,
                },
                keepsData: workload.volumes.length > 0,
                // Immutable: the templates stay as first created; existing claims grow through their patches below.
                ignoreChanges: ["spec.volumeClaimTemplates"],
            },
            ...claimPatches(config, workload, size),
        ];
    }
    const claims: DeclaredObject[] = workload.volumes.map((v) => ({
        object: {
            apiVersion: "v1",
            kind: "PersistentVolumeClaim",
            metadata: meta(config, workload, claimName(workload, v.name)),
            spec: claimSpec(config, storageSize(config, workload)),
        },
        keepsData: true,
        // The class is immutable (a change would replace the claim); its size grows in place.
        ignoreChanges: ["spec.storageClassName"],
    }));
    const deployment: KubernetesObject = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: meta(config, workload, workload.component),
        // One writer on a ReadWriteOnce claim: stop the old pod before the new one mounts it.
        spec: {
            replicas,
            selector,
            strategy: { type: claims.length > 0 ? "Recreate" : "RollingUpdate" },
            template: podTemplateSpec,
        } satisfies k8s.types.input.apps.v1.DeploymentSpec,
    };
    return [...claims, { object: deployment, keepsData: false }];
}

export function storageSize(config: StackConfig, workload: Workload): string {
    const size = (config.kubernetes.storageSizes as Record<string, string | undefined>)[workload.component];
    if (size === undefined) throw new Error(`${workload.component} keeps data but monitoring:storageSizes has no size for it`);
    return size;
}

export function claimSpec(config: StackConfig, size: string): k8s.types.input.core.v1.PersistentVolumeClaimSpec {
    return {
        accessModes: ["ReadWriteOnce"],
        ...(config.kubernetes.storageClass ? { storageClassName: config.kubernetes.storageClass } : {}),
        resources: { requests: { storage: size } },
    };
}

function serviceAccount(config: StackConfig, workload: Workload): DeclaredObject {
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
function discoveryAccess(config: StackConfig, workload: Workload): DeclaredObject[] {
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
function networkPolicy(config: StackConfig, workload: Workload): DeclaredObject {
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

function disruptionBudget(config: StackConfig, workload: Workload): DeclaredObject[] {
    if ((workload.replicas ?? 1) <= 1) return [];
    return [
        {
            object: {
                apiVersion: "policy/v1",
                kind: "PodDisruptionBudget",
                metadata: meta(config, workload, workload.component),
                // A drain takes one replica at a time; the others keep the cluster's quorum of notifications.
                spec: {
                    maxUnavailable: 1,
                    selector: { matchLabels: selectorLabels(config, workload.component) },
                } satisfies k8s.types.input.policy.v1.PodDisruptionBudgetSpec,
            },
            keepsData: false,
        },
    ];
}

function ingress(config: StackConfig, workload: Workload): DeclaredObject[] {
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

/** Every object of one workload, in the order they are declared; `checksumKey` (secret) keys the credentials' hash. */
export function workloadObjects(config: StackConfig, workload: Workload, checksumKey: pulumi.Input<string>): DeclaredObject[] {
    const { objects: fileObjects, annotations } = files(config, workload, checksumKey);
    return [
        serviceAccount(config, workload),
        ...discoveryAccess(config, workload),
        ...clusterAccess(config, workload),
        ...fileObjects,
        ...services(config, workload),
        ...controller(config, workload, annotations),
        ...disruptionBudget(config, workload),
        networkPolicy(config, workload),
        ...ingress(config, workload),
    ];
}
