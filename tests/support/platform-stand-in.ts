// A stand-in for one of the platform's services (orchestrator, control center, vault service): an HTTP server on
// 127.0.0.1 whose /metrics serves that service's catalogued provisioning_* metrics (alerts/metrics-platform.ts) with
// healthy values, through prom-client, so Prometheus scrapes the names, types and labels the alerts are written against.
import * as net from "net";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { contractOf } from "../../alerts/metric-contract";
import { MetricSource, MetricSpec, platformMetrics } from "../../alerts/metrics";
import { closeServer, listen } from "./webhook-receiver";

export type PlatformService = Extract<MetricSource, "orchestrator" | "control-center" | "vault-service">;

export type PlatformStandIn = Awaited<ReturnType<typeof startPlatformStandIn>>;

/** Gauge values of a healthy service; counters and histograms get a few increments and observations. */
const healthyGauges: Readonly<Record<string, number>> = {
    provisioning_database_connected: 1,
    provisioning_workflows_active: 2,
    provisioning_tasks_queued: 3,
    provisioning_tasks_running: 1,
};

function createMetric(spec: MetricSpec, registry: Registry): Counter | Gauge | Histogram {
    const common = { name: spec.name, help: spec.help, labelNames: [...spec.labels], registers: [registry] };
    if (spec.type === "counter") return new Counter(common);
    if (spec.type === "gauge") return new Gauge(common);
    // The contract's buckets, as a service following docs/metric-contract.md exposes them.
    if (spec.type === "histogram") return new Histogram({ ...common, buckets: [...(contractOf(spec.name)?.buckets ?? [])] });
    throw new Error(`${spec.name}: the platform's metrics are never untyped`);
}

/** A healthy starting value for every label combination the contract allows; error classes (5xx) and failures stay at zero. */
function setHealthy(spec: MetricSpec, metric: Counter | Gauge | Histogram): void {
    const values = contractOf(spec.name)?.labelValues ?? {};
    const labelSets = spec.labels.reduce<Record<string, string>[]>(
        (sets, label) => sets.flatMap((set) => (values[label] ?? ["standin"]).map((v) => ({ ...set, [label]: v }))),
        [{}],
    );
    for (const labels of labelSets) {
        const failure = /(failed|failures|denials|recoveries)/.test(spec.name) || labels.status_class === "5xx";
        if (metric instanceof Gauge) metric.set(labels, healthyGauges[spec.name] ?? 0);
        else if (metric instanceof Counter) metric.inc(labels, failure ? 0 : 10);
        else metric.observe(labels, 0.05);
    }
}

export async function startPlatformStandIn(service: PlatformService) {
    const specs = platformMetrics.filter((m) => m.source === service);
    if (specs.length === 0) throw new Error(`the metric catalogue names no metric of ${service}`);
    const registry = new Registry();
    const metrics = new Map(specs.map((spec) => [spec.name, createMetric(spec, registry)] as const));
    for (const spec of specs) setHealthy(spec, metrics.get(spec.name)!);
    const server = await listen((request, response) => {
        if (request.url !== "/metrics") return void response.writeHead(404).end();
        registry.metrics().then(
            (text) => response.writeHead(200, { "content-type": registry.contentType }).end(text),
            (e) => response.writeHead(500).end(String(e)),
        );
    });
    return {
        service,
        address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
        metrics: specs,
        /** Sets a gauge it serves (e.g. to make an alert's condition true). */
        setGauge: (name: string, value: number) => {
            const metric = metrics.get(name);
            if (!(metric instanceof Gauge)) throw new Error(`${service} serves no gauge ${name}`);
            metric.set(value);
        },
        /** Stops serving: the next scrape is refused, as when the service is down. Idempotent. */
        stop: () => closeServer(server),
    };
}
