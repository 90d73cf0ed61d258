// The one OTLP endpoint: when the collector runs, what its config forwards where, what Prometheus turns on for it, the
// ports it takes, and the builder manifest held to the pinned image's release and to the components the config uses.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { helperImages } from "../../model/config/catalog";
import { parseStackConfig } from "../../model/config/parse";
import { renderOtelCollectorConfig } from "../../render/otel-collector/config";
import { prometheusArgs, renderPrometheusConfig } from "../../render/prometheus/config";
import { renderStackFiles } from "../../render/stack-files";
import { loadRawStackConfig, projectRoot, secretsNeededBy } from "../support/stack-files";
import { configProblems } from "../support/config-problems";

const raw = (stack: string) => loadRawStackConfig(stack, secretsNeededBy(loadRawStackConfig(stack)));
const config = (stack: string, changes: Record<string, string> = {}) => parseStackConfig({ ...raw(stack), ...changes }, stack);
const collectorDoc = (stack: string, changes: Record<string, string> = {}) => parse(renderOtelCollectorConfig(config(stack, changes)));

describe("the OTLP collector (monitoring:otlpCollector)", () => {
    it("forwards each signal to its store: metrics to every Prometheus replica's OTLP receiver, logs to Loki, traces to Tempo", () => {
        const doc = collectorDoc("prod");
        assert.deepEqual(doc.exporters, {
            "otlp_http/prometheus-0": { metrics_endpoint: "http://prometheus-0.prometheus-headless:9090/api/v1/otlp/v1/metrics" },
            "otlp_http/prometheus-1": { metrics_endpoint: "http://prometheus-1.prometheus-headless:9090/api/v1/otlp/v1/metrics" },
            "otlp_http/loki": { logs_endpoint: "http://loki:3100/otlp/v1/logs" },
            "otlp_http/tempo": { traces_endpoint: "http://tempo:4318/v1/traces" },
        });
        assert.deepEqual(doc.service.pipelines.metrics, {
            receivers: ["otlp"],
            processors: ["memory_limiter", "batch"],
            exporters: ["otlp_http/prometheus-0", "otlp_http/prometheus-1"],
        });
        assert.deepEqual(doc.receivers.otlp.protocols, { grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: "0.0.0.0:4318" } });
    });

    it("has a pipeline only for the signals whose store is deployed, and runs only when one is", () => {
        assert.deepEqual(Object.keys(collectorDoc("dev", { "monitoring:components": '["prometheus","grafana"]' }).service.pipelines), ["metrics"]);
        assert.deepEqual(Object.keys(collectorDoc("dev", { "monitoring:components": '["loki","tempo"]' }).service.pipelines), ["logs", "traces"]);
        const files = (changes: Record<string, string>) => Object.keys(renderStackFiles(config("dev", changes)));
        assert.ok(files({}).includes("otel-collector/config.yaml"));
        assert.ok(!files({ "monitoring:otlpCollector": "false" }).includes("otel-collector/config.yaml"));
        assert.ok(!files({ "monitoring:components": '["grafana","alertmanager"]' }).includes("otel-collector/config.yaml"));
    });

    it("turns on Prometheus' OTLP receiver, with the service's attributes as labels, only with the collector", () => {
        const on = config("dev");
        const off = config("dev", { "monitoring:otlpCollector": "false" });
        assert.ok(prometheusArgs(on, "http://localhost:9090").includes("--web.enable-otlp-receiver"));
        assert.ok(!prometheusArgs(off, "http://localhost:9090").includes("--web.enable-otlp-receiver"));
        assert.deepEqual(parse(renderPrometheusConfig(on)).otlp, {
            promote_resource_attributes: ["deployment.environment.name", "service.instance.id", "service.name", "service.namespace", "service.version"],
            translation_strategy: "UnderscoreEscapingWithSuffixes",
        });
        assert.equal(parse(renderPrometheusConfig(off)).otlp, undefined);
        const jobs = (c: typeof on) => parse(renderPrometheusConfig(c)).scrape_configs.map((j: { job_name: string }) => j.job_name);
        assert.ok(jobs(on).includes("otel-collector") && !jobs(off).includes("otel-collector"));
    });

    it("takes the OTLP ports: one of its ports on another component's number is refused, Tempo's own behind it are not", () => {
        assert.deepEqual(configProblems(raw("dev")), []);
        assert.deepEqual(configProblems({ ...raw("dev"), "monitoring:otlpCollector": "false" }), []);
        assert.deepEqual(configProblems({ ...raw("dev"), "monitoring:ports": '{"otlpHttp":3000}' }), [
            "monitoring:ports: port 3000 is used by grafana and otlpHttp; each port must be used once",
        ]);
        assert.deepEqual(configProblems({ ...raw("dev"), "monitoring:otlpCollector": "yes" }), [
            'monitoring:otlpCollector: expected true or false (got "yes")',
        ]);
    });

    it("is built from a manifest of exactly the components its config uses, at the pinned image's release", () => {
        const release = "0.165.0";
        assert.equal(helperImages.otelCollector, `otel/opentelemetry-collector:${release}`);
        const manifest = parse(fs.readFileSync(path.join(projectRoot, "support/otelcol-builder.yaml"), "utf8"));
        assert.equal(manifest.dist.version, release);
        const modules = (kind: string) => manifest[kind].map((m: { gomod: string }) => m.gomod);
        assert.deepEqual(modules("receivers"), [`go.opentelemetry.io/collector/receiver/otlpreceiver v${release}`]);
        assert.deepEqual(modules("processors"), [
            `go.opentelemetry.io/collector/processor/batchprocessor v${release}`,
            `go.opentelemetry.io/collector/processor/memorylimiterprocessor v${release}`,
        ]);
        assert.deepEqual(modules("exporters"), [`go.opentelemetry.io/collector/exporter/otlphttpexporter v${release}`]);
        // Those modules' component types, and the types the rendered config names.
        const doc = collectorDoc("prod");
        const types = (section: Record<string, unknown>) => [...new Set(Object.keys(section).map((id) => id.split("/")[0]))].sort();
        assert.deepEqual(types(doc.receivers), ["otlp"]);
        assert.deepEqual(types(doc.processors), ["batch", "memory_limiter"]);
        assert.deepEqual(types(doc.exporters), ["otlp_http"]);
        assert.deepEqual(doc.extensions, undefined);
    });
});
