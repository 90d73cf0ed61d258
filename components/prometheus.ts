// Prometheus: config and rules reload in place, credentials are secret files, the TSDB is on a volume, retention in the flags.
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { profileOf } from "../model/config/platforms";
import { ConfigSlice } from "../model/config/types";
import { clientsOf, deploys, externalUrl, watchedNamespaces } from "../model/endpoints";
import {
    awsCredentialsFile,
    PrometheusConfig,
    prometheusArgs,
    prometheusPaths,
    remoteWriteCredentialsFile,
    renderPrometheusConfig,
    scrapeCredentialsFile,
} from "../render/prometheus/config";
import { thanosObjstoreFile, thanosSidecar } from "./thanos";
import { ComponentConfig, secretEntries, secretFile, StackComponent, StackComponentArgs, Workload, WorkloadFile } from "./workload";

type Config = PrometheusConfig & ComponentConfig & ConfigSlice<"images" | "stack" | "objectStorage">;

/** The image runs as nobody; the credential files must be readable by it alone. */
const uid = 65534;

/** One secret file per job with credentials: its entry of monitoring:scrapeCredentials (a JSON object, as Pulumi passes it). */
function credentialFiles(config: Config, scrapeCredentials: pulumi.Input<string> | undefined): WorkloadFile[] {
    const jobs = config.platformTargets.filter((t) => t.credentials).map((t) => t.job);
    if (jobs.length === 0 || scrapeCredentials === undefined) return [];
    const entry = secretEntries(scrapeCredentials);
    return jobs.sort().map((job) => secretFile(uid, scrapeCredentialsFile(job), entry(job)));
}

/** From monitoring:remoteWriteCredentials; a sigv4 entry is `<access-key-id>:<secret-access-key>`, a profile of one AWS credentials file. */
function remoteWriteFiles(config: Config, remoteWriteCredentials: pulumi.Input<string> | undefined): WorkloadFile[] {
    const withAuth = config.remoteWrite.filter((r) => r.auth && r.name !== undefined).sort((a, b) => (a.name! < b.name! ? -1 : 1));
    if (withAuth.length === 0 || remoteWriteCredentials === undefined) return [];
    const entry = secretEntries(remoteWriteCredentials);
    const profile = (name: string) =>
        entry(name).apply((text) => {
            const [id, ...key] = text.split(":");
            return `[${name}]\naws_access_key_id = ${id}\naws_secret_access_key = ${key.join(":")}\n`;
        });
    const sigv4 = withAuth.filter((r) => r.auth!.type === "sigv4").map((r) => r.name!);
    const profiles = pulumi.all(sigv4.map(profile)).apply((list) => list.join("\n"));
    return [
        ...withAuth.filter((r) => r.auth!.type !== "sigv4").map((r) => secretFile(uid, remoteWriteCredentialsFile(r.name!), entry(r.name!))),
        ...(sigv4.length > 0 ? [secretFile(uid, awsCredentialsFile, profiles)] : []),
    ];
}

/** Where teams' stacks write their target files on Docker: the deploying user's (Prometheus reads it through the mount, whatever the home's mode). */
export function scrapeTargetsHostDir(config: ConfigSlice<"platform" | "teams" | "stack">, home: string = os.homedir()): string | undefined {
    if (profileOf(config).clusterApi || config.teams.length === 0) return undefined;
    return path.posix.join(home, ".local", "state", "provisioning-monitoring", config.stack, "scrape-targets");
}

function prometheusWorkload({ config, ruleFiles = {}, secrets = {} }: PrometheusArgs): Workload {
    const teamTargetsDir = scrapeTargetsHostDir(config);
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
            ...credentialFiles(config, secrets.scrapeCredentials),
            ...remoteWriteFiles(config, secrets.remoteWriteCredentials),
            ...(config.thanos.enabled ? [thanosObjstoreFile(config, secrets.objectStorageCredentials)] : []),
        ],
        // Grafana queries it, Tempo's metrics generator and the OTLP collector write to it, platform stacks may query it; replicas scrape each other.
        ports: [{ name: "prometheus", port, clients: clientsOf(config, "prometheus", "grafana", "tempo", "otel-collector", "platform-services") }],
        volumes: [{ name: "data", mountPath: prometheusPaths.dataDir }],
        hostMounts: teamTargetsDir ? [{ hostPath: teamTargetsDir, mountPath: prometheusPaths.teamTargetsDir, forOtherStacks: true }] : undefined,
        reachesHost: true,
        user: { uid, gid: 65534 },
        scratchDirs: ["/tmp"],
        stableIdentity: true,
        replicas: config.prometheusReplicas,
        // Its own name, for the replica's external label.
        env: [
            { name: "POD_NAME", instance: "name" },
            // sigv4 finds its keys through the AWS SDK's shared credentials file, a profile per remoteWrite entry.
            ...(config.remoteWrite.some((r) => r.auth?.type === "sigv4") ? [{ name: "AWS_SHARED_CREDENTIALS_FILE", value: awsCredentialsFile }] : []),
        ],
        // Where the platform has an API; Node Exporter's proxy admits a scrape when Prometheus' identity may get /metrics.
        api: {
            discovers: { kinds: ["endpoints", "pods", "services"], namespaces: watchedNamespaces(config) },
            nodeMetrics: true,
            authenticatedMetrics: deploys(config, "node-exporter"),
        },
        // Config and rules change without a restart: a restart means a WAL replay without scrapes or alerts.
        reload: { dir: "/etc/prometheus", processName: "prometheus", statusUrl: `http://127.0.0.1:${port}/api/v1/status/runtimeinfo` },
        // Ready only after the WAL replay; alive well before, so a long replay is not killed.
        health: { port, path: "/-/ready", livenessPath: "/-/healthy", exec: ["wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port}/-/ready`] },
        // With Thanos: a sidecar ships every finished block to the metrics bucket and serves recent samples to Query.
        ...(config.thanos.enabled ? { sidecars: [thanosSidecar(config)] } : {}),
    };
}

export interface PrometheusArgs extends StackComponentArgs<Config> {
    /** Rule files loaded from rules/ (file name -> YAML). Default: none. */
    readonly ruleFiles?: Readonly<Record<string, string>>;
}

export class Prometheus extends StackComponent {
    /** The host directory teams' stacks write their scrape-target files into (docs/teams.md); undefined on Kubernetes or without teams. */
    public readonly scrapeTargetsDir?: pulumi.Output<string>;

    constructor(name: string, args: PrometheusArgs, opts?: pulumi.ComponentResourceOptions) {
        super("Prometheus", name, "prometheus", "prometheus", args, opts);
        const dir = scrapeTargetsHostDir(args.config);
        this.scrapeTargetsDir = dir === undefined ? undefined : pulumi.output(dir);
        this.run(name, args, prometheusWorkload(args), dir === undefined ? {} : { scrapeTargetsDir: this.scrapeTargetsDir });
    }
}
