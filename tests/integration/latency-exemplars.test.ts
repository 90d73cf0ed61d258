// The latency panels draw their lines from recorded series and get their exemplars from one target over the raw buckets
// (latencyTargets in dashboards/common.ts). On the real Prometheus 3.13.2 with the stack's flags (exemplar storage on), that target's
// expression, sent to /api/v1/query_exemplars as Grafana sends it, returns the exemplar a scraped bucket carries, while
// its range query returns no series (it draws nothing and costs next to nothing).
import { strict as assert } from "assert";
import * as http from "http";
import { Histogram, OpenMetricsContentType, Registry } from "prom-client";
import { stringify } from "yaml";
import { platformJobs } from "../../alerts/catalog";
import { startPrometheus } from "../support/local-daemons";
import { expandForGrafana, panelTiming } from "../../bench/queries/grafana-timing";
import { buildDashboards } from "../../dashboards/index";
import { panelsOf } from "../../dashboards/skeleton";
import { done, getJson, notYet, waitFor } from "../support/poll";
import { loadStackConfig } from "../support/stack-files";
import { cleanUpOnExit, Daemon, freePort } from "../support/daemon";
import { makeTempDir, removeDir, requireTool, writeFiles } from "../support/run-tool";

const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
type Target = { expr: string; exemplar?: boolean; instant?: boolean };
type Exemplars = { data: { seriesLabels: Record<string, string>; exemplars: { labels: Record<string, string>; value: string }[] }[] };
type Matrix = { data: { resultType: string; result: unknown[] } };

describe("latency exemplars through the raw-bucket target, on the real Prometheus", function () {
    let dir: string | undefined;
    let server: http.Server | undefined;
    let prometheus: Daemon | undefined;
    let forget: (() => void) | undefined;

    before(async function () {
        this.timeout(60_000);
        requireTool("prometheus");
        dir = makeTempDir("latency-exemplars");
        const tempDir = dir;
        forget = cleanUpOnExit(() => removeDir(tempDir));
        // A control center stand-in: the API latency histogram in OpenMetrics, one observation carrying a trace ID.
        const registry = new Registry<OpenMetricsContentType>();
        registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
        const histogram = new Histogram({
            name: "provisioning_api_requests_duration_seconds",
            help: "API request latency.",
            registers: [registry],
            enableExemplars: true,
        });
        histogram.observe({ value: 0.3, exemplarLabels: { traceID: traceId } });
        server = http.createServer((_, res) => {
            void registry.metrics().then((text) => res.writeHead(200, { "Content-Type": registry.contentType }).end(text));
        });
        const targetPort = await freePort();
        await new Promise<void>((resolve) => server!.listen(targetPort, "127.0.0.1", resolve));
        const prometheusConfig = {
            global: { scrape_interval: "1s" },
            scrape_configs: [{ job_name: platformJobs.controlCenter, static_configs: [{ targets: [`127.0.0.1:${targetPort}`] }] }],
        };
        writeFiles(dir, { "prometheus.yml": stringify(prometheusConfig) });
        // The stack's own flags otherwise: exemplar storage among them.
        prometheus = await startPrometheus(loadStackConfig("dev"), { dir, timeoutMs: 30_000 });
    });

    after(async function () {
        this.timeout(20_000);
        await prometheus?.stop();
        await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
        removeDir(dir);
        forget?.();
    });

    it("returns the scraped exemplar for the Request latency panel's exemplar target, and no series for its range query", async function () {
        this.timeout(40_000);
        const panel = panelsOf(buildDashboards().find((d) => d.uid === "prov-control-center-api")!.json).find((p) => p.title === "Request latency");
        const target = (panel!.targets as Target[]).find((t) => t.exemplar === true);
        assert.ok(target, "the panel has an exemplar target");
        assert.notEqual(target.instant, true);
        const range = 3_600_000;
        // As Grafana sends it: $job the one job its variable found, $instance "All".
        const expr = expandForGrafana(target.expr, panelTiming(range, 940, 15_000), range, { job: [platformJobs.controlCenter], instance: ".+" });
        const base = prometheus!.baseUrl;
        const end = () => Date.now() / 1000;
        const q = encodeURIComponent(expr);
        const found = await waitFor(
            "the exemplar on the scraped bucket",
            async () => {
                const body = await getJson<Exemplars>(`${base}/api/v1/query_exemplars?query=${q}&start=${end() - 3600}&end=${end()}`);
                const hit = body.data.find((s) => s.exemplars.some((e) => e.labels.traceID === traceId));
                return hit ? done(hit) : notYet(JSON.stringify(body.data));
            },
            30_000,
        );
        assert.equal(found.seriesLabels.__name__, "provisioning_api_requests_duration_seconds_bucket");
        assert.equal(found.seriesLabels.job, platformJobs.controlCenter);
        // The bucket series exist (the selector matches them), yet the target's range query draws nothing.
        const t = end();
        const raw = await getJson<Matrix>(
            `${base}/api/v1/query_range?query=${encodeURIComponent(`count(${expr.split(" @ ")[0]})`)}&start=${t - 60}&end=${t}&step=15`,
        );
        assert.equal(raw.data.result.length, 1);
        const drawn = await getJson<Matrix>(`${base}/api/v1/query_range?query=${q}&start=${t - 3600}&end=${t}&step=15`);
        assert.equal(drawn.data.resultType, "matrix");
        assert.deepEqual(drawn.data.result, []);
    });
});
