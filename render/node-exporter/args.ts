// The Node Exporter command line: read the host's /proc, /sys and / from read-only mounts.
import { StackConfig } from "../../model/config/types";

export const nodeExporterHostMounts = [
    { hostPath: "/proc", mountPath: "/host/proc" },
    { hostPath: "/sys", mountPath: "/host/sys" },
    { hostPath: "/", mountPath: "/host/root" },
] as const;

export function nodeExporterArgs(config: StackConfig): string[] {
    return [
        "--path.procfs=/host/proc",
        "--path.sysfs=/host/sys",
        "--path.rootfs=/host/root",
        // On Kubernetes only the pod's kube-rbac-proxy (on the node's address, same port) reaches it, over the loopback.
        `--web.listen-address=${config.platform === "kubernetes" ? "127.0.0.1" : ""}:${config.ports.nodeExporter}`,
        // Container and kubelet mounts would otherwise show up as filesystems of the host.
        "--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run|var/lib/docker/.+|var/lib/kubelet/.+)($|/)",
    ];
}
