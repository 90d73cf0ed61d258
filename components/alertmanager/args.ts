// The Alertmanager command line: config file, silences and notification log on the data volume.
import { StackConfig } from "../config/types";

export const alertmanagerPaths = {
    configFile: "/etc/alertmanager/alertmanager.yml",
    dataDir: "/alertmanager",
} as const;

export function alertmanagerArgs(config: StackConfig, externalUrl: string): string[] {
    return [
        `--config.file=${alertmanagerPaths.configFile}`,
        `--storage.path=${alertmanagerPaths.dataDir}`,
        `--web.listen-address=:${config.ports.alertmanager}`,
        `--web.external-url=${externalUrl}`,
        // A single instance: no gossip port to expose.
        "--cluster.listen-address=",
    ];
}
