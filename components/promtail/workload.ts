// The Promtail workload: reads the host's logs and journal read-only, keeps its positions on a volume, on every node.
import { StackConfig } from "../../model/config/types";
import { HostMount, Workload } from "../base/workload";
import { metricsClients } from "../../model/clients";
import { promtailArgs, promtailDiscovers, promtailPaths, renderPromtailConfig } from "../../render/promtail/config";

/**
 * The host's logs, read-only. On Kubernetes also the volatile journal, and both journal mounts tolerate a node without
 * them (the kubelet creates them empty: a directory in /run, and an empty machine id, which systemd treats as unset).
 */
export function promtailHostMounts(config: StackConfig): HostMount[] {
    if (config.platform !== "kubernetes") {
        return [
            { hostPath: "/var/log", mountPath: "/var/log" },
            { hostPath: "/etc/machine-id", mountPath: "/etc/machine-id" },
        ];
    }
    return [
        { hostPath: "/var/log", mountPath: "/var/log" },
        { hostPath: promtailPaths.runtimeJournal, mountPath: promtailPaths.runtimeJournal, createIfMissing: true },
        { hostPath: "/etc/machine-id", mountPath: "/etc/machine-id", createIfMissing: true },
    ];
}

export function promtailWorkload(config: StackConfig): Workload {
    const port = config.ports.promtail;
    const discovers = promtailDiscovers(config);
    return {
        component: "promtail",
        image: config.images.promtail,
        args: promtailArgs(),
        files: [{ path: promtailPaths.configFile, content: renderPromtailConfig(config) }],
        ports: [{ name: "promtail", port, protocol: "tcp", clients: metricsClients(config) }],
        volumes: [{ name: "positions", mountPath: promtailPaths.positionsDir }],
        // One mount for files and the persistent journal (a bind of a path the host lacks would stop the container);
        // the machine id tells the journal reader which of /var/log/journal/<machine-id> is this host's.
        hostMounts: promtailHostMounts(config),
        // Unprivileged, yet able to read what it ships: log files are group root (0640), the journal group adm.
        user: { uid: 65534, gid: 65534, supplementalGroups: [0, 4] },
        scratchDirs: ["/tmp"],
        perNode: true,
        // Promtail tails only the pods of the node it runs on: the one named by HOSTNAME.
        ...(discovers.length > 0 ? { discovers, env: [{ name: "HOSTNAME", nodeName: true as const }] } : {}),
        // The image has bash but neither wget nor curl.
        health: {
            port,
            path: "/ready",
            livenessPath: "/metrics",
            exec: ["bash", "-c", `exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET /ready HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3`],
        },
    };
}
