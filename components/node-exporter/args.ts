// The Node Exporter command line: read the host's /proc, /sys and / from read-only mounts.
import { StackConfig } from "../config/types";

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
        `--web.listen-address=:${config.ports.nodeExporter}`,
        // Container and kubelet mounts would otherwise show up as filesystems of the host.
        "--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run|var/lib/docker/.+|var/lib/kubelet/.+)($|/)",
    ];
}
