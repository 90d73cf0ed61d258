// prometheus.yml and the Prometheus command line, rendered from the stack config (pure).
import { collectorName, ComponentName, deploysCollector, thanosPorts } from "../../model/config/catalog";
import { durationSeconds } from "../../model/config/durations";
import { profileOf } from "../../model/config/platforms";
import { RemoteWrite } from "../../model/config/schema";
import { ConfigSlice, PlatformTarget } from "../../model/config/types";
import { deploys, replicaHosts } from "../../model/endpoints";
import { renderYaml } from "../format/yaml";
import { teamTargetsFileName, teamTargetsJob } from "../../model/config/teams";
import { annotationScrapeJobs, clusterScrapeJobs, discoveredTargets, perNodeScrapeJob } from "./kubernetes-jobs";

export const prometheusPaths = {
    configFile: "/etc/prometheus/prometheus.yml",
    rulesDir: "/etc/prometheus/rules",
    dataDir: "/prometheus",
    /** One file per job with credentials (monitoring:scrapeCredentials.<job>), outside the reloaded config directory. */
    secretsDir: "/etc/prometheus-secrets",
    /** One file per remoteWrite entry with auth (monitoring:remoteWriteCredentials.<name>); sigv4's keys in one AWS credentials file. */
    remoteWriteSecretsDir: "/etc/prometheus-remote-write",
    /** Where there is no cluster API: the teams' scrape-target files, a host directory mounted read-only (monitoring:teams). */
    teamTargetsDir: "/etc/prometheus-team-targets",
} as const;

export const scrapeCredentialsFile = (job: string): string => `${prometheusPaths.secretsDir}/${job}`;
export const remoteWriteCredentialsFile = (name: string): string => `${prometheusPaths.remoteWriteSecretsDir}/${name}`;
/** The AWS shared credentials file of the sigv4 entries, a profile per entry name (a dot: no entry name can clash with it). */
export const awsCredentialsFile = `${prometheusPaths.remoteWriteSecretsDir}/aws.credentials`;

export type PrometheusConfig = ConfigSlice<
    | "platform"
    | "components"
    | "ports"
    | "cluster"
    | "scrapeInterval"
    | "evaluationInterval"
    | "platformTargets"
    | "remoteWrite"
    | "prometheusReplicas"
    | "alertmanagerReplicas"
    | "namespace"
    | "clientNamespaces"
    | "prometheusRetentionTime"
    | "prometheusRetentionSize"
    | "teams"
    | "thanos"
    | "otlpCollector"
>;

/** External label naming the replica: its pod (POD_NAME, which Prometheus 3 expands here); remote storage deduplicates on it, alerts drop it. */
export const replicaLabel = "prometheus_replica";

/** Prometheus rejects a scrape timeout longer than the interval; keep its 10s default otherwise. */
const scrapeTimeout = (interval: string) => (durationSeconds(interval) < 10 ? interval : "10s");

const staticJob = (job: string, hosts: readonly string[], port: number) => ({ job_name: job, static_configs: [{ targets: hosts.map((h) => `${h}:${port}`) }] });

/** A self-scrape job per deployed component (job name = component name); per-node ones found through the cluster's API. */
function selfScrapeJobs(config: PrometheusConfig): Record<string, unknown>[] {
    const { replicas, clusterApi } = profileOf(config);
    const p = config.ports;
    const jobs: [ComponentName, string[], number][] = [
        // Where there are replicas every one scrapes every one: when one is gone, another sees it down and says so.
        ["prometheus", replicas ? replicaHosts("prometheus", config.prometheusReplicas) : ["localhost"], p.prometheus],
        // Every replica: each one's notifications and cluster health matter.
        ["alertmanager", replicaHosts("alertmanager", config.alertmanagerReplicas), p.alertmanager],
        ["grafana", ["grafana"], p.grafana],
        ["loki", ["loki"], p.loki],
        ["promtail", ["promtail"], p.promtail],
        ["tempo", ["tempo"], p.tempo],
        ["node-exporter", ["node-exporter"], p.nodeExporter],
    ];
    return [
        ...jobs
            .filter(([job]) => deploys(config, job))
            .map(([job, hosts, port]) =>
                clusterApi && (job === "promtail" || job === "node-exporter") ? perNodeScrapeJob(config, job, port) : staticJob(job, hosts, port),
            ),
        ...(deploysCollector(config) ? [staticJob(collectorName, [collectorName], p.otelCollector)] : []),
    ];
}

/** With Thanos: its sidecars (one per replica) and its three parts on their HTTP port, so their failures show. */
function thanosScrapeJobs(config: PrometheusConfig): Record<string, unknown>[] {
    if (!config.thanos.enabled) return [];
    return [
        staticJob("thanos-sidecar", replicaHosts("prometheus", config.prometheusReplicas), thanosPorts.thanosHttp),
        ...["thanos-query", "thanos-store", "thanos-compactor"].map((job) => staticJob(job, [job], thanosPorts.thanosHttp)),
    ];
}

/**
 * What the OTLP receiver makes of the collector's metrics: the sending service's and instance's resource attributes become labels (service.name and
 * service.namespace also `job`, service.instance.id `instance`), names get underscores and unit and type suffixes (the metric contract's), late batches land.
 */
const otlpReceiver = {
    otlp: {
        promote_resource_attributes: ["deployment.environment.name", "service.instance.id", "service.name", "service.namespace", "service.version"],
        translation_strategy: "UnderscoreEscapingWithSuffixes",
    },
    storage: { tsdb: { out_of_order_time_window: "30m" } },
};

/** Basic auth or a bearer token, its secret (the password or the token) read from `file`. */
const fileAuth = (auth: { type: string; username?: string }, file: string) =>
    auth.type === "basic" ? { basic_auth: { username: auth.username, password_file: file } } : { authorization: { credentials_file: file } };

function platformJob(config: PrometheusConfig, t: PlatformTarget): Record<string, unknown> {
    // In a cluster every replica of a Service, not the one its ClusterIP happens to pick.
    const targets = (profileOf(config).clusterApi ? discoveredTargets(config, t) : undefined) ?? {
        static_configs: [{ targets: [...t.targets], ...(t.labels && Object.keys(t.labels).length > 0 ? { labels: { ...t.labels } } : {}) }],
    };
    return {
        job_name: t.job,
        ...(t.scrapeInterval ? { scrape_interval: t.scrapeInterval, scrape_timeout: scrapeTimeout(t.scrapeInterval) } : {}),
        metrics_path: t.metricsPath,
        scheme: t.scheme,
        ...(t.credentials ? fileAuth(t.credentials, scrapeCredentialsFile(t.job)) : {}),
        ...targets,
    };
}

/** Each listed team's targets file, written by its stack, seen in seconds without a reload; Prometheus sets team and job, so it speaks for its team only. */
function teamFileJobs(config: PrometheusConfig): Record<string, unknown>[] {
    return config.teams.map((t) => ({
        job_name: teamTargetsJob(t.name),
        // Re-read every 30s too, where a file change does not reach the container as an event (a VM between host and engine).
        file_sd_configs: [{ files: [`${prometheusPaths.teamTargetsDir}/${teamTargetsFileName(t.name)}`], refresh_interval: "30s" }],
        relabel_configs: [
            { target_label: "team", replacement: t.name },
            { target_label: "job", replacement: teamTargetsJob(t.name) },
        ],
    }));
}

/** One remote_write entry; credentials are files (or, for sigv4, a profile of the AWS credentials file), never inline. */
function remoteWriteConfig(r: RemoteWrite): Record<string, unknown> {
    const auth = !r.auth
        ? {}
        : r.auth.type === "sigv4"
          ? { sigv4: { region: r.auth.region, profile: r.name, ...(r.auth.roleArn ? { role_arn: r.auth.roleArn } : {}) } }
          : fileAuth(r.auth, remoteWriteCredentialsFile(r.name!));
    // Prometheus' queue_config names are the schema's camelCase fields in snake_case (maxShards: max_shards).
    const queue = Object.entries(r.queue ?? {})
        .filter(([, value]) => value !== undefined)
        .map(([field, value]) => [field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value]);
    return {
        url: r.url,
        ...(r.name ? { name: r.name } : {}),
        ...(r.headers && Object.keys(r.headers).length > 0 ? { headers: { ...r.headers } } : {}),
        ...auth,
        ...(r.writeRelabel && r.writeRelabel.length > 0 ? { write_relabel_configs: r.writeRelabel.map((rule) => ({ ...rule })) } : {}),
        ...(queue.length > 0 ? { queue_config: Object.fromEntries(queue) } : {}),
    };
}

export function renderPrometheusConfig(config: PrometheusConfig): string {
    const { replicas, clusterApi } = profileOf(config);
    const alertmanagers = replicaHosts("alertmanager", config.alertmanagerReplicas).map((h) => `${h}:${config.ports.alertmanager}`);
    return renderYaml({
        global: {
            scrape_interval: config.scrapeInterval,
            scrape_timeout: scrapeTimeout(config.scrapeInterval),
            evaluation_interval: config.evaluationInterval,
            external_labels: { cluster: config.cluster, ...(replicas ? { [replicaLabel]: "${POD_NAME}" } : {}) },
        },
        ...(deploys(config, "alertmanager")
            ? {
                  // Every replica gets every alert: they deduplicate notifications among themselves.
                  alerting: {
                      // The replicas send the same alerts; without their replica label Alertmanager sees one alert and deduplicates.
                      ...(replicas ? { alert_relabel_configs: [{ regex: replicaLabel, action: "labeldrop" }] } : {}),
                      alertmanagers: [{ static_configs: [{ targets: alertmanagers }] }],
                  },
              }
            : {}),
        // Relative to prometheus.yml: the same file finds its rules in the container and in `npm run render` output.
        rule_files: ["rules/*.yml"],
        scrape_configs: [
            ...selfScrapeJobs(config),
            ...thanosScrapeJobs(config),
            ...config.platformTargets.map((t) => platformJob(config, t)),
            ...(clusterApi ? [...annotationScrapeJobs(config), ...clusterScrapeJobs(config)] : teamFileJobs(config)),
        ],
        ...(config.remoteWrite.length > 0 ? { remote_write: config.remoteWrite.map(remoteWriteConfig) } : {}),
        ...(deploysCollector(config) ? otlpReceiver : {}),
    });
}

/** Command-line flags: retention lives here, not in prometheus.yml (the guide's `storage.tsdb` block is not a config key). */
export function prometheusArgs(config: PrometheusConfig, externalUrl: string): string[] {
    return [
        `--config.file=${prometheusPaths.configFile}`,
        `--storage.tsdb.path=${prometheusPaths.dataDir}`,
        `--storage.tsdb.retention.time=${config.prometheusRetentionTime}`,
        ...(config.prometheusRetentionSize ? [`--storage.tsdb.retention.size=${config.prometheusRetentionSize}`] : []),
        `--web.listen-address=:${config.ports.prometheus}`,
        `--web.external-url=${externalUrl}`,
        // Tempo's metrics generator writes span metrics and service graphs here, exemplars included.
        "--web.enable-remote-write-receiver",
        "--enable-feature=exemplar-storage",
        // The Thanos sidecar uploads only blocks Prometheus never compacts further: every block exactly 2h.
        ...(config.thanos.enabled ? ["--storage.tsdb.min-block-duration=2h", "--storage.tsdb.max-block-duration=2h"] : []),
        // The OTLP collector forwards the services' metrics here (prometheus.yml's `otlp` block says how they become series).
        ...(deploysCollector(config) ? ["--web.enable-otlp-receiver"] : []),
        // No --web.enable-lifecycle: anyone who may query Prometheus could POST /-/quit. Reloads come as SIGHUP.
    ];
}
