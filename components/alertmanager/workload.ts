// The Alertmanager workload: rendered routing config, receiver credentials as secret files, silences on a volume.
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../../model/config/types";
import { Workload, WorkloadFile } from "../base/workload";
import { deployedClients } from "../../model/clients";
import { alertmanagerArgs, alertmanagerGossipPort, alertmanagerPaths } from "../../render/alertmanager/args";
import { alertmanagerSecretFiles, renderAlertmanagerConfig } from "../../render/alertmanager/config";

/** The receiver credentials Alertmanager reads from files; each is a Pulumi secret. */
export type AlertmanagerSecrets = Partial<Record<keyof typeof alertmanagerSecretFiles, pulumi.Input<string>>>;

/** The image runs as nobody; its credential files must be readable by it alone. */
const alertmanagerUid = "65534";

export function alertmanagerWorkload(config: StackConfig, externalUrl: string, secrets: AlertmanagerSecrets): Workload {
    const port = config.ports.alertmanager;
    const replicas = config.alertmanagerReplicas;
    const secretFiles: WorkloadFile[] = (Object.keys(alertmanagerSecretFiles) as (keyof typeof alertmanagerSecretFiles)[])
        .sort()
        .filter((key) => secrets[key] !== undefined)
        .map((key) => ({ path: alertmanagerSecretFiles[key], content: secrets[key]!, secret: true, owner: alertmanagerUid }));
    return {
        component: "alertmanager",
        image: config.images.alertmanager,
        args: alertmanagerArgs(config, externalUrl),
        files: [{ path: alertmanagerPaths.configFile, content: renderAlertmanagerConfig(config) }, ...secretFiles],
        // Prometheus and Loki's ruler send alerts; Grafana shows silences and may hand over its alerts.
        ports: [{ name: "alertmanager", port, protocol: "tcp", clients: deployedClients(config, ["prometheus", "loki", "grafana"]) }],
        volumes: [{ name: "data", mountPath: alertmanagerPaths.dataDir }],
        user: { uid: Number(alertmanagerUid), gid: 65534 },
        scratchDirs: ["/tmp"],
        stableIdentity: true,
        replicas,
        ...(replicas > 1 ? { peerPort: { name: "gossip", port: alertmanagerGossipPort }, env: [{ name: "POD_IP", instance: "ip" as const }] } : {}),
        health: {
            port,
            path: "/-/ready",
            livenessPath: "/-/healthy",
            exec: ["wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}/-/ready`],
        },
    };
}
