// The Grafana workload: grafana.ini, the admin password as a secret file, its database on a volume.
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../../model/config/types";
import { Workload } from "../base/workload";
import { deployedClients } from "../../model/clients";
import { grafanaPaths, grafanaUid, renderGrafanaIni } from "../../render/grafana/config";
import { grafanaStartScript } from "../../render/grafana/start-script";

export function grafanaWorkload(config: StackConfig, rootUrl: string, adminPassword: pulumi.Input<string>, smtpPassword?: pulumi.Input<string>): Workload {
    const port = config.ports.grafana;
    const ingress = config.platform === "kubernetes" ? config.kubernetes.grafanaIngress : undefined;
    return {
        component: "grafana",
        image: config.images.grafana,
        // Grafana reads admin_password only when it creates its database: reset it from the secret at every start.
        entrypoint: ["/bin/sh", "-c", grafanaStartScript()],
        args: [],
        files: [
            { path: grafanaPaths.configFile, content: renderGrafanaIni(config, rootUrl) },
            { path: grafanaPaths.adminPasswordFile, content: adminPassword, secret: true, owner: grafanaUid },
            ...(smtpPassword !== undefined && config.notifications.email
                ? [{ path: grafanaPaths.smtpPasswordFile, content: smtpPassword, secret: true, owner: grafanaUid }]
                : []),
        ],
        ports: [{ name: "grafana", port, protocol: "tcp", clients: deployedClients(config, ["prometheus", "users"]) }],
        volumes: [{ name: "data", mountPath: grafanaPaths.dataDir }],
        user: { uid: Number(grafanaUid), gid: Number(grafanaUid) },
        scratchDirs: ["/tmp"],
        ...(ingress ? { ingress: { port, ...ingress } } : {}),
        health: { port, path: "/api/health", exec: ["wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}/api/health`] },
    };
}
