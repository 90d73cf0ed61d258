// The pod template of a workload: hardened (non-root, read-only root, no capabilities), probed, sized, its files mounted.
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../../model/config/types";
import { HostMount, Workload, WorkloadHealth } from "../../components/base/workload";
import { needsApiToken } from "./cluster-access";
import { containerEnv, hardenedContext, reloaderContainer, sidecarContainer } from "./containers";
import { commonLabels, fileKey, kubernetesPortName, selectorLabels } from "./labels";
import { nodeVolume, nodeVolumeOwnerInit } from "./node-volumes";

/** A host path that must exist (Directory, File), or that the kubelet creates empty where the node lacks it. */
function hostPathType(m: HostMount): string {
    const file = m.hostPath === "/etc/machine-id";
    if (m.createIfMissing) return file ? "FileOrCreate" : "DirectoryOrCreate";
    return file ? "File" : "Directory";
}

type PodTemplate = { metadata: k8s.types.input.meta.v1.ObjectMeta; spec: k8s.types.input.core.v1.PodSpec };
type Container = k8s.types.input.core.v1.Container;
type Volume = k8s.types.input.core.v1.Volume;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;

const configVolume = "config";
const secretsVolume = "secrets";

/** Names of a workload's ConfigMap and Secret. */
export const configMapName = (w: Workload) => `${w.component}-config`;
export const secretName = (w: Workload) => `${w.component}-secrets`;

/** How persistent volumes reach the pod: claim templates (stable identity), one claim, or a directory of the node (per node). */
export type VolumeSource = "claim-template" | "claim" | "node-directory";

export function volumeSourceOf(workload: Workload): VolumeSource {
    if (workload.perNode) return "node-directory";
    return workload.stableIdentity ? "claim-template" : "claim";
}

/** Name of the claim a non-replicated workload's volume lives on. */
export const claimName = (w: Workload, volume: string) => `${w.component}-${volume}`;

function probe(health: WorkloadHealth, path: string, periodSeconds: number, failureThreshold: number, host?: string): k8s.types.input.core.v1.Probe {
    return { httpGet: { path, port: health.port, ...(host ? { host } : {}) }, periodSeconds, timeoutSeconds: 5, failureThreshold };
}

/** Readiness on the ready endpoint; liveness (after a start-up allowance of 10 minutes) on the alive one. */
function probes(health: WorkloadHealth | undefined, host?: string): Partial<Container> {
    if (!health) return {};
    const alive = health.livenessPath ?? health.path;
    return {
        startupProbe: probe(health, alive, 10, 60, host),
        livenessProbe: probe(health, alive, 10, 6, host),
        readinessProbe: probe(health, health.path, 10, 3, host),
    };
}

/** Whether a file is delivered as part of the workload's in-place reload directory (not file by file). */
export function reloadsInPlace(workload: Workload, path: string): boolean {
    return workload.reload !== undefined && path.startsWith(`${workload.reload.dir}/`);
}

function volumesAndMounts(config: StackConfig, workload: Workload): { volumes: Volume[]; mounts: VolumeMount[] } {
    const volumes: Volume[] = [];
    const mounts: VolumeMount[] = [];
    const plain = workload.files.filter((f) => !f.secret);
    const secret = workload.files.filter((f) => f.secret);
    if (plain.length > 0) {
        const live = plain.filter((f) => reloadsInPlace(workload, f.path));
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
    const source = volumeSourceOf(workload);
    for (const v of workload.volumes) {
        if (source === "claim") volumes.push({ name: v.name, persistentVolumeClaim: { claimName: claimName(workload, v.name) } });
        // Node agents keep what must survive their pod on the node; claim templates come with the StatefulSet.
        if (source === "node-directory") volumes.push(nodeVolume(config, workload, v));
        mounts.push({ name: v.name, mountPath: v.mountPath });
    }
    (workload.scratchDirs ?? []).forEach((dir, i) => {
        const name = `scratch-${i}`;
        volumes.push({ name, emptyDir: { sizeLimit: "1Gi" } });
        mounts.push({ name, mountPath: dir });
    });
    (workload.hostMounts ?? []).forEach((m, i) => {
        const name = `host-${i}`;
        volumes.push({ name, hostPath: { path: m.hostPath, type: hostPathType(m) } });
        // The host's root may gain mounts after the pod starts (node_exporter's documented rslave).
        mounts.push({ name, mountPath: m.mountPath, readOnly: true, ...(m.hostPath === "/" ? { mountPropagation: "HostToContainer" } : {}) });
    });
    return { volumes, mounts };
}

/** The pod template of a workload; `annotations` carry the content hashes that roll the pods when a file changes. */
export function podTemplate(config: StackConfig, workload: Workload, annotations: Record<string, pulumi.Input<string>>): PodTemplate {
    const { volumes, mounts } = volumesAndMounts(config, workload);
    const user = workload.user;
    const resources = config.kubernetes.resources[workload.component];
    const container: Container = {
        name: workload.component,
        image: workload.image,
        ...(workload.entrypoint ? { command: [...workload.entrypoint] } : {}),
        ...(workload.args.length > 0 ? { args: [...workload.args] } : {}),
        ports: [
            ...workload.ports.map((p) => ({ name: kubernetesPortName(p.name), containerPort: p.port, protocol: "TCP" })),
            ...(workload.peerPort
                ? [
                      { name: `${workload.peerPort.name}-tcp`, containerPort: workload.peerPort.port, protocol: "TCP" },
                      { name: `${workload.peerPort.name}-udp`, containerPort: workload.peerPort.port, protocol: "UDP" },
                  ]
                : []),
        ],
        ...containerEnv(workload.env),
        resources: { requests: { ...resources.requests }, limits: { ...resources.limits } },
        ...probes(workload.health, workload.healthHost),
        securityContext: hardenedContext(user),
        volumeMounts: mounts,
    };
    const reloadMount = mounts.find((m) => m.name === configVolume && m.mountPath === workload.reload?.dir);
    const liveFiles = workload.files.filter((f) => !f.secret && reloadsInPlace(workload, f.path)).map((f) => f.path);
    const helpers = [
        ...(workload.reload && reloadMount ? [reloaderContainer(workload.reload, liveFiles, reloadMount, user)] : []),
        ...(workload.sidecars ?? []).map(sidecarContainer),
    ];
    const hasClaims = workload.volumes.length > 0 && volumeSourceOf(workload) !== "node-directory";
    const initContainers = volumeSourceOf(workload) === "node-directory" ? nodeVolumeOwnerInit(workload, (v) => v.mountPath) : [];
    return {
        metadata: { labels: commonLabels(config, workload.component, workload.image), annotations },
        spec: {
            serviceAccountName: workload.component,
            automountServiceAccountToken: needsApiToken(workload),
            enableServiceLinks: false,
            // The reloader signals the workload's process, so it must see it.
            ...(workload.reload && reloadMount ? { shareProcessNamespace: true } : {}),
            ...(workload.hostPid ? { hostPID: true } : {}),
            ...(workload.hostNetwork ? { hostNetwork: true, dnsPolicy: "ClusterFirstWithHostNet" } : {}),
            securityContext: {
                runAsNonRoot: true,
                runAsUser: user.uid,
                runAsGroup: user.gid,
                ...(user.supplementalGroups ? { supplementalGroups: [...user.supplementalGroups] } : {}),
                // Claims and secret files belong to the workload's group; chown only when the volume is new.
                fsGroup: user.gid,
                ...(hasClaims ? { fsGroupChangePolicy: "OnRootMismatch" } : {}),
                seccompProfile: { type: "RuntimeDefault" },
            },
            // Node agents run on every node, tainted control-plane nodes included.
            ...(workload.perNode ? { tolerations: [{ operator: "Exists" }] } : {}),
            // Replicas on different nodes where possible: losing one node loses one replica.
            ...((workload.replicas ?? 1) > 1
                ? {
                      topologySpreadConstraints: [
                          {
                              maxSkew: 1,
                              topologyKey: "kubernetes.io/hostname",
                              whenUnsatisfiable: "ScheduleAnyway",
                              labelSelector: { matchLabels: selectorLabels(config, workload.component) },
                          },
                      ],
                  }
                : {}),
            // Databases get time to flush their head block or WAL before they are killed.
            terminationGracePeriodSeconds: workload.stableIdentity ? 120 : 30,
            ...(initContainers.length > 0 ? { initContainers } : {}),
            containers: [container, ...helpers],
            volumes,
        },
    };
}
