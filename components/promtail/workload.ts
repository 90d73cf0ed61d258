// The Promtail workload: reads the host's logs and journal read-only, keeps its positions on a volume.
import { StackConfig } from "../config/types";
import { Workload } from "../platform/workload";
import { promtailArgs, promtailPaths, renderPromtailConfig } from "./config";

export function promtailWorkload(config: StackConfig): Workload {
    const port = config.ports.promtail;
    return {
        component: "promtail",
        image: config.images.promtail,
        args: promtailArgs(),
        files: [{ path: promtailPaths.configFile, content: renderPromtailConfig(config) }],
        ports: [{ name: "promtail", port, protocol: "tcp" }],
        volumes: [{ name: "positions", mountPath: promtailPaths.positionsDir }],
        // One mount for files and the persistent journal (a bind of a path the host lacks would stop the container);
        // the machine id tells the journal reader which of /var/log/journal/<machine-id> is this host's.
        hostMounts: [
            { hostPath: "/var/log", mountPath: "/var/log" },
            { hostPath: "/etc/machine-id", mountPath: "/etc/machine-id" },
        ],
        // The image has bash but neither wget nor curl.
        health: {
            port,
            path: "/ready",
            exec: ["bash", "-c", `exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET /ready HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3`],
        },
    };
}
