// The one OTLP endpoint, for real: the collector built from the pinned release (npm run tools -- otelcol) runs the stack's
// rendered config, and the real Prometheus 3.13.2 runs with the command line and prometheus.yml the stack renders (its
// OTLP receiver on). Metrics sent to the collector, over HTTP (JSON) and gRPC (protobuf), are read back through
// Prometheus' query API with the promoted labels.
// Loki and Tempo cannot be built here: a local capture server stands in for both and records what the collector posts,
// so their acceptance of it is not proven (docs/verification.md).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as http from "http";
import * as http2 from "http2";
import * as path from "path";
import * as zlib from "zlib";
import { parseStackConfig } from "../../model/config/parse";
import { StackConfig } from "../../model/config/types";
import { renderOtelCollectorConfig } from "../../render/otel-collector/config";
import { renderPrometheusConfig } from "../../render/prometheus/config";
import { Daemon, freePort, startDaemon } from "../support/daemon";
import { startPrometheus } from "../support/local-daemons";
import { done, getJson, notYet, waitFor } from "../support/poll";
import { makeTempDir, removeDir, writeFiles } from "../support/run-tool";

type Captured = { method: string; path: string; contentType: string; encoding: string; body: Buffer };

const resource = {
    attributes: [
        ["service.name", "checkout"],
        ["service.namespace", "shop"],
        ["service.instance.id", "checkout-1"],
        ["deployment.environment.name", "dev"],
    ].map(([key, value]) => ({ key, value: { stringValue: value } })),
};
const nowNanos = () => `${BigInt(Date.now()) * 1_000_000n}`;

/** A cumulative counter `checkout.orders` in units of `{order}`: Prometheus names it checkout_orders_total. */
const metricsRequest = () => ({
    resourceMetrics: [
        {
            resource,
            scopeMetrics: [
                {
                    metrics: [
                        {
                            name: "checkout.orders",
                            unit: "{order}",
                            sum: {
                                aggregationTemporality: 2,
                                isMonotonic: true,
                                dataPoints: [{ asInt: "42", startTimeUnixNano: nowNanos(), timeUnixNano: nowNanos() }],
                            },
                        },
                    ],
                },
            ],
        },
    ],
});
const logsRequest = () => ({
    resourceLogs: [{ resource, scopeLogs: [{ logRecords: [{ timeUnixNano: nowNanos(), severityText: "INFO", body: { stringValue: "order placed" } }] }] }],
});
const tracesRequest = () => ({
    resourceSpans: [
        {
            resource,
            scopeSpans: [
                {
                    spans: [
                        {
                            traceId: "5b8efff798038103d269b633813fc60c",
                            spanId: "eee19b7ec3c1b174",
                            name: "place order",
                            kind: 2,
                            startTimeUnixNano: nowNanos(),
                            endTimeUnixNano: nowNanos(),
                        },
                    ],
                },
            ],
        },
    ],
});

/** Protobuf by hand (the few wire types OTLP needs here), so the gRPC call needs nothing beyond Node's http2. */
const varint = (n: number): Buffer => {
    const bytes: number[] = [];
    for (; n > 127; n = Math.floor(n / 128)) bytes.push((n % 128) | 128);
    return Buffer.from([...bytes, n]);
};
const field = (number: number, value: Buffer | string): Buffer => {
    const bytes = typeof value === "string" ? Buffer.from(value) : value;
    return Buffer.concat([varint(number * 8 + 2), varint(bytes.length), bytes]);
};
const fixed64 = (number: number, value: bigint): Buffer => {
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64LE(value);
    return Buffer.concat([varint(number * 8 + 1), bytes]);
};

/** ExportMetricsServiceRequest: one gauge `grpc.probe` = 7 from the service `checkout-grpc`. */
function grpcMetricsRequest(): Buffer {
    const attribute = field(1, Buffer.concat([field(1, "service.name"), field(2, field(1, "checkout-grpc"))]));
    const point = Buffer.concat([fixed64(3, BigInt(Date.now()) * 1_000_000n), fixed64(6, 7n)]);
    const metric = Buffer.concat([field(1, "grpc.probe"), field(5, field(1, point))]);
    return field(1, Buffer.concat([field(1, attribute), field(2, field(2, metric))]));
}

/** One unary gRPC call over cleartext HTTP/2; resolves with the grpc-status trailer. */
function grpcCall(port: number, method: string, message: Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
        const session = http2.connect(`http://127.0.0.1:${port}`);
        session.on("error", reject);
        const call = session.request({ ":method": "POST", ":path": method, "content-type": "application/grpc", te: "trailers" });
        const frame = Buffer.alloc(5);
        frame.writeUInt32BE(message.length, 1);
        call.on("trailers", (trailers) => resolve(String(trailers["grpc-status"])));
        call.on("error", reject);
        call.on("close", () => session.close());
        call.resume();
        call.end(Buffer.concat([frame, message]));
    });
}

describe("the OTLP collector on its pinned release, in front of the real Prometheus 3.13.2", function () {
    this.timeout(90_000);
    let dir: string | undefined;
    let prometheus: Daemon | undefined;
    let collector: Daemon | undefined;
    let capture: http.Server | undefined;
    let config: StackConfig;
    const captured: Captured[] = [];

    before(async () => {
        capture = http.createServer((req, res) => {
            const chunks: Buffer[] = [];
            req.on("data", (c: Buffer) => chunks.push(c));
            req.on("end", () => {
                const h = req.headers;
                captured.push({
                    method: req.method ?? "",
                    path: req.url ?? "",
                    contentType: h["content-type"] ?? "",
                    encoding: h["content-encoding"] ?? "",
                    body: Buffer.concat(chunks),
                });
                res.writeHead(200, { "Content-Type": "application/x-protobuf" }).end();
            });
        });
        await new Promise<void>((resolve) => capture!.listen(0, "127.0.0.1", resolve));
        const capturePort = (capture.address() as { port: number }).port;
        const [prometheusPort, otlpGrpc, otlpHttp, otelCollector] = [await freePort(), await freePort(), await freePort(), await freePort()];
        config = parseStackConfig(
            {
                "monitoring:components": '["prometheus", "loki", "tempo"]',
                "monitoring:platformTargets": "[]",
                "monitoring:scrapeInterval": "1s",
                "monitoring:ports": JSON.stringify({
                    prometheus: prometheusPort,
                    loki: capturePort,
                    tempoOtlpHttp: capturePort,
                    otlpGrpc,
                    otlpHttp,
                    otelCollector,
                }),
            },
            "live",
        );
        dir = makeTempDir("otlp-ingest-live");
        // The stack's names made local: every component on the loopback, Loki and Tempo being the capture server.
        const local = (text: string) => text.replace(/\b(prometheus|loki|tempo|otel-collector|0\.0\.0\.0)(?=:\d)/g, "127.0.0.1");
        writeFiles(dir, { "prometheus.yml": local(renderPrometheusConfig(config)), "otelcol.yaml": local(renderOtelCollectorConfig(config)) });
        prometheus = await startPrometheus(config, { dir, port: prometheusPort });
        collector = await startDaemon("otelcol", [`--config=${path.join(dir, "otelcol.yaml")}`], "/metrics", 30_000, { port: otelCollector });
    });

    after(async () => {
        await collector?.stop();
        await prometheus?.stop();
        await new Promise((resolve) => (capture ? capture.close(resolve) : resolve(undefined)));
        removeDir(dir);
    });

    const send = async (signal: string, body: unknown) => {
        const response = await fetch(`http://127.0.0.1:${config.ports.otlpHttp}/v1/${signal}`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(body),
        });
        assert.equal(response.status, 200, `${signal}: ${await response.text()}`);
    };

    /** The first series Prometheus answers `query` with, once it has one. */
    const firstSeries = (query: string) =>
        waitFor(
            `${query} in Prometheus`,
            async () => {
                const answer = await getJson<{ data: { result: { metric: Record<string, string>; value: [number, string] }[] } }>(
                    `${prometheus!.baseUrl}/api/v1/query?query=${encodeURIComponent(query)}`,
                );
                const [first] = answer.data.result;
                return first ? done(first) : notYet(`no series yet; collector: ${collector!.output().slice(-600)}`);
            },
            30_000,
            250,
        );

    it("runs Prometheus with the rendered OTLP receiver flag", () => {
        const commandLine = fs.readFileSync(`/proc/${prometheus!.pid}/cmdline`, "utf8").split("\0");
        assert.ok(commandLine.includes("--web.enable-otlp-receiver"), commandLine.join(" "));
    });

    it("takes an OTLP metric at its HTTP endpoint, and Prometheus answers it with the service's labels", async () => {
        await send("metrics", metricsRequest());
        const series = await firstSeries("checkout_orders_total");
        assert.deepEqual(series.metric, {
            __name__: "checkout_orders_total",
            deployment_environment_name: "dev",
            instance: "checkout-1",
            job: "shop/checkout",
            service_instance_id: "checkout-1",
            service_name: "checkout",
            service_namespace: "shop",
        });
        assert.equal(series.value[1], "42");
    });

    it("takes an OTLP metric at its gRPC endpoint too", async () => {
        assert.equal(await grpcCall(config.ports.otlpGrpc, "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", grpcMetricsRequest()), "0");
        const series = await firstSeries("grpc_probe");
        assert.deepEqual(series.metric, { __name__: "grpc_probe", job: "checkout-grpc", service_name: "checkout-grpc" });
        assert.equal(series.value[1], "7");
    });

    it("posts logs as OTLP to Loki's /otlp/v1/logs and traces to Tempo's /v1/traces", async () => {
        await send("logs", logsRequest());
        await send("traces", tracesRequest());
        for (const where of ["/otlp/v1/logs", "/v1/traces"]) {
            const request = await waitFor(
                `a POST to ${where}`,
                async () => {
                    const found = captured.find((c) => c.path === where);
                    return found ? done(found) : notYet(`${captured.map((c) => c.path).join(", ") || "nothing"} so far`);
                },
                20_000,
            );
            assert.equal(request.method, "POST");
            assert.equal(request.contentType, "application/x-protobuf");
            assert.equal(request.encoding, "gzip");
            // Protobuf keeps strings as they are: the service's name travels with the batch.
            assert.ok(zlib.gunzipSync(request.body).includes("checkout"), `${where}: the body names the service`);
        }
    });

    it("serves its own metrics where the stack's `otel-collector` job scrapes them", async () => {
        const up = await waitFor(
            'up{job="otel-collector"} == 1',
            async () => {
                const answer = await getJson<{ data: { result: { value: [number, string] }[] } }>(
                    `${prometheus!.baseUrl}/api/v1/query?query=${encodeURIComponent('up{job="otel-collector"}')}`,
                );
                const value = answer.data.result[0]?.value[1];
                return value === "1" ? done(value) : notYet(`up is ${value ?? "absent"}`);
            },
            20_000,
            250,
        );
        assert.equal(up, "1");
    });
});
