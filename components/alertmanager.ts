// Alertmanager: routes and silences the alerts Prometheus and Grafana send; receiver credentials as secret files, replicas gossip.
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../model/config/types";
import { clientsOf, externalUrl } from "../model/endpoints";
import {
    alertmanagerArgs,
    alertmanagerGossipPort,
    alertmanagerPaths,
    alertmanagerSecretFiles,
    renderAlertmanagerConfig,
    teamSecretFile,
} from "../render/alertmanager/config";
import { teamSecretEntry, teamSecretKinds } from "../model/config/teams";
import { secretEntries, secretFile, StackComponent, StackComponentArgs, StackSecrets, Workload } from "./workload";

/** The image runs as nobody; its credential files must be readable by it alone. */
const uid = 65534;

/** The whole config: alertmanager.yml comes from the alert routing spec (alerts/routing.ts), which reads all of it. */
export function alertmanagerWorkload(config: StackConfig, secrets: StackSecrets): Workload {
    const port = config.ports.alertmanager;
    const replicas = config.alertmanagerReplicas;
    const secretFiles = (Object.keys(alertmanagerSecretFiles) as (keyof typeof alertmanagerSecretFiles)[])
        .sort()
        .filter((key) => secrets[key] !== undefined)
        .map((key) => secretFile(uid, alertmanagerSecretFiles[key], secrets[key]!));
    const teamEntries = config.teams.flatMap((team) => teamSecretKinds(team).map(({ kind }) => teamSecretEntry(team.name, kind)));
    const teamEntry = secrets.teamSecrets === undefined ? undefined : secretEntries(secrets.teamSecrets);
    const teamFiles = teamEntry ? teamEntries.map((entry) => secretFile(uid, teamSecretFile(entry), teamEntry(entry))) : [];
    return {
        component: "alertmanager",
        image: config.images.alertmanager,
        args: alertmanagerArgs(config, externalUrl(config, "alertmanager", port)),
        files: [{ path: alertmanagerPaths.configFile, content: renderAlertmanagerConfig(config) }, ...secretFiles, ...teamFiles],
        // Prometheus and Loki's ruler send alerts; Grafana shows silences and may hand over its alerts.
        ports: [{ name: "alertmanager", port, clients: clientsOf(config, "prometheus", "loki", "grafana") }],
        volumes: [{ name: "data", mountPath: alertmanagerPaths.dataDir }],
        user: { uid, gid: 65534 },
        scratchDirs: ["/tmp"],
        stableIdentity: true,
        replicas,
        ...(replicas > 1 ? { peerPort: { name: "gossip", port: alertmanagerGossipPort }, env: [{ name: "POD_IP", instance: "ip" as const }] } : {}),
        health: { port, path: "/-/ready", livenessPath: "/-/healthy", exec: ["wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}/-/ready`] },
    };
}

export class Alertmanager extends StackComponent {
    constructor(name: string, args: StackComponentArgs<StackConfig>, opts?: pulumi.ComponentResourceOptions) {
        super("Alertmanager", name, "alertmanager", "alertmanager", args, opts);
        this.run(name, args, alertmanagerWorkload(args.config, args.secrets ?? {}));
    }
}
