// The Alertmanager command line: config file, silences and notification log on the data volume, gossip when clustered.
import { StackConfig } from "../../model/config/types";
import { replicaHosts } from "../../model/endpoints";

export const alertmanagerPaths = {
    configFile: "/etc/alertmanager/alertmanager.yml",
    dataDir: "/alertmanager",
} as const;

/** Alertmanager's default cluster port: replicas gossip silences and what they have notified. */
export const alertmanagerGossipPort = 9094;

export function alertmanagerArgs(config: StackConfig, externalUrl: string): string[] {
    const replicas = config.alertmanagerReplicas;
    // Every replica names every replica (itself included, as Alertmanager's docs do): each finds the others by name.
    const cluster =
        replicas > 1
            ? [
                  `--cluster.listen-address=0.0.0.0:${alertmanagerGossipPort}`,
                  // The pod's own address (the platform sets POD_IP): peers must not learn an address of another interface.
                  `--cluster.advertise-address=$(POD_IP):${alertmanagerGossipPort}`,
                  ...replicaHosts("alertmanager", replicas).map((host) => `--cluster.peer=${host}:${alertmanagerGossipPort}`),
              ]
            : // A single instance: no gossip port to expose.
              ["--cluster.listen-address="];
    return [
        `--config.file=${alertmanagerPaths.configFile}`,
        `--storage.path=${alertmanagerPaths.dataDir}`,
        `--web.listen-address=:${config.ports.alertmanager}`,
        `--web.external-url=${externalUrl}`,
        ...cluster,
    ];
}
