// What a node agent keeps on its node (Promtail's positions): a host directory per node that outlives the pod, so a
// DaemonSet rollout resumes where the last pod stopped instead of re-shipping every file still on disk.
import type * as k8s from "@pulumi/kubernetes";
import { helperImages } from "../../model/config/catalog";
import { StackConfig } from "../../model/config/types";
import { Workload, WorkloadVolume } from "../../components/base/workload";

/** The node's directory for one volume of a per-node workload: /var/lib/monitoring-<stack>-<component>/<volume>. */
function nodeVolumePath(config: StackConfig, workload: Workload, volume: WorkloadVolume): string {
    return `/var/lib/monitoring-${config.stack}-${workload.component}/${volume.name}`;
}

export function nodeVolume(config: StackConfig, workload: Workload, volume: WorkloadVolume): k8s.types.input.core.v1.Volume {
    // The kubelet creates it (root-owned, 0755) on a node that does not have it yet.
    return { name: volume.name, hostPath: { path: nodeVolumePath(config, workload, volume), type: "DirectoryOrCreate" } };
}

/**
 * An init container that hands the node directories to the workload's user (fsGroup does not apply to host paths): root,
 * with CHOWN as its only capability, and nothing else to do. Idempotent, so every pod start runs it.
 */
export function nodeVolumeOwnerInit(workload: Workload, mountOf: (volume: WorkloadVolume) => string): k8s.types.input.core.v1.Container[] {
    if (workload.volumes.length === 0) return [];
    const { uid, gid } = workload.user;
    return [
        {
            name: "own-node-volumes",
            image: helperImages.volumeInit,
            command: ["chown", `${uid}:${gid}`, ...workload.volumes.map(mountOf)],
            volumeMounts: workload.volumes.map((v) => ({ name: v.name, mountPath: mountOf(v) })),
            resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "32Mi" } },
            securityContext: {
                runAsUser: 0,
                runAsGroup: 0,
                runAsNonRoot: false,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"], add: ["CHOWN"] },
            },
        },
    ];
}
