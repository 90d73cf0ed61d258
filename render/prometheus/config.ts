// prometheus.yml and the Prometheus command line, rendered from the stack config (pure).
import { ComponentName } from "../../model/config/catalog";
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
/** The file holding a remote-write entry's password or token. */
export const remoteWriteCredentialsFile = (name: string): string => `${prometheusPaths.remoteWriteSecretsDir}/${name}`;
/** The AWS shared credentials file of the sigv4 entries, a profile per entry name (a dot: no entry name can clash with it). */
export const awsCredentialsFile = `${prometheusPaths.remoteWriteSecretsDir}/aws.credentials`;

/** Prometheus' queue_config names of the queue fields. */
const queueFields = {
    capacity: "capacity",
    maxShards: "max_shards",
    minShards: "min_shards",
    maxSamplesPerSend: "max_samples_per_send",
    batchSendDeadline: "batch_send_deadline",
    minBackoff: "min_backoff",
    maxBackoff: "max_backoff",
} as const;

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
>;

/**
 * External label naming the replica (its pod, from the POD_NAME environment variable, which Prometheus 3 expands in
 * external labels): remote storage can deduplicate the replicas' series; alerts drop it.
 */
const replicaLabel = "prometheus_replica";

/** Prometheus rejects a scrape timeout longer than the interval; keep its 10s default otherwise. */
const scrapeTimeout = (interval: string) => (durationSeconds(interval) < 10 ? interval : "10s");

/** A self-scrape job per deployed component (job name = component name); per-node ones found through the cluster's API. */
function selfScrapeJobs(config: PrometheusConfig): Record<string, unknown>[] {
    const { replicas, clusterApi } = profileOf(config);
    const p = config.ports;
    const at = (hosts: string[], port: number) => hosts.map((h) => `${h}:${port}`);
    const jobs: [ComponentName, string[]][] = [
        // Where there are replicas every one scrapes every one: when one is gone, another sees it down and says so.
        ["prometheus", replicas ? at(replicaHosts("prometheus", config.prometheusReplicas), p.prometheus) : [`localhost:${p.prometheus}`]],
        // Every replica: each one's notifications and cluster health matter.
        ["alertmanager", at(replicaHosts("alertmanager", config.alertmanagerReplicas), p.alertmanager)],
        ["grafana", at(["grafana"], p.grafana)],
        ["loki", at(["loki"], p.loki)],
        ["promtail", at(["promtail"], p.promtail)],
        ["tempo", at(["tempo"], p.tempo)],
        ["node-exporter", at(["node-exporter"], p.nodeExporter)],
    ];
    return jobs
        .filter(([job]) => deploys(config, job))
        .map(([job, targets]) => {
            if (clusterApi && job === "promtail") return perNodeScrapeJob(config, job, "promtail");
            if (clusterApi && job === "node-exporter") return perNodeScrapeJob(config, job, "nodeExporter");
            return { job_name: job, static_configs: [{ targets }] };
        });
}

function platformJob(config: PrometheusConfig, t: PlatformTarget): Record<string, unknown> {
    const file = scrapeCredentialsFile(t.job);
    const credentials = !t.credentials
        ? {}
        : t.credentials.type === "basic"
          ? { basic_auth: { username: t.credentials.username, password_file: file } }
          : { authorization: { credentials_file: file } };
    const labels = t.labels ?? {};
    // In a cluster every replica of a Service, not the one its ClusterIP happens to pick.
    const targets = (profileOf(config).clusterApi ? discoveredTargets(config, t) : undefined) ?? {
        static_configs: [{ targets: [...t.targets], ...(Object.keys(labels).length > 0 ? { labels: { ...labels } } : {}) }],
    };
    return {
        job_name: t.job,
        ...(t.scrapeInterval ? { scrape_interval: t.scrapeInterval, scrape_timeout: scrapeTimeout(t.scrapeInterval) } : {}),
        metrics_path: t.metricsPath,
        scheme: t.scheme,
        ...credentials,
        ...targets,
    };
}

/**
 * Each listed team's file of targets, written by its own stack: found within seconds of a change, no reload. Only the
 * file named after the team is read, and Prometheus sets `team` and `job`, so a file speaks for its own team only.
 */
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
    const file = r.name === undefined ? "" : remoteWriteCredentialsFile(r.name);
    const auth = !r.auth
        ? {}
        : r.auth.type === "basic"
          ? { basic_auth: { username: r.auth.username, password_file: file } }
          : r.auth.type === "bearer"
            ? { authorization: { credentials_file: file } }
            : { sigv4: { region: r.auth.region, profile: r.name, ...(r.auth.roleArn ? { role_arn: r.auth.roleArn } : {}) } };
    const queue = Object.entries(queueFields).flatMap(([field, name]) => {
        const value = r.queue?.[field as keyof typeof queueFields];
        return value === undefined ? [] : [[name, value] as const];
    });
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
    const doc: Record<string, unknown> = {
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
            ...config.platformTargets.map((t) => platformJob(config, t)),
            ...(clusterApi ? [...annotationScrapeJobs(config), ...clusterScrapeJobs(config)] : teamFileJobs(config)),
        ],
        ...(config.remoteWrite.length > 0 ? { remote_write: config.remoteWrite.map(remoteWriteConfig) } : {}),
    };
    return renderYaml(doc);
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
        // No --web.enable-lifecycle: anyone who may query Prometheus could POST /-/quit. Reloads come as SIGHUP.
    ];
}
