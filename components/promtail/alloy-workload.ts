// Grafana Alloy as the log agent (monitoring:logAgent: alloy): the same component slot, port, host access and node
// directory as Promtail, running config.alloy. Promtail reached end of life on 2026-03-02; Alloy is its successor.
import { StackConfig } from "../../model/config/types";
import { Workload } from "../base/workload";
import { metricsClients } from "../../model/clients";
import { renderAlloyConfig } from "../../render/promtail/alloy-config";
import { promtailDiscovers } from "../../render/promtail/config";
import { promtailHostMounts } from "./workload";

/** Current stable Alloy. */
const alloyImage = "grafana/alloy:v1.21.2";

const alloyPaths = { configFile: "/etc/alloy/config.alloy", dataDir: "/var/lib/alloy/data" } as const;

/** `alloy run` on the log agent's port, keeping positions under the storage path, without usage reporting to Grafana Labs. */
function alloyArgs(config: StackConfig): string[] {
    return [
        "run",
        alloyPaths.configFile,
        `--server.http.listen-addr=0.0.0.0:${config.ports.promtail}`,
        `--storage.path=${alloyPaths.dataDir}`,
        "--disable-reporting",
    ];
}

export function alloyWorkload(config: StackConfig): Workload {
    const port = config.ports.promtail;
    const discovers = promtailDiscovers(config);
    return {
        component: "promtail",
        image: alloyImage,
        args: alloyArgs(config),
        files: [{ path: alloyPaths.configFile, content: renderAlloyConfig(config) }],
        ports: [{ name: "promtail", port, protocol: "tcp", clients: metricsClients(config) }],
        volumes: [{ name: "alloy-data", mountPath: alloyPaths.dataDir }],
        hostMounts: promtailHostMounts(config),
        // The image's alloy user, with the groups that may read the logs (root: pod logs 0640; adm: the journal).
        user: { uid: 473, gid: 473, supplementalGroups: [0, 4] },
        volumeOwner: "473:473",
        scratchDirs: ["/tmp"],
        perNode: true,
        ...(discovers.length > 0 ? { discovers, env: [{ name: "HOSTNAME", nodeName: true as const }] } : {}),
        // Ubuntu-based image with bash but neither wget nor curl.
        health: {
            port,
            path: "/-/ready",
            exec: ["bash", "-c", `exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET /-/ready HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3`],
        },
    };
}
