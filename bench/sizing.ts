// What one default-sized Prometheus carries: the real Prometheus the stack deploys scrapes a local target of N series at
// the stack's 15 s interval, and the bench reads its own memory and head series; a block written by promtool from the
// same kind of series gives the bytes a sample takes on disk. docs/sizing.md turns these into the table users read.
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { Daemon, freePort, startDaemon } from "../tests/support/daemon";
import { assertSucceeded, makeTempDir, removeDir, runTool } from "../tests/support/run-tool";

export interface MemoryPoint {
    readonly series: number;
    readonly headSeries: number;
    readonly residentBytes: number;
    readonly heapInUseBytes: number;
}

const scrapeSeconds = 15;
/** Series per metric name, as an exporter spreads its series over names and label values. */
const seriesPerMetric = 1_000;

/** Series i: one of N/1000 metric names with its labels, and its value at a scrape, a slow walk (as real counters and gauges compress). */
const seriesName = (i: number) => `bench_metric_${Math.floor(i / seriesPerMetric)}{pod="pod-${i % 250}",path="/api/${i % seriesPerMetric}"}`;
const valueAt = (i: number, tick: number) => (i * 7 + tick * ((i % 13) + 1)) % 100_000;

function exposition(series: number, tick: number): string {
    return Array.from({ length: series }, (_, i) => `${seriesName(i)} ${valueAt(i, tick)}\n`).join("");
}

async function instant(prometheus: Daemon, query: string): Promise<number> {
    const response = await fetch(`${prometheus.baseUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
    return Number(body.data.result[0]?.value[1] ?? NaN);
}

/** Prometheus scraping `series` series for `scrapes` intervals: its resident memory and heap once the head holds them all. */
export async function measureMemory(series: number, scrapes: number): Promise<MemoryPoint> {
    const dir = makeTempDir("sizing");
    let tick = 0;
    const target = http.createServer((_, res) => res.setHeader("Content-Type", "text/plain; version=0.0.4").end(exposition(series, tick++)));
    const targetPort = await freePort();
    await new Promise<void>((resolve) => target.listen(targetPort, "127.0.0.1", resolve));
    const config = [
        "global:",
        `  scrape_interval: ${scrapeSeconds}s`,
        "scrape_configs:",
        "  - job_name: bench",
        `    scrape_timeout: ${scrapeSeconds - 1}s`,
        "    sample_limit: 0",
        "    static_configs:",
        `      - targets: ["127.0.0.1:${targetPort}"]`,
        "  - job_name: prometheus",
        "    static_configs:",
        "      - targets: ['127.0.0.1:{port}']",
    ].join("\n");
    const prometheusPort = await freePort();
    fs.writeFileSync(path.join(dir, "prometheus.yml"), config.replace("{port}", String(prometheusPort)));
    const prometheus = await startDaemon(
        "prometheus",
        [`--config.file=${path.join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "data")}`, "--web.listen-address=127.0.0.1:{port}"],
        "/-/ready",
        30_000,
        { port: prometheusPort },
    );
    try {
        await new Promise((r) => setTimeout(r, scrapes * scrapeSeconds * 1000));
        return {
            series,
            headSeries: await instant(prometheus, "prometheus_tsdb_head_series"),
            residentBytes: await instant(prometheus, 'process_resident_memory_bytes{job="prometheus"}'),
            heapInUseBytes: await instant(prometheus, 'go_memstats_heap_inuse_bytes{job="prometheus"}'),
        };
    } finally {
        await prometheus.stop();
        target.close();
        removeDir(dir);
    }
}

/** Bytes per sample of a two-hour block of `series` series at 15 s, written by the real promtool from OpenMetrics. */
export function measureBlockBytesPerSample(series: number): { samples: number; blockBytes: number; bytesPerSample: number } {
    const dir = makeTempDir("sizing-block");
    try {
        const steps = (2 * 3600) / scrapeSeconds;
        const start = 1_700_000_000;
        const out = fs.openSync(path.join(dir, "series.om"), "w");
        // OpenMetrics wants each family's samples together and in time order: series outer, time inner.
        for (let i = 0; i < series; i++) {
            if (i % seriesPerMetric === 0) fs.writeSync(out, `# TYPE bench_metric_${i / seriesPerMetric} gauge\n`);
            const name = seriesName(i);
            fs.writeSync(out, Array.from({ length: steps }, (_, step) => `${name} ${valueAt(i, step)} ${start + step * scrapeSeconds}\n`).join(""));
        }
        fs.writeSync(out, "# EOF\n");
        fs.closeSync(out);
        assertSucceeded(runTool("promtool", ["tsdb", "create-blocks-from", "openmetrics", "series.om", "blocks"], dir));
        const blockBytes = directoryBytes(path.join(dir, "blocks"));
        const samples = series * steps;
        return { samples, blockBytes, bytesPerSample: blockBytes / samples };
    } finally {
        removeDir(dir);
    }
}

function directoryBytes(dir: string): number {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .reduce((sum, entry) => sum + (entry.isDirectory() ? directoryBytes(path.join(dir, entry.name)) : fs.statSync(path.join(dir, entry.name)).size), 0);
}
