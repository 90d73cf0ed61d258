// The OTLP collector's config (OpenTelemetry Collector core), from the stack config (pure): OTLP in over gRPC and HTTP, each signal out over OTLP/HTTP
// to its store (metrics to every Prometheus replica, logs to Loki, traces to Tempo, each to its OTLP endpoint); a signal without its store has no pipeline.
import { ConfigSlice } from "../../model/config/types";
import { deploys, replicaHosts } from "../../model/endpoints";
import { renderYaml } from "../format/yaml";

export const otelCollectorPaths = { configFile: "/etc/otel-collector/config.yaml" } as const;

/** Where each store takes OTLP over HTTP (Prometheus with --web.enable-otlp-receiver; Loki and Tempo as they ship). */
const otlpIngestPaths = { prometheus: "/api/v1/otlp/v1/metrics", loki: "/otlp/v1/logs", tempo: "/v1/traces" } as const;

export type OtelCollectorConfig = ConfigSlice<"components" | "ports" | "prometheusReplicas">;

export function renderOtelCollectorConfig(config: OtelCollectorConfig): string {
    const p = config.ports;
    // Every Prometheus replica gets every sample, as each scrapes every target: a query may reach either.
    const hosts = replicaHosts("prometheus", config.prometheusReplicas);
    const metrics = deploys(config, "prometheus")
        ? hosts.map((host, i) => [
              `otlp_http/prometheus${hosts.length > 1 ? `-${i}` : ""}`,
              { metrics_endpoint: `http://${host}:${p.prometheus}${otlpIngestPaths.prometheus}` },
          ])
        : [];
    const logs = deploys(config, "loki") ? [["otlp_http/loki", { logs_endpoint: `http://loki:${p.loki}${otlpIngestPaths.loki}` }]] : [];
    const traces = deploys(config, "tempo") ? [["otlp_http/tempo", { traces_endpoint: `http://tempo:${p.tempoOtlpHttp}${otlpIngestPaths.tempo}` }]] : [];
    // The memory limiter first, so a burst is refused (the senders retry) before the batches grow.
    const processors = ["memory_limiter", "batch"];
    const pipeline = (signalExporters: unknown[][]) => ({ receivers: ["otlp"], processors, exporters: signalExporters.map(([id]) => id) });
    const exporters = { metrics, logs, traces };
    return renderYaml({
        receivers: {
            otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${p.otlpGrpc}` }, http: { endpoint: `0.0.0.0:${p.otlpHttp}` } } },
        },
        processors: {
            memory_limiter: { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 25 },
            batch: {},
        },
        exporters: Object.fromEntries(Object.values(exporters).flat()),
        service: {
            // Its own metrics for Prometheus' `otel-collector` job, on every address (the default is the loopback only).
            telemetry: { metrics: { readers: [{ pull: { exporter: { prometheus: { host: "0.0.0.0", port: p.otelCollector } } } }] } },
            pipelines: Object.fromEntries(Object.entries(exporters).flatMap(([signal, ids]) => (ids.length > 0 ? [[signal, pipeline(ids)]] : []))),
        },
    });
}
