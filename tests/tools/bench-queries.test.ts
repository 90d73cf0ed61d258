// The query benchmark sends panel queries as Grafana would: step from max data points on Grafana's interval ladder,
// never below the scrape interval, and $__rate_interval = max($__interval + scrape interval, 4 x scrape interval).
import { strict as assert } from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expandForGrafana, maxDataPointsOf, panelTiming, roundInterval } from "../../bench/queries/grafana-timing";
import { dataDirectory, rawTargets } from "../../bench/queries/run";
import { allSeries, productionShape } from "../../bench/queries/shape";

describe("query benchmark: Grafana's request timing", () => {
    it("rounds intervals to Grafana's ladder", () => {
        assert.equal(roundInterval(4_000), 5_000);
        assert.equal(roundInterval(96_000), 120_000);
        assert.equal(roundInterval(672_000), 600_000);
        assert.equal(roundInterval(1_000_000), 900_000);
    });

    it("derives step and $__rate_interval for 1h, 24h and 7d on a half-width panel with a 15 s scrape interval", () => {
        const points = maxDataPointsOf(12);
        assert.equal(points, 940);
        assert.deepEqual(panelTiming(3_600_000, points, 15_000), { stepMs: 15_000, rateIntervalMs: 60_000, maxDataPoints: 940 });
        assert.deepEqual(panelTiming(86_400_000, points, 15_000), { stepMs: 120_000, rateIntervalMs: 135_000, maxDataPoints: 940 });
        assert.deepEqual(panelTiming(604_800_000, points, 15_000), { stepMs: 600_000, rateIntervalMs: 615_000, maxDataPoints: 940 });
    });

    it("expands built-in intervals and multi-value variables as Grafana sends them", () => {
        const timing = panelTiming(604_800_000, 940, 15_000);
        assert.equal(
            expandForGrafana('sum by (job) (rate(x{job=~"$job", instance=~"${instance}"}[$__rate_interval]))', timing, 604_800_000, {
                job: ["a.b", "c"],
                instance: ".+",
            }),
            'sum by (job) (rate(x{job=~"(a\\.b|c)", instance=~".+"}[615s]))',
        );
    });
});

describe("query benchmark: a kept backfill", () => {
    const shape = { ...productionShape, days: 1 };
    let dir: string | undefined;
    afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

    it("asks for 200 points at most on a panel that says so: a 5-minute step at 24 h, an hour at 7 d", () => {
        assert.equal(panelTiming(86_400_000, 200, 15_000).stepMs, 300_000);
        assert.equal(panelTiming(604_800_000, 200, 15_000).stepMs, 3_600_000);
    });

    it("is reused when its manifest names the same series, with the end of its backfill", () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "kept-backfill-"));
        const keep = path.join(dir, "data");
        fs.mkdirSync(keep);
        // A first run's manifest for this shape: found, nothing backfilled (promtool would take minutes).
        const fingerprint = createHash("sha256")
            .update(JSON.stringify({ shape, series: allSeries(shape) }))
            .digest("hex");
        fs.writeFileSync(path.join(keep, "query-bench.json"), JSON.stringify({ fingerprint, endS: 1_700_000_000, series: 1, samples: 2, seconds: 3 }));
        const lines: string[] = [];
        const reused = dataDirectory(dir, shape, keep, (l) => lines.push(l));
        assert.equal(reused.endS, 1_700_000_000);
        assert.equal(reused.data, keep);
        assert.deepEqual(reused.filled.samples, 2);
        assert.match(lines[0], /^reusing the backfill in /);
    });
});

describe("query benchmark: recorded panels in their raw form", () => {
    const filter = `{job=~"$job", instance=~"$instance"}`;

    it("rebuilds a panel's raw form for the benchmark: the recorded selector becomes the rule's expression over $__rate_interval", () => {
        assert.deepEqual(rawTargets([{ expr: `avg by (instance, mode) (instance_mode:node_cpu_seconds:avg_rate5m${filter})` }]), [
            {
                expr: 'avg by (instance, mode) ((avg by (job, instance, mode) (rate(node_cpu_seconds_total{job=~"$job", instance=~"$instance", mode!="idle"}[$__rate_interval]))))',
                instant: undefined,
            },
        ]);
        assert.deepEqual(rawTargets([{ expr: "sum(changes(x[$__range]))", instant: true }]), [{ expr: "sum(changes(x[$__range]))", instant: false }]);
        assert.deepEqual(rawTargets([{ expr: "up", instant: true }]), [{ expr: "up", instant: true }]);
    });
});
