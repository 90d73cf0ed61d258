// Prometheus: scrapes the platform and every component, evaluates the rule files, alerts Alertmanager. Config and rules
// reload in place, scrape credentials are secret files, the TSDB is on a volume and retention is in the flags.
import * as pulumi from "@pulumi/pulumi";
import { ConfigSlice } from "../model/config/types";
import { clientsOf, deploys, externalUrl, watchedNamespaces } from "../model/endpoints";
import { PrometheusConfig, prometheusArgs, prometheusPaths, renderPrometheusConfig, scrapeCredentialsFile } from "../render/prometheus/config";
import { ComponentConfig, StackComponent, StackComponentArgs, Workload, WorkloadFile } from "./workload";

type Config = PrometheusConfig & ComponentConfig & ConfigSlice<"images">;

/** The image runs as nobody; the credential files must be readable by it alone. */
const uid = 65534;

/** One secret file per job with credentials: its entry of monitoring:scrapeCredentials (a JSON object, as Pulumi passes it). */
function credentialFiles(config: Config, scrapeCredentials: pulumi.Input<string> | undefined): WorkloadFile[] {
    const jobs = config.platformTargets.filter((t) => t.credentials).map((t) => t.job);
    if (jobs.length === 0 || scrapeCredentials === undefined) return [];
    const entries = pulumi.output(scrapeCredentials).apply((text) => JSON.parse(text) as Record<string, string>);
    return jobs.sort().map((job) => ({ path: scrapeCredentialsFile(job), content: entries.apply((e) => e[job] ?? ""), secret: true, owner: String(uid) }));
}

function prometheusWorkload(config: Config, ruleFiles: Readonly<Record<string, string>>, scrapeCredentials?: pulumi.Input<string>): Workload {
    const port = config.ports.prometheus;
    return {
        component: "prometheus",
        image: config.images.prometheus,
        args: prometheusArgs(config, externalUrl(config, "prometheus", port)),
        files: [
            { path: prometheusPaths.configFile, content: renderPrometheusConfig(config) },
            ...Object.keys(ruleFiles)
                .sort()
                .map((file) => ({ path: `${prometheusPaths.rulesDir}/${file}`, content: ruleFiles[file] })),
            ...credentialFiles(config, scrapeCredentials),
        ],
        // Grafana queries it, Tempo's metrics generator writes to it, platform stacks may query it; replicas scrape each other.
        ports: [{ name: "prometheus", port, protocol: "tcp", clients: clientsOf(config, "prometheus", "grafana", "tempo", "platform-services") }],
        volumes: [{ name: "data", mountPath: prometheusPaths.dataDir }],
        reachesHost: true,
        user: { uid, gid: 65534 },
        scratchDirs: ["/tmp"],
        stableIdentity: true,
        replicas: config.prometheusReplicas,
        // Its own name, for the replica's external label.
        env: [{ name: "POD_NAME", instance: "name" }],
        // Where the platform has an API: discovery in the stack's, the platform's and the node agents' namespaces, the nodes'
        // kubelet metrics, and Node Exporter's proxy, which admits a scrape when Prometheus' identity may get /metrics.
        api: {
            discovers: { kinds: ["endpoints", "pods", "services"], namespaces: watchedNamespaces(config) },
            nodeMetrics: true,
            authenticatedMetrics: deploys(config, "node-exporter"),
        },
        // Config and rules change without a restart: a restart means a WAL replay without scrapes or alerts.
        reload: { dir: "/etc/prometheus", processName: "prometheus", statusUrl: `http://127.0.0.1:${port}/api/v1/status/runtimeinfo` },
        // Ready only after the WAL replay; alive well before, so a long replay is not killed.
        health: { port, path: "/-/ready", livenessPath: "/-/healthy", exec: ["wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}/-/ready`] },
    };
}

export interface PrometheusArgs extends StackComponentArgs<Config> {
    readonly ruleFiles?: Readonly<Record<string, string>>;
    /** monitoring:scrapeCredentials (a Pulumi secret, JSON text of job -> token or password). Default: none. */
    readonly scrapeCredentials?: pulumi.Input<string>;
}

export class Prometheus extends StackComponent {
    constructor(name: string, args: PrometheusArgs, opts?: pulumi.ComponentResourceOptions) {
        super("Prometheus", name, "prometheus", "prometheus", args, opts);
        this.run(name, args, prometheusWorkload(args.config, args.ruleFiles ?? {}, args.scrapeCredentials));
    }
}
