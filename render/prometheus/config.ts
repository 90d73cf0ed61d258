// prometheus.yml and the Prometheus command line, rendered from the stack config (pure).
import { ComponentName, PortName } from "../../model/config/catalog";
import { durationSeconds } from "../../model/config/durations";
import { PlatformTarget, StackConfig } from "../../model/config/types";
import { deploys, internalHost, replicaHosts } from "../../model/endpoints";
import { renderYaml } from "../format/yaml";
import { clusterScrapeJobs } from "./kubernetes-cluster-jobs";
import { discoverableServices, kubernetesDiscovery, podDiscovery, withLabels } from "./platform-pod-discovery";
import { annotationScrapeJobs, perNodeScrapeJob } from "./kubernetes-discovery";

export const prometheusPaths = {
    configFile: "/etc/prometheus/prometheus.yml",
    rulesDir: "/etc/prometheus/rules",
    dataDir: "/prometheus",
    /** One file per job with credentials (monitoring:scrapeCredentials.<job>), outside the reloaded config directory. */
    secretsDir: "/etc/prometheus-secrets",
} as const;

/** The file holding a job's token or password. */
export const scrapeCredentialsFile = (job: string): string => `${prometheusPaths.secretsDir}/${job}`;

/**
 * External label naming the replica (its pod, from the POD_NAME environment variable, which Prometheus 3 expands in
 * external labels): remote storage can deduplicate the replicas' series; alerts drop it.
 */
const prometheusReplicaLabel = "prometheus_replica";

/** Components that run on every node: one target per node, found through the platform on Kubernetes. */
const perNodeComponents: readonly { job: ComponentName; port: PortName }[] = [
    { job: "promtail", port: "promtail" },
    { job: "node-exporter", port: "nodeExporter" },
];

/** The addresses each component serves its own metrics on, by scrape job (job name = component name). */
function selfScrapeTargets(config: StackConfig): { job: ComponentName; targets: string[] }[] {
    const p = config.ports;
    const at = (component: ComponentName, port: number) => [`${internalHost(component)}:${port}`];
    const targets: { job: ComponentName; targets: string[] }[] = [
        // On Kubernetes every replica scrapes every replica: when one is gone, the other sees it down and says so.
        {
            job: "prometheus",
            targets:
                config.platform === "kubernetes"
                    ? replicaHosts("prometheus", config.prometheusReplicas).map((h) => `${h}:${p.prometheus}`)
                    : [`localhost:${p.prometheus}`],
        },
        // Every replica: each one's notifications and cluster health matter.
        { job: "alertmanager", targets: replicaHosts("alertmanager", config.alertmanagerReplicas).map((h) => `${h}:${p.alertmanager}`) },
        { job: "grafana", targets: at("grafana", p.grafana) },
        { job: "loki", targets: at("loki", p.loki) },
        { job: "promtail", targets: at("promtail", p.promtail) },
        { job: "tempo", targets: at("tempo", p.tempo) },
        { job: "node-exporter", targets: at("node-exporter", p.nodeExporter) },
    ];
    return targets.filter((t) => deploys(config, t.job));
}

function selfScrapeJobs(config: StackConfig): Record<string, unknown>[] {
    return selfScrapeTargets(config).map(({ job, targets }) => {
        const perNode = perNodeComponents.find((c) => c.job === job);
        if (perNode && config.platform === "kubernetes") return perNodeScrapeJob(config, job, perNode.port);
        return { job_name: job, static_configs: [{ targets }] };
    });
}

/** What the rendered config watches in the platform's API (Kubernetes service discovery): nothing on Docker. */
export function prometheusDiscovers(config: StackConfig): ("pods" | "services" | "endpoints")[] {
    return config.platform === "kubernetes" ? ["endpoints", "pods", "services"] : [];
}

/** Whether Prometheus reads the nodes and their kubelets' metrics (the kubelet and cAdvisor jobs): Kubernetes only. */
export function prometheusReadsNodeMetrics(config: StackConfig): boolean {
    return config.platform === "kubernetes";
}

/** Prometheus rejects a scrape timeout longer than the interval; keep its 10s default otherwise. */
function scrapeTimeout(interval: string): string {
    return durationSeconds(interval) < 10 ? interval : "10s";
}

/** The credentials of a job, read from its secret file (never the secret itself). */
function credentialsOf(t: PlatformTarget): Record<string, unknown> {
    if (!t.credentials) return {};
    const file = scrapeCredentialsFile(t.job);
    return t.credentials.type === "basic"
        ? { basic_auth: { username: t.credentials.username, password_file: file } }
        : { authorization: { credentials_file: file } };
}

/** Where a job's targets come from: Kubernetes discovery, a Service's endpoints, or the addresses as written. */
function targetsOf(config: StackConfig, t: PlatformTarget): Record<string, unknown> {
    const labels = t.labels ?? {};
    if (t.kubernetes) return kubernetesDiscovery(t.kubernetes, labels);
    const services = discoverableServices(config, t);
    // On Kubernetes every replica of a Service, not the one its ClusterIP happens to pick.
    if (services) return withLabels(podDiscovery(services), labels);
    return { static_configs: [{ targets: [...t.targets], ...(Object.keys(labels).length > 0 ? { labels: { ...labels } } : {}) }] };
}

export function renderPrometheusConfig(config: StackConfig): string {
    const platformJobs = config.platformTargets.map((t) => ({
        job_name: t.job,
        ...(t.scrapeInterval ? { scrape_interval: t.scrapeInterval, scrape_timeout: scrapeTimeout(t.scrapeInterval) } : {}),
        metrics_path: t.metricsPath,
        scheme: t.scheme,
        ...credentialsOf(t),
        ...targetsOf(config, t),
    }));
    const doc: Record<string, unknown> = {
        global: {
            scrape_interval: config.scrapeInterval,
            scrape_timeout: scrapeTimeout(config.scrapeInterval),
            evaluation_interval: config.evaluationInterval,
            external_labels: { cluster: config.cluster, ...(config.platform === "kubernetes" ? { [prometheusReplicaLabel]: "${POD_NAME}" } : {}) },
        },
        ...(deploys(config, "alertmanager")
            ? {
                  // Every replica gets every alert: they deduplicate notifications among themselves.
                  alerting: {
                      // The replicas send the same alerts; without their replica label Alertmanager sees one alert and deduplicates.
                      ...(config.platform === "kubernetes" ? { alert_relabel_configs: [{ regex: prometheusReplicaLabel, action: "labeldrop" }] } : {}),
                      alertmanagers: [
                          {
                              static_configs: [
                                  { targets: replicaHosts("alertmanager", config.alertmanagerReplicas).map((h) => `${h}:${config.ports.alertmanager}`) },
                              ],
                          },
                      ],
                  },
              }
            : {}),
        // Relative to prometheus.yml: the same file finds its rules in the container and in `npm run render` output.
        rule_files: ["rules/*.yml"],
        scrape_configs: [
            ...selfScrapeJobs(config),
            ...platformJobs,
            ...(config.platform === "kubernetes" ? [...annotationScrapeJobs(config), ...clusterScrapeJobs(config)] : []),
        ],
        ...(config.remoteWrite.length > 0 ? { remote_write: config.remoteWrite.map((r) => ({ url: r.url })) } : {}),
    };
    return renderYaml(doc);
}

/** Command-line flags: retention lives here, not in prometheus.yml (the guide's `storage.tsdb` block is not a config key). */
export function prometheusArgs(config: StackConfig, externalUrl: string): string[] {
    return [
        `--config.file=${prometheusPaths.configFile}`,
        `--storage.tsdb.path=${prometheusPaths.dataDir}`,
        `--storage.tsdb.retention.time=${config.retention.prometheusTime}`,
        ...(config.retention.prometheusSize ? [`--storage.tsdb.retention.size=${config.retention.prometheusSize}`] : []),
        `--web.listen-address=:${config.ports.prometheus}`,
        `--web.external-url=${externalUrl}`,
        // Tempo's metrics generator writes span metrics and service graphs here, exemplars included.
        "--web.enable-remote-write-receiver",
        "--enable-feature=exemplar-storage",
        // No --web.enable-lifecycle: anyone who may query Prometheus could POST /-/quit. Reloads come as SIGHUP.
    ];
}
