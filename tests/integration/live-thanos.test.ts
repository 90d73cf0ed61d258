// monitoring:thanos for real: gofakes3 1.2.0 as the S3 store, two Prometheus 3.13.2 replicas with the prod stack's
// rendered prometheus.yml and flags (only paths, ports and the scrape target made local), a Thanos 0.42.4 sidecar each
// with the rendered object store file, a Store Gateway and Query as the stack renders them. Old blocks (made with
// promtool) are shipped to the bucket and read back through the Store Gateway alone; a replica killed and restarted
// leaves no gap and no duplicate in Query's deduplicated answer.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { parse, stringify } from "yaml";
import { checkBucket, probeBucket } from "../../deploy/object-store";
import { signalBucket } from "../../model/config/object-storage";
import { parseStackConfig } from "../../model/config/parse";
import { prometheusArgs, renderPrometheusConfig } from "../../render/prometheus/config";
import { renderThanosObjstore, thanosQueryArgs, thanosSidecarArgs, thanosStoreArgs } from "../../render/thanos/config";
import { metricCatalog } from "../../alerts/metrics";
import { Daemon, freePort, startDaemon } from "../support/daemon";
import { done, getJson, notYet, waitFor } from "../support/poll";
import { assertSucceeded, makeTempDir, removeDir, runTool, ToolResult, writeFiles } from "../support/run-tool";
import { prodRaw } from "../support/prod-run";

const keys = { accessKeyId: "AKIALIVETEST", secretAccessKey: "live/secret+key" };
type Series = { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] };

/** The rendered flags with the local ones put in place of the same flags (`--flag=`), others left as rendered. */
const localised = (args: readonly string[], local: Record<string, string>) =>
    args.map((a) => {
        const flag = a.split("=")[0];
        return flag in local ? `${flag}=${local[flag]}` : a;
    });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Thanos 0.42.4 over two real Prometheus replicas, shipping to gofakes3", function () {
    this.timeout(180_000);
    let dir = "";
    const daemons: Daemon[] = [];
    let target: http.Server | undefined;
    let s3: Daemon;
    const prometheus: Daemon[] = [];
    let query: Daemon;
    let bucketOnlyQuery: Daemon;
    const sidecars: Daemon[] = [];
    const replicaArgs: { args: string[]; port: number; env: Record<string, string> }[] = [];
    const grpc: number[] = [];
    let objstoreFile = "";
    let renderedCheck: ToolResult | undefined;

    const start = async (tool: string, args: string[], port: number, env?: Record<string, string>) => {
        const d = await startDaemon(tool, args, "/-/ready", 60_000, { port, env });
        daemons.push(d);
        return d;
    };
    const thanosListen = async () => {
        const [g, h] = [await freePort(), await freePort()];
        return { g, h, local: { "--grpc-address": `127.0.0.1:${g}`, "--http-address": `127.0.0.1:${h}` } };
    };
    const instant = async (q: Daemon, expr: string, time: number, dedup: boolean) =>
        (await getJson<{ data: { result: Series[] } }>(`${q.baseUrl}/api/v1/query?query=${encodeURIComponent(expr)}&time=${time}&dedup=${dedup}`, 10_000)).data
            .result;

    before(async () => {
        dir = makeTempDir("thanos-live");
        // A target both replicas scrape: its value is the time, so each sample says when it was taken.
        target = http.createServer((_, res) =>
            res
                .writeHead(200, { "Content-Type": "text/plain; version=0.0.4" })
                .end(`# TYPE live_clock_seconds gauge\nlive_clock_seconds ${Date.now() / 1000}\n`),
        );
        await new Promise<void>((resolve) => target!.listen(0, "127.0.0.1", resolve));
        const targetAddress = `127.0.0.1:${(target.address() as { port: number }).port}`;

        const s3Port = await freePort();
        s3 = await startDaemon("gofakes3", ["-backend", "memory", "-host", `127.0.0.1:${s3Port}`, "-initialbucket", "prod-metrics", "-quiet"], "/", 30_000, {
            port: s3Port,
        });
        daemons.push(s3);

        const config = parseStackConfig(
            {
                ...prodRaw(),
                "monitoring:thanos": '{"enabled":true}',
                "monitoring:objectStorage": JSON.stringify({ endpoint: `http://127.0.0.1:${s3Port}`, buckets: { metrics: "prod-metrics" } }),
                "monitoring:objectStorageCredentials": JSON.stringify(keys),
            },
            "prod",
        );
        objstoreFile = path.join(dir, "objstore.yml");
        fs.writeFileSync(objstoreFile, renderThanosObjstore(signalBucket(config.objectStorage, "metrics")!, keys));
        // The rendered prometheus.yml: its external labels (cluster, prometheus_replica from POD_NAME), alerting and rules as
        // rendered; only the scrape jobs, which discover through a cluster's API, become the one local target.
        // The whole render, Thanos' scrape jobs included, as promtool reads it (rule paths are the container's).
        writeFiles(dir, { "rendered.yml": renderPrometheusConfig(config) });
        renderedCheck = runTool("promtool", ["check", "config", "--syntax-only", "rendered.yml"], dir);
        const yml = parse(renderPrometheusConfig(config));
        yml.scrape_configs = [{ job_name: "live", scrape_interval: "1s", static_configs: [{ targets: [targetAddress] }] }];
        fs.writeFileSync(path.join(dir, "prometheus.yml"), stringify(yml));

        // Four hours of history, 8h to 4h ago, as 2h blocks in each replica's TSDB: the sidecars ship them at once.
        const now = Math.floor(Date.now() / 1000);
        const history = Array.from({ length: 240 }, (_, i) => `live_history 42 ${now - 8 * 3600 + i * 60}`);
        writeFiles(dir, { "history.om": `# TYPE live_history gauge\n${history.join("\n")}\n# EOF\n` });

        for (const replica of [0, 1]) {
            const data = path.join(dir, `data-${replica}`);
            assertSucceeded(runTool("promtool", ["tsdb", "create-blocks-from", "openmetrics", path.join(dir, "history.om"), data], dir));
            const port = await freePort();
            const args = localised(prometheusArgs(config, `http://127.0.0.1:${port}`), {
                "--config.file": path.join(dir, "prometheus.yml"),
                "--storage.tsdb.path": data,
                "--web.listen-address": `127.0.0.1:${port}`,
            });
            replicaArgs.push({ args, port, env: { POD_NAME: `prometheus-${replica}` } });
            prometheus.push(await start("prometheus", args, port, replicaArgs[replica].env));
            const { g, h, local } = await thanosListen();
            grpc.push(g);
            const sidecar = await start(
                "thanos",
                localised(thanosSidecarArgs(config), {
                    ...local,
                    "--tsdb.path": data,
                    "--prometheus.url": `http://127.0.0.1:${port}`,
                    "--objstore.config-file": objstoreFile,
                }),
                h,
            );
            sidecars.push(sidecar);
        }
    });

    after(async () => {
        for (const d of daemons.reverse()) await d.stop();
        await new Promise((resolve) => (target ? target.close(resolve) : resolve(undefined)));
        removeDir(dir);
    });

    it("renders a prometheus.yml promtool accepts with Thanos on, its scrape jobs included", () => {
        assertSucceeded(renderedCheck!);
    });

    it("ships every replica's 2h blocks to the bucket, external labels included", async () => {
        const metas = await waitFor(
            "both replicas' blocks in the bucket",
            async () => {
                const list = await (await fetch(`${s3.baseUrl}/prod-metrics?list-type=2`)).text();
                const found = [...list.matchAll(/<Key>([^<]+\/meta\.json)<\/Key>/g)].map((m) => m[1]);
                const labels = await Promise.all(
                    found.map(async (key) => {
                        const meta = (await (await fetch(`${s3.baseUrl}/prod-metrics/${key}`)).json()) as { thanos?: { labels?: Record<string, string> } };
                        return meta.thanos?.labels?.prometheus_replica;
                    }),
                );
                return new Set(labels).size === 2 ? done(labels) : notYet(`${found.length} blocks: ${labels.join(", ")}`);
            },
            90_000,
            1_000,
        );
        assert.ok(metas.length >= 4, `blocks: ${metas.join(", ")}`);
    });

    it("preflight: a signed listing of the bucket answers; a missing bucket and a closed port fail, one line each", async () => {
        const bucket = { bucket: "prod-metrics", endpoint: `127.0.0.1:${s3.port}`, insecure: true, region: "us-east-1", forcePathStyle: true };
        assert.deepEqual(checkBucket("metrics", bucket, await probeBucket(bucket, keys)), {
            status: "ok",
            message: `bucket prod-metrics (metrics) at http://127.0.0.1:${s3.port}: the store answers and the keys may list the bucket`,
        });
        const missing = { ...bucket, bucket: "prod-logs" };
        assert.equal(
            checkBucket("logs", missing, await probeBucket(missing, keys)).message,
            `bucket prod-logs (logs) at http://127.0.0.1:${s3.port}: the store answered 404 (NoSuchBucket); create the bucket, or correct monitoring:objectStorage.buckets`,
        );
        const closed = { ...bucket, endpoint: `127.0.0.1:${await freePort()}` };
        assert.match(
            checkBucket("metrics", closed, await probeBucket(closed, keys)).message,
            /: the store does not answer \(connect ECONNREFUSED .*\); check monitoring:objectStorage.endpoint$/,
        );
    });

    it("serves the bucket's blocks through the Store Gateway alone, one series per replica, one deduplicated", async () => {
        const { g, h, local } = await thanosListen();
        await start("thanos", localised(thanosStoreArgs(), { ...local, "--data-dir": path.join(dir, "store"), "--objstore.config-file": objstoreFile }), h);
        // A Query over the Store Gateway only: what it answers comes from the bucket.
        const onlyStore = await thanosListen();
        bucketOnlyQuery = await start(
            "thanos",
            [
                ...localised(thanosQueryArgs({ prometheusReplicas: 2 }), onlyStore.local).filter((a) => !a.startsWith("--endpoint=")),
                `--endpoint=127.0.0.1:${g}`,
            ],
            onlyStore.h,
        );
        const sixHoursAgo = Math.floor(Date.now() / 1000) - 6 * 3600;
        const replicas = await waitFor(
            "history from the bucket",
            async () => {
                const r = await instant(bucketOnlyQuery, "live_history", sixHoursAgo, false);
                return r.length === 2 ? done(r) : notYet(JSON.stringify(r));
            },
            60_000,
            1_000,
        );
        assert.deepEqual(replicas.map((s) => s.metric.prometheus_replica).sort(), ["prometheus-0", "prometheus-1"]);
        assert.deepEqual(
            (await instant(bucketOnlyQuery, "live_history", sixHoursAgo, true)).map((s) => [s.metric, s.value?.[1]]),
            [[{ __name__: "live_history", cluster: "provisioning-production" }, "42"]],
        );
    });

    it("answers through Query with no gap and no duplicate while a replica is killed and restarted", async () => {
        const { h, local } = await thanosListen();
        query = await start(
            "thanos",
            [
                ...localised(thanosQueryArgs({ prometheusReplicas: 2 }), local).filter((a) => !a.startsWith("--endpoint=")),
                ...grpc.map((p) => `--endpoint=127.0.0.1:${p}`),
            ],
            h,
        );
        await waitFor(
            "both replicas' samples through Query",
            async () => {
                const r = await instant(query, "live_clock_seconds", Date.now() / 1000, false);
                if (r.length === 2) return done(r);
                const stores = await (await fetch(`${query.baseUrl}/api/v1/stores`)).text();
                return notYet(`${JSON.stringify(r)}; stores: ${stores}`);
            },
            30_000,
            500,
        );
        await sleep(3_000);
        const killedAt = Date.now() / 1000;
        process.kill(-prometheus[0].pid, "SIGKILL");
        await prometheus[0].stop();
        await sleep(8_000);
        const { args, port, env } = replicaArgs[0];
        prometheus[0] = await start("prometheus", args, port, env);
        const restartedAt = Date.now() / 1000;
        // Prometheus applies its targets some seconds after it is ready: wait for the restarted replica's own first samples.
        await waitFor(
            "the restarted replica's samples",
            async () => {
                const r = await instant(prometheus[0], "timestamp(live_clock_seconds)", Date.now() / 1000, false);
                return Number(r[0]?.value?.[1] ?? 0) > restartedAt + 2 ? done(r) : notYet(JSON.stringify(r));
            },
            30_000,
            500,
        );
        const window = Math.ceil(Date.now() / 1000 - killedAt + 3);
        const at = Date.now() / 1000;
        const raw = await instant(query, `live_clock_seconds[${window}s]`, at, false);
        const gap = (s: Series) => Math.max(...s.values!.slice(1).map(([t], i) => t - s.values![i][0]));
        // Without deduplication: two series, and the killed replica's has the hole.
        assert.deepEqual(raw.map((s) => s.metric.prometheus_replica).sort(), ["prometheus-0", "prometheus-1"]);
        assert.ok(
            gap(raw.find((s) => s.metric.prometheus_replica === "prometheus-0")!) >= 8,
            `no hole in replica 0: ${JSON.stringify(raw.map((x) => [x.metric.prometheus_replica, x.values!.map(([t]) => t)]))} (killed at ${killedAt})`,
        );
        const merged = await instant(query, `live_clock_seconds[${window}s]`, at, true);
        assert.equal(merged.length, 1, JSON.stringify(merged.map((s) => s.metric)));
        assert.deepEqual(merged[0].metric, {
            __name__: "live_clock_seconds",
            cluster: "provisioning-production",
            instance: raw[0].metric.instance,
            job: "live",
        });
        const times = merged[0].values!.map(([t]) => t);
        assert.ok(
            times.every((t, i) => i === 0 || t > times[i - 1]),
            "no duplicate sample",
        );
        // Deduplication switches replica after a missed sample: up to about two intervals plus the replicas' scrape offset
        // (1s each here), far below the replica's own hole.
        assert.ok(gap(merged[0]) < 4, `the largest step between samples is ${gap(merged[0])}s`);
        assert.ok(times[0] <= killedAt - 1 && times[times.length - 1] >= at - 3, "the window spans the kill and the restart");
    });

    it("exposes what the Thanos alerts read (the metric catalogue's sidecar and Query entries, with their types)", async () => {
        const exposed = async (d: Daemon) =>
            new Map([...(await (await fetch(`${d.baseUrl}/metrics`)).text()).matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
        const found = async (source: string, d: Daemon) => {
            const types = await exposed(d);
            return metricCatalog.filter((m) => m.source === source).map((m) => `${m.name} ${types.get(m.name) ?? "missing"}`);
        };
        assert.deepEqual(await found("thanos-sidecar", sidecars[0]), [
            "thanos_objstore_bucket_operation_failures_total counter",
            "thanos_sidecar_prometheus_up gauge",
        ]);
        assert.deepEqual(await found("thanos-query", query), ["http_requests_total counter"]);
    });
});
