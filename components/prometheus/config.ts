// prometheus.yml and the Prometheus command line, rendered from the stack config (pure).
import { ComponentName } from "../config/catalog";
import { durationSeconds } from "../config/durations";
import { StackConfig } from "../config/types";
import { deploys, internalHost } from "../render/endpoints";
import { renderYaml } from "../render/yaml";

export const prometheusPaths = {
    configFile: "/etc/prometheus/prometheus.yml",
    rulesDir: "/etc/prometheus/rules",
    dataDir: "/prometheus",
} as const;

/** The port each component serves its own metrics on, by scrape job (job name = component name). */
function selfScrapeTargets(config: StackConfig): { job: ComponentName; target: string }[] {
    const p = config.ports;
    const targets: { job: ComponentName; target: string }[] = [
        { job: "prometheus", target: `localhost:${p.prometheus}` },
        { job: "alertmanager", target: `${internalHost("alertmanager")}:${p.alertmanager}` },
        { job: "grafana", target: `${internalHost("grafana")}:${p.grafana}` },
        { job: "loki", target: `${internalHost("loki")}:${p.loki}` },
        { job: "promtail", target: `${internalHost("promtail")}:${p.promtail}` },
        { job: "tempo", target: `${internalHost("tempo")}:${p.tempo}` },
        { job: "node-exporter", target: `${internalHost("node-exporter")}:${p.nodeExporter}` },
    ];
    return targets.filter((t) => deploys(config, t.job));
}

/** Prometheus rejects a scrape timeout longer than the interval; keep its 10s default otherwise. */
function scrapeTimeout(interval: string): string {
    return durationSeconds(interval) < 10 ? interval : "10s";
}

export function renderPrometheusConfig(config: StackConfig): string {
    const selfJobs = selfScrapeTargets(config).map(({ job, target }) => ({
        job_name: job,
        static_configs: [{ targets: [target] }],
    }));
    const platformJobs = config.platformTargets.map((t) => ({
        job_name: t.job,
        ...(t.scrapeInterval ? { scrape_interval: t.scrapeInterval, scrape_timeout: scrapeTimeout(t.scrapeInterval) } : {}),
        metrics_path: t.metricsPath,
        scheme: t.scheme,
        static_configs: [{ targets: [...t.targets] }],
    }));
    const doc: Record<string, unknown> = {
        global: {
            scrape_interval: config.scrapeInterval,
            scrape_timeout: scrapeTimeout(config.scrapeInterval),
            evaluation_interval: config.evaluationInterval,
            external_labels: { cluster: config.cluster },
        },
        ...(deploys(config, "alertmanager")
            ? {
                  alerting: {
                      alertmanagers: [{ static_configs: [{ targets: [`${internalHost("alertmanager")}:${config.ports.alertmanager}`] }] }],
                  },
              }
            : {}),
        // Relative to prometheus.yml: the same file finds its rules in the container and in `npm run render` output.
        rule_files: ["rules/*.yml"],
        scrape_configs: [...selfJobs, ...platformJobs],
        ...(config.remoteWrite.length > 0 ? { remote_write: config.remoteWrite.map((r) => ({ url: r.url })) } : {}),
    };
    return renderYaml(doc);
}

/** Command-line flags: retention lives here, not in prometheus.yml (the seed's `storage.tsdb` block is not a config key). */
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
        "--web.enable-lifecycle",
    ];
}
