// The Prometheus workload: config and rule files, scrape credentials as secret files, TSDB on a volume, retention as flags.
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../../model/config/types";
import { Workload, WorkloadFile } from "../base/workload";
import { deployedClients } from "../../model/clients";
import { watchedNamespaces } from "../../model/discovery";
import { deploys } from "../../model/endpoints";
import {
    prometheusArgs,
    prometheusDiscovers,
    prometheusPaths,
    prometheusReadsNodeMetrics,
    renderPrometheusConfig,
    scrapeCredentialsFile,
} from "../../render/prometheus/config";

/** The image runs as nobody; the credential files must be readable by it alone. */
const prometheusUid = "65534";

/** One secret file per job with credentials, its entry of monitoring:scrapeCredentials (a JSON object, as Pulumi passes it). */
function credentialFiles(config: StackConfig, scrapeCredentials: pulumi.Input<string> | undefined): WorkloadFile[] {
    const jobs = config.platformTargets.filter((t) => t.credentials).map((t) => t.job);
    if (jobs.length === 0 || scrapeCredentials === undefined) return [];
    const entries = pulumi.output(scrapeCredentials).apply((text) => JSON.parse(text) as Record<string, string>);
    return jobs.sort().map((job) => ({ path: scrapeCredentialsFile(job), content: entries.apply((e) => e[job] ?? ""), secret: true, owner: prometheusUid }));
}

/** Where Prometheus discovers: the stack's and the platform's namespaces, and the node agents' when it scrapes them. */
export function prometheusWorkload(
    config: StackConfig,
    externalUrl: string,
    ruleFiles: Readonly<Record<string, string>>,
    scrapeCredentials?: pulumi.Input<string>,
): Workload {
    const port = config.ports.prometheus;
    const replicas = config.prometheusReplicas;
    const kubernetes = config.platform === "kubernetes";
    return {
        component: "prometheus",
        image: config.images.prometheus,
        args: prometheusArgs(config, externalUrl),
        files: [
            { path: prometheusPaths.configFile, content: renderPrometheusConfig(config) },
            ...Object.keys(ruleFiles)
                .sort()
                .map((file) => ({ path: `${prometheusPaths.rulesDir}/${file}`, content: ruleFiles[file] })),
            ...credentialFiles(config, scrapeCredentials),
        ],
        // Grafana queries it, Tempo's metrics generator writes to it, platform stacks may query it; on Kubernetes the replicas
        // scrape each other (and a single one itself) through their Services.
        ports: [
            {
                name: "prometheus",
                port,
                protocol: "tcp",
                clients: deployedClients(config, [...(kubernetes ? (["prometheus"] as const) : []), "grafana", "tempo", "platform-services"]),
            },
        ],
        volumes: [{ name: "data", mountPath: prometheusPaths.dataDir }],
        reachesHost: true,
        // The image's nobody user.
        user: { uid: Number(prometheusUid), gid: 65534 },
        scratchDirs: ["/tmp"],
        stableIdentity: true,
        replicas,
        discovers: prometheusDiscovers(config),
        // Node Exporter's proxy admits a scrape when Prometheus' service account may get /metrics.
        readsAuthenticatedMetrics: kubernetes && deploys(config, "node-exporter"),
        ...(kubernetes ? { discoveryNamespaces: watchedNamespaces(config) } : {}),
        // The replica's own name, for its external label.
        ...(kubernetes ? { env: [{ name: "POD_NAME", instance: "name" as const }] } : {}),
        // Config and rules change without a restart: a restart means a WAL replay without scrapes or alerts.
        reload: {
            dir: "/etc/prometheus",
            processName: "prometheus",
            statusUrl: `http://127.0.0.1:${port}/api/v1/status/runtimeinfo`,
        },
        readsNodeMetrics: prometheusReadsNodeMetrics(config),
        health: {
            port,
            path: "/-/ready",
            // Ready only after the WAL replay; alive well before, so a long replay is not killed.
            livenessPath: "/-/healthy",
            exec: ["wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}/-/ready`],
        },
    };
}
