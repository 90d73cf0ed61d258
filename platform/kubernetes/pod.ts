// A workload's pod template: hardened, probed, sized, files and volumes mounted, with its sidecars, config reloader and node volumes' owner.
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { helperImages } from "../../model/config/catalog";
import { StackConfig } from "../../model/config/types";
import { Sidecar, Workload, WorkloadEnv } from "../../components/workload";
import { needsApiToken } from "./access";
import { commonLabels, configMapName, fileKey, KubernetesObject, kubernetesPortName, reloadsInPlace, secretName, selectorLabels } from "./objects";

type Container = k8s.types.input.core.v1.Container;
type Volume = k8s.types.input.core.v1.Volume;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;
type User = { uid: number; gid: number };

const configVolume = "config";
const secretsVolume = "secrets";

export const claimName = (w: Workload, volume: string) => `${w.component}-${volume}`;

/** The restricted Pod Security level's container rules, and a read-only root: what every container here runs with. */
function hardenedContext(user: User): k8s.types.input.core.v1.SecurityContext {
    return {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        runAsUser: user.uid,
        runAsGroup: user.gid,
        capabilities: { drop: ["ALL"] },
    };
}

/** The restricted Pod Security level's pod rules for `user`; `volumes` says who owns the pod's volumes. */
export function podSecurityContext(user: User, volumes: k8s.types.input.core.v1.PodSecurityContext = {}): k8s.types.input.core.v1.PodSecurityContext {
    return { runAsNonRoot: true, runAsUser: user.uid, runAsGroup: user.gid, ...volumes, seccompProfile: { type: "RuntimeDefault" } };
}

export const nobody = { uid: 65534, gid: 65534 };

/** One pod of an upstream controller or exporter, run as nobody under the ServiceAccount named after its container. */
export function nobodyDeployment(config: StackConfig, container: Container & { name: string; image: string }): KubernetesObject {
    const labels = commonLabels(config, container.name, container.image);
    const spec: k8s.types.input.apps.v1.DeploymentSpec = {
        replicas: 1,
        selector: { matchLabels: selectorLabels(config, container.name) },
        template: {
            metadata: { labels },
            spec: {
                serviceAccountName: container.name,
                automountServiceAccountToken: true,
                enableServiceLinks: false,
                securityContext: podSecurityContext(nobody),
                containers: [{ ...container, securityContext: hardenedContext(nobody) }],
            },
        },
    };
    return { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: container.name, namespace: config.namespace, labels }, spec };
}

/** The node's and the pod's own name and address come from the downward API. */
function containerEnv(env: readonly WorkloadEnv[] = []): Partial<Container> {
    if (env.length === 0) return {};
    const fieldPath = (e: Exclude<WorkloadEnv, { value: string }>) =>
        "nodeName" in e ? "spec.nodeName" : e.instance === "ip" ? "status.podIP" : "metadata.name";
    return { env: env.map((e) => ("value" in e ? { name: e.name, value: e.value } : { name: e.name, valueFrom: { fieldRef: { fieldPath: fieldPath(e) } } })) };
}

/** Probes every 10 s: `startupTries` of `alive` to start (30 for a sidecar or helper), then 6 failed restart it and 3 of `ready` unready it. */
function probeSet(alive: object, startupTries = 30, ready = alive): Partial<Container> {
    const probe = (check: object, failureThreshold: number) => ({ ...check, periodSeconds: 10, timeoutSeconds: 5, failureThreshold });
    return { startupProbe: probe(alive, startupTries), livenessProbe: probe(alive, 6), readinessProbe: probe(ready, 3) };
}

/** Readiness on the ready endpoint; liveness (after a start-up allowance of 10 minutes) on the alive one. */
function probes(health: Workload["health"]): Partial<Container> {
    const httpGet = (path: string) => ({ httpGet: { path, port: health.port, ...(health.host ? { host: health.host } : {}) } });
    return probeSet(httpGet(health.livenessPath ?? health.path), 60, httpGet(health.path));
}

function sidecarContainer(sidecar: Sidecar, mounts: readonly VolumeMount[]): Container {
    const shared = mounts.filter((m) => sidecar.mounts?.includes(m.mountPath as string));
    return {
        name: sidecar.name,
        image: sidecar.image,
        args: [...sidecar.args],
        ports: sidecar.ports.map((p) => ({ name: kubernetesPortName(p.name), containerPort: p.port, protocol: "TCP" })),
        ...containerEnv(sidecar.env),
        resources: { requests: { ...sidecar.resources.requests }, limits: { ...sidecar.resources.limits } },
        ...probeSet({ tcpSocket: { port: sidecar.healthPort } }),
        securityContext: hardenedContext(sidecar.user),
        ...(shared.length > 0 ? { volumeMounts: shared } : {}),
    };
}

/** Port of the reloader's /healthz and /metrics, inside the pod (no NetworkPolicy admits anyone to it). */
const reloaderPort = 8080;

/** prometheus-config-reloader: SIGHUP to the process on a config change, checked on its status URL; no HTTP reload endpoint other pods could call. */
function reloaderContainer(reload: NonNullable<Workload["reload"]>, configFiles: readonly string[], user: User): Container {
    const dirOf = (f: string) => f.slice(0, f.lastIndexOf("/"));
    const dirs = [...new Set(configFiles.map(dirOf).filter((d) => d !== reload.dir))].sort();
    const mainFile = configFiles.find((f) => dirOf(f) === reload.dir);
    return {
        name: "config-reloader",
        image: helperImages.configReloader,
        args: [
            `--listen-address=:${reloaderPort}`,
            "--reload-method=signal",
            `--process-executable-name=${reload.processName}`,
            `--runtimeinfo-url=${reload.statusUrl}`,
            ...(mainFile ? [`--config-file=${mainFile}`] : []),
            ...dirs.map((d) => `--watched-dir=${d}`),
        ],
        ports: [{ name: "reloader", containerPort: reloaderPort, protocol: "TCP" }],
        resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
        ...probeSet({ httpGet: { path: "/healthz", port: reloaderPort } }),
        // Same user as the process it signals: a signal needs no capability then.
        securityContext: hardenedContext(user),
        volumeMounts: [{ name: configVolume, mountPath: reload.dir, readOnly: true }],
    };
}

/** Hands a node agent's directories to its user (fsGroup skips host paths): root with CHOWN only; idempotent, so every pod start runs it. */
function nodeVolumeOwner(workload: Workload): Container {
    return {
        name: "own-node-volumes",
        image: helperImages.volumeInit,
        command: ["chown", `${workload.user.uid}:${workload.user.gid}`, ...workload.volumes.map((v) => v.mountPath)],
        volumeMounts: workload.volumes.map((v) => ({ name: v.name, mountPath: v.mountPath })),
        resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "32Mi" } },
        securityContext: {
            runAsUser: 0,
            runAsGroup: 0,
            runAsNonRoot: false,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"], add: ["CHOWN"] },
        },
    };
}

function volumesAndMounts(config: StackConfig, workload: Workload): { volumes: Volume[]; mounts: VolumeMount[]; liveFiles: string[] } {
    const volumes: Volume[] = [];
    const mounts: VolumeMount[] = [];
    const plain = workload.files.filter((f) => !f.secret);
    const secret = workload.files.filter((f) => f.secret);
    const live = plain.filter((f) => reloadsInPlace(workload, f.path));
    if (plain.length > 0) {
        const items = live.map((f) => ({ key: fileKey(f.path), path: f.path.slice(workload.reload!.dir.length + 1) }));
        // Files reloaded in place: the whole directory, which the kubelet updates when the ConfigMap changes (a subPath never is).
        volumes.push({ name: configVolume, configMap: { name: configMapName(workload), ...(items.length > 0 ? { items } : {}) } });
        if (live.length > 0) mounts.push({ name: configVolume, mountPath: workload.reload!.dir, readOnly: true });
        // Others one file per mount (subPath): the image's other files in the same directory stay visible.
        for (const f of plain.filter((p) => !reloadsInPlace(workload, p.path))) {
            if (live.length > 0) throw new Error(`${workload.component}: ${f.path} is outside ${workload.reload!.dir}, the directory it reloads`);
            mounts.push({ name: configVolume, mountPath: f.path, subPath: fileKey(f.path), readOnly: true });
        }
    }
    if (secret.length > 0) {
        // Readable by the workload's group (fsGroup) only.
        volumes.push({ name: secretsVolume, secret: { secretName: secretName(workload), defaultMode: 0o440 } });
        for (const f of secret) mounts.push({ name: secretsVolume, mountPath: f.path, subPath: fileKey(f.path), readOnly: true });
    }
    for (const v of workload.volumes) {
        // Node agents keep what outlives their pod in a node directory the kubelet creates (root-owned, 0755); claim templates come with the StatefulSet.
        if (workload.perNode)
            volumes.push({
                name: v.name,
                hostPath: { path: `/var/lib/monitoring-${config.stack}-${workload.component}/${v.name}`, type: "DirectoryOrCreate" },
            });
        else if (!workload.stableIdentity) volumes.push({ name: v.name, persistentVolumeClaim: { claimName: claimName(workload, v.name) } });
        mounts.push({ name: v.name, mountPath: v.mountPath });
    }
    (workload.scratchDirs ?? []).forEach((dir, i) => {
        volumes.push({ name: `scratch-${i}`, emptyDir: { sizeLimit: "1Gi" } });
        mounts.push({ name: `scratch-${i}`, mountPath: dir });
    });
    (workload.hostMounts ?? []).forEach((m, i) => {
        // A host path that must exist (Directory, File), or that the kubelet creates empty where the node lacks it.
        const kind = m.hostPath === "/etc/machine-id" ? "File" : "Directory";
        volumes.push({ name: `host-${i}`, hostPath: { path: m.hostPath, type: m.createIfMissing ? `${kind}OrCreate` : kind } });
        // The host's root may gain mounts after the pod starts (node_exporter's documented rslave).
        mounts.push({ name: `host-${i}`, mountPath: m.mountPath, readOnly: true, ...(m.hostPath === "/" ? { mountPropagation: "HostToContainer" } : {}) });
    });
    return { volumes, mounts, liveFiles: live.map((f) => f.path) };
}

/** The pod template of a workload; `annotations` carry the content hashes that roll the pods when a file changes. */
export function podTemplate(
    config: StackConfig,
    workload: Workload,
    annotations: Record<string, pulumi.Input<string>>,
): { metadata: k8s.types.input.meta.v1.ObjectMeta; spec: k8s.types.input.core.v1.PodSpec } {
    const { volumes, mounts, liveFiles } = volumesAndMounts(config, workload);
    const user = workload.user;
    const resources = config.resources[workload.component];
    const peer = workload.peerPort;
    const container: Container = {
        name: workload.component,
        image: workload.image,
        ...(workload.entrypoint ? { command: [...workload.entrypoint] } : {}),
        ...(workload.args.length > 0 ? { args: [...workload.args] } : {}),
        ports: [
            ...workload.ports.map((p) => ({ name: kubernetesPortName(p.name), containerPort: p.port, protocol: "TCP" })),
            ...(peer ? ["TCP", "UDP"].map((protocol) => ({ name: `${peer.name}-${protocol.toLowerCase()}`, containerPort: peer.port, protocol })) : []),
        ],
        ...containerEnv(workload.env),
        resources: { requests: { ...resources.requests }, limits: { ...resources.limits } },
        ...probes(workload.health),
        securityContext: hardenedContext(user),
        volumeMounts: mounts,
    };
    const reloader = workload.reload && liveFiles.length > 0 ? [reloaderContainer(workload.reload, liveFiles, user)] : [];
    // Replicas on different nodes where possible: losing one node loses one replica.
    const spreadOverNodes = {
        maxSkew: 1,
        topologyKey: "kubernetes.io/hostname",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: selectorLabels(config, workload.component) },
    };
    return {
        metadata: { labels: commonLabels(config, workload.component, workload.image), annotations },
        spec: {
            serviceAccountName: workload.component,
            automountServiceAccountToken: needsApiToken(workload),
            enableServiceLinks: false,
            // The reloader signals the workload's process, so it must see it.
            ...(reloader.length > 0 ? { shareProcessNamespace: true } : {}),
            ...(workload.hostNamespaces ? { hostPID: true, hostNetwork: true, dnsPolicy: "ClusterFirstWithHostNet" } : {}),
            securityContext: podSecurityContext(user, {
                ...(user.supplementalGroups ? { supplementalGroups: [...user.supplementalGroups] } : {}),
                // Claims and secret files belong to the workload's group; chown only when the volume is new.
                fsGroup: user.gid,
                ...(workload.volumes.length > 0 && !workload.perNode ? { fsGroupChangePolicy: "OnRootMismatch" } : {}),
            }),
            // Node agents run on every node, tainted control-plane nodes included.
            ...(workload.perNode ? { tolerations: [{ operator: "Exists" }] } : {}),
            ...((workload.replicas ?? 1) > 1 ? { topologySpreadConstraints: [spreadOverNodes] } : {}),
            // Databases get time to flush their head block or WAL before they are killed.
            terminationGracePeriodSeconds: workload.stableIdentity ? 120 : 30,
            ...(workload.perNode && workload.volumes.length > 0 ? { initContainers: [nodeVolumeOwner(workload)] } : {}),
            containers: [container, ...reloader, ...(workload.sidecars ?? []).map((s) => sidecarContainer(s, mounts))],
            volumes,
        },
    };
}
