// Prometheus with a small --storage.tsdb.retention.size filled past it while it runs: blocks made with
// `promtool tsdb create-blocks-from openmetrics` are moved into its data directory (as a backfill does); at its next
// block reload (every minute) it deletes the oldest blocks until it is under the limit, and keeps running and scraping.
import * as fs from "fs";
import * as path from "path";
import { assertSucceeded, runTool } from "../../tests/support/run-tool";
import { getJson } from "../../tests/support/poll";
import { startLocalStack } from "../local-stack";
import { Drill, inTempDir, Outcome, promRaw, renderedStack, scalar, seconds, sleep, waitTargetsAndRules, withStack } from "./drill";

const limit = "4MB"; // base 2, as Prometheus reads it
const limitBytes = 4 * 2 ** 20;
const seriesCount = 250;
const stepSeconds = 15;
const blockHours = 2;
const blocksTotal = 6;
const blocksAtStart = 2;

interface Block {
    ulid: string;
    minTime: number;
    maxTime: number;
    bytes: number;
}

const dirBytes = (dir: string): number =>
    fs
        .readdirSync(dir, { withFileTypes: true })
        .reduce((sum, e) => sum + (e.isDirectory() ? dirBytes(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size), 0);

/** Random gauges (they compress badly, like real data) for `blocksTotal` two-hour blocks ending two hours ago. */
function writeOpenMetrics(file: string, endMs: number): void {
    const end = Math.floor(endMs / 1000 / 7200) * 7200 - 7200;
    const start = end - blocksTotal * blockHours * 3600;
    const fd = fs.openSync(file, "w");
    fs.writeSync(fd, "# HELP drill_retention_fill Random gauges that fill the TSDB for the retention drill.\n# TYPE drill_retention_fill gauge\n");
    for (let t = start; t < end; t += stepSeconds) {
        const lines: string[] = [];
        for (let s = 0; s < seriesCount; s++) lines.push(`drill_retention_fill{series="${s}"} ${Math.random().toFixed(6)} ${t}`);
        fs.writeSync(fd, lines.join("\n") + "\n");
    }
    fs.writeSync(fd, "# EOF\n");
    fs.closeSync(fd);
}

function readBlocks(dir: string): Block[] {
    return fs
        .readdirSync(dir)
        .filter((n) => /^[0-9A-Z]{26}$/.test(n) && fs.existsSync(path.join(dir, n, "meta.json")))
        .map((ulid) => {
            const meta = JSON.parse(fs.readFileSync(path.join(dir, ulid, "meta.json"), "utf8")) as { minTime: number; maxTime: number };
            return { ulid, minTime: meta.minTime, maxTime: meta.maxTime, bytes: dirBytes(path.join(dir, ulid)) };
        })
        .sort((a, b) => a.minTime - b.minTime);
}

export const retention: Drill = {
    name: "retention",
    title: "Prometheus with a small retention.size filled past it: oldest blocks dropped, no crash",
    run: (outcome: Outcome) =>
        inTempDir("retention", async (dir) => {
            const files = renderedStack("dev");
            outcome.change(
                `--storage.tsdb.retention.size=${limit} (dev renders none, prod 50GB); ${blocksTotal} two-hour blocks of ${seriesCount} random series every ${stepSeconds} s backfilled with promtool`,
            );
            const staging = path.join(dir, "staging");
            const om = path.join(dir, "fill.om");
            const t0 = Date.now();
            writeOpenMetrics(om, t0);
            assertSucceeded(runTool("nice", ["-n", "15", "promtool", "tsdb", "create-blocks-from", "openmetrics", om, staging], dir));
            fs.rmSync(om);
            const blocks = readBlocks(staging);
            outcome.number(
                "backfill",
                `${blocks.length} blocks of ${blocks.map((b) => (b.bytes / 2 ** 20).toFixed(2)).join(", ")} MiB in ${seconds(Date.now() - t0)}`,
            );
            const data = path.join(dir, "prometheus-data");
            fs.mkdirSync(data);
            for (const b of blocks.slice(0, blocksAtStart)) fs.renameSync(path.join(staging, b.ulid), path.join(data, b.ulid));

            await withStack(
                outcome,
                "retention",
                () => startLocalStack(files, dir, { prometheusArgs: [`--storage.tsdb.retention.size=${limit}`] }),
                async (stack) => {
                    const prom = stack.prometheus.baseUrl;
                    await waitTargetsAndRules(prom);
                    const atStart = readBlocks(data).length;
                    outcome.check(
                        "below the limit nothing is dropped",
                        atStart === blocksAtStart && (await scalar(prom, "prometheus_tsdb_size_retentions_total")) === 0,
                        `${atStart} blocks`,
                    );
                    const filledAt = Date.now();
                    for (const b of blocks.slice(blocksAtStart)) fs.renameSync(path.join(staging, b.ulid), path.join(data, b.ulid));
                    const filled = dirBytes(data);
                    outcome.number("data directory after the fill", `${(filled / 2 ** 20).toFixed(2)} MiB (limit ${limit})`);
                    // The TSDB reloads its blocks every minute; give it two.
                    let retentions = 0;
                    while (retentions === 0 && Date.now() - filledAt < 150_000) {
                        await sleep(1_000);
                        retentions = (await scalar(prom, "prometheus_tsdb_size_retentions_total")) ?? 0;
                    }
                    await sleep(2_000);
                    const left = readBlocks(data);
                    const dropped = blocks.filter((b) => !left.some((l) => l.ulid === b.ulid));
                    outcome.number("size retentions", `${retentions}, ${seconds(Date.now() - filledAt)} after the fill`);
                    outcome.number("blocks left", `${left.length} of ${blocks.length}; dropped ${dropped.length}`);
                    const oldestFirst = dropped.every((d) => left.every((l) => d.maxTime <= l.minTime));
                    outcome.check(
                        "the oldest blocks are dropped, and only they",
                        dropped.length > 0 && oldestFirst,
                        `dropped ${dropped.map((d) => new Date(d.minTime).toISOString().slice(11, 16)).join(", ")}; kept from ${left[0] ? new Date(left[0].minTime).toISOString().slice(11, 16) : "-"}`,
                    );
                    const blockBytes = (await scalar(prom, "prometheus_tsdb_storage_blocks_bytes")) ?? Infinity;
                    outcome.check("what is left fits the limit", blockBytes <= limitBytes, `blocks ${(blockBytes / 2 ** 20).toFixed(2)} MiB <= ${limit}`);
                    const healthy = await fetch(`${prom}/-/healthy`).then((r) => r.status);
                    outcome.check(
                        "Prometheus did not crash and still scrapes",
                        healthy === 200 && (await scalar(prom, "count(up == 1)")) === (await scalar(prom, "count(up)")),
                        `/-/healthy ${healthy}`,
                    );
                    const newest = blocks[blocks.length - 1];
                    const at = (t: number) => `drill_retention_fill{series="0"}[1m] @ ${(t / 1000).toFixed(0)}`;
                    const newestSamples = (await promRaw(prom, at(newest.maxTime - 60_000)))[0]?.values.length ?? 0;
                    const oldestSamples = (await promRaw(prom, at(blocks[0].maxTime - 60_000)))[0]?.values.length ?? 0;
                    outcome.check(
                        "the newest backfilled data still answers, the dropped does not",
                        newestSamples > 0 && oldestSamples === 0,
                        `samples in a minute of the newest block ${newestSamples}, of the oldest ${oldestSamples}`,
                    );
                    const status = await getJson<{ data: { headStats: { numSeries: number } } }>(`${prom}/api/v1/status/tsdb`);
                    outcome.number("head series", String(status.data.headStats.numSeries));
                },
            );
        }),
};
