// The log agent (Promtail, or Alloy with monitoring:logAgent; Promtail's end of life: 2026-03-02): one slot, so switching keeps names, job, alerts.
import * as pulumi from "@pulumi/pulumi";
import { helperImages } from "../model/config/catalog";
import { profileOf } from "../model/config/platforms";
import { ConfigSlice } from "../model/config/types";
import { clientsOf, discoveryNamespaces } from "../model/endpoints";
import { alloyPaths, renderAlloyConfig } from "../render/promtail/alloy-config";
import { LogAgentConfig, logPaths, promtailPaths, renderPromtailConfig } from "../render/promtail/log-spec";
import { ComponentConfig, StackComponent, StackComponentArgs, Workload } from "./workload";

type Config = LogAgentConfig & ComponentConfig & ConfigSlice<"logAgent">;

export function promtailWorkload(config: Config): Workload {
    const port = config.ports.promtail;
    // Both images have bash but neither wget nor curl.
    const probe = (path: string) => [
        "bash",
        "-c",
        `exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET ${path} HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3`,
    ];
    const agent = {
        component: "promtail" as const,
        ports: [{ name: "promtail" as const, port, clients: clientsOf(config, "prometheus") }],
        // The machine id says which of /var/log/journal/<machine-id> is this host's; a bind of a missing path would stop the container.
        hostMounts: [
            { hostPath: "/var/log", mountPath: "/var/log" },
            ...(profileOf(config).createsMissingHostPaths
                ? [{ hostPath: logPaths.runtimeJournal, mountPath: logPaths.runtimeJournal, createIfMissing: true }]
                : []),
            { hostPath: "/etc/machine-id", mountPath: "/etc/machine-id", createIfMissing: true },
        ],
        scratchDirs: ["/tmp"],
        perNode: true,
        // Where the platform has an API: the pods of the discovery namespaces on its own node (the one HOSTNAME names).
        api: { discovers: { kinds: ["pods" as const], namespaces: discoveryNamespaces(config) } },
        env: [{ name: "HOSTNAME", nodeName: true as const }],
    };
    if (config.logAgent === "alloy") {
        return {
            ...agent,
            image: helperImages.alloy,
            // Positions under the storage path, no usage reporting to Grafana Labs.
            args: ["run", alloyPaths.configFile, `--server.http.listen-addr=0.0.0.0:${port}`, `--storage.path=${alloyPaths.dataDir}`, "--disable-reporting"],
            files: [{ path: alloyPaths.configFile, content: renderAlloyConfig(config) }],
            volumes: [{ name: "alloy-data", mountPath: alloyPaths.dataDir }],
            // The image's alloy user, with the groups that may read the logs (root: pod logs 0640; adm: the journal).
            user: { uid: 473, gid: 473, supplementalGroups: [0, 4] },
            chownsVolumes: true,
            health: { port, path: "/-/ready", exec: probe("/-/ready") },
        };
    }
    return {
        ...agent,
        image: config.images.promtail,
        args: [`-config.file=${promtailPaths.configFile}`],
        files: [{ path: promtailPaths.configFile, content: renderPromtailConfig(config) }],
        volumes: [{ name: "positions", mountPath: promtailPaths.positionsDir }],
        // Unprivileged, yet able to read what it ships: log files are group root (0640), the journal group adm.
        user: { uid: 65534, gid: 65534, supplementalGroups: [0, 4] },
        health: { port, path: "/ready", livenessPath: "/metrics", exec: probe("/ready") },
    };
}

export class Promtail extends StackComponent {
    constructor(name: string, args: StackComponentArgs<Config>, opts?: pulumi.ComponentResourceOptions) {
        super("Promtail", name, "promtail", "promtail", args, opts);
        this.run(name, args, promtailWorkload(args.config));
    }
}
