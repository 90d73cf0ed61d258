// Query speed: backfill every catalogued metric at a stated shape for 7 days with promtool, run the dev stack's Prometheus
// (rendered files and rules) on it, then send every dashboard panel's and variable's query as Grafana would over 1h, 24h
// and 7d, and time them; compare the recording rules' series with the raw expressions they replace; read the rule
// groups' evaluation time at that size.
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { RuleFileDoc } from "../../tests/support/local-profile";
import { recordingRules } from "../../alerts/recording-rules";
import { dashboardRecordingRules } from "../../alerts/recording-rules-dashboards";
import { targetFilter } from "../../dashboards/common";
import { rateWindow } from "../../alerts/promql";
import { durationSeconds } from "../../model/config/durations";
import { buildDashboards } from "../../dashboards/index";
import { panelsOf, variableQueriesOf } from "../../dashboards/skeleton";
import { cleanUpOnExit } from "../../tests/support/daemon";
import { makeTempDir, removeDir, requireTool } from "../../tests/support/run-tool";
import { renderedStack, waitTargetsAndRules } from "../drills/drill";
import { startLocalStack } from "../local-stack";
import { expandForGrafana, maxDataPointsOf, panelTiming } from "./grafana-timing";
import { allSeries, dayWriter, Shape } from "./shape";

export const ranges = [
    { name: "1h", ms: 3_600_000 },
    { name: "24h", ms: 86_400_000 },
    { name: "7d", ms: 7 * 86_400_000 },
] as const;

export interface PanelResult {
    readonly dashboard: string;
    readonly panel: string;
    readonly range: string;
    readonly targets: number;
    readonly p50: number;
    readonly p99: number;
}
export interface RecordingResult {
    readonly record: string;
    readonly rawMs: number;
    readonly recordedMs: number;
}
/** A panel that reads recorded series (or an instant query), timed at 7 d in both forms. */
export interface HeavyPanelResult {
    readonly dashboard: string;
    readonly panel: string;
    readonly rawP50: number;
    readonly rawP99: number;
    readonly p50: number;
    readonly p99: number;
}

/**
 * A panel's targets as they were before the dashboard recording rules: each recorded selector replaced by the raw
 * expression it records (over `$__rate_interval`, as a panel writes it), and a `$__range` stat sent as a range query.
 */
type BenchTarget = { expr: unknown; instant?: unknown; exemplar?: unknown };
export function rawTargets(targets: readonly BenchTarget[]): BenchTarget[] {
    return targets.map((t) => {
        let expr = String(t.expr);
        for (const rule of dashboardRecordingRules)
            expr = expr.split(`${rule.record}{${targetFilter}}`).join(`(${rule.raw(targetFilter, "$__rate_interval")})`);
        return {
            expr,
            instant: t.instant === true && expr.includes("[$__range]") ? false : t.instant,
            ...(t.exemplar === undefined ? {} : { exemplar: t.exemplar }),
        };
    });
}
const benchTargets = (targets: readonly BenchTarget[]): BenchTarget[] =>
    targets.map((t) => ({ expr: t.expr, instant: t.instant, ...(t.exemplar === undefined ? {} : { exemplar: t.exemplar }) }));

export interface GroupResult {
    readonly group: string;
    readonly rules: number;
    readonly seconds: number;
    readonly interval: number;
}
export interface QueryBenchResults {
    readonly shape: Shape;
    readonly series: number;
    readonly samples: number;
    readonly backfillSeconds: number;
    readonly tsdbBytes: number;
    readonly panels: PanelResult[];
    readonly variables: PanelResult[];
    readonly heavy: HeavyPanelResult[];
    readonly recording: RecordingResult[];
    readonly groups: GroupResult[];
}

/** Nearest-rank percentile of `values` (ms). */
function percentile(values: readonly number[], p: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function timed(url: string): Promise<number> {
    const started = performance.now();
    const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
    const body = await response.text();
    if (!response.ok) throw new Error(`${url}: ${response.status} ${body.slice(0, 300)}`);
    return performance.now() - started;
}

const dirBytes = (dir: string): number =>
    fs
        .readdirSync(dir, { withFileTypes: true })
        .reduce((sum, e) => sum + (e.isDirectory() ? dirBytes(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size), 0);

function backfill(dir: string, data: string, shape: Shape, endS: number): { series: number; samples: number; seconds: number } {
    requireTool("promtool");
    const started = Date.now();
    const series = allSeries(shape);
    const startS = Math.floor((endS - shape.days * 86_400) / 86_400) * 86_400;
    let samples = 0;
    const write = dayWriter(series);
    // One day at a time, so promtool reads one day's text at once (it holds its input in memory).
    for (let day = startS; day < endS; day += 86_400) {
        const file = path.join(dir, "day.om");
        samples += write(file, day, Math.min(day + 86_400, endS));
        const result = spawnSync("promtool", ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=24h", file, data], {
            cwd: dir,
            encoding: "utf8",
            timeout: 600_000,
        });
        if (result.status !== 0) throw new Error(`promtool tsdb create-blocks-from openmetrics: ${result.error?.message ?? ""}${result.stderr}`);
        fs.rmSync(file);
    }
    return { series: series.length, samples, seconds: (Date.now() - started) / 1000 };
}

/** What a kept data directory was backfilled with, so a later run reuses it only for the same series. */
interface DataManifest {
    readonly fingerprint: string;
    readonly endS: number;
    readonly series: number;
    readonly samples: number;
    readonly seconds: number;
}
const manifestName = "query-bench.json";
const fingerprintOf = (shape: Shape): string =>
    createHash("sha256")
        .update(JSON.stringify({ shape, series: allSeries(shape) }))
        .digest("hex");

/**
 * The backfilled data directory: `keep` (reused when its manifest matches the shape and series, else filled anew) or a
 * fresh one in `dir`. Queries end where the backfill ended, so a reused directory answers as it did the first time.
 */
export function dataDirectory(
    dir: string,
    shape: Shape,
    keep: string | undefined,
    log: (line: string) => void,
): { data: string; endS: number; filled: Omit<DataManifest, "fingerprint" | "endS"> } {
    const data = keep ?? path.join(dir, "prometheus-data");
    const fingerprint = fingerprintOf(shape);
    const manifestFile = path.join(data, manifestName);
    if (keep && fs.existsSync(manifestFile)) {
        const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as DataManifest;
        if (manifest.fingerprint === fingerprint) {
            log(`reusing the backfill in ${keep} (ended ${new Date(manifest.endS * 1000).toISOString()})`);
            return { data, endS: manifest.endS, filled: manifest };
        }
        log(`${keep} holds another shape or other series: backfilling it anew`);
    }
    fs.rmSync(data, { recursive: true, force: true });
    fs.mkdirSync(data, { recursive: true });
    const endS = Math.floor(Date.now() / 1000);
    const filled = backfill(dir, data, shape, endS);
    if (keep) fs.writeFileSync(manifestFile, JSON.stringify({ fingerprint, endS, ...filled } satisfies DataManifest));
    return { data, endS, filled };
}

export interface QueryOptions {
    /** Keep the backfilled data directory here and reuse it when it holds the same series. */
    readonly keepData?: string;
    /** Only panels and variables whose `dashboard / title` matches; rule groups and recording rules are then skipped. */
    readonly panels?: RegExp;
}

export async function measureQueries(shape: Shape, runs: number, log: (line: string) => void, options: QueryOptions = {}): Promise<QueryBenchResults> {
    const dir = makeTempDir("query-bench");
    const forget = cleanUpOnExit(() => fs.rmSync(dir, { recursive: true, force: true }));
    try {
        const { data, endS, filled } = dataDirectory(dir, shape, options.keepData, log);
        // The local stack runs Prometheus on <dir>/prometheus-data.
        if (data !== path.join(dir, "prometheus-data")) fs.symlinkSync(path.resolve(data), path.join(dir, "prometheus-data"));
        const tsdbBytes = dirBytes(data);
        log(
            `backfilled ${filled.series} series, ${filled.samples} samples in ${filled.seconds.toFixed(0)} s (${(tsdbBytes / 2 ** 20).toFixed(0)} MiB of blocks)`,
        );
        // Every platform alert in Prometheus' rule files too (dev leaves them to Grafana), so every group is measured.
        const files = renderedStack("dev", { "monitoring:platformAlertsEvaluator": "prometheus" });
        const stack = await startLocalStack(files, dir);
        try {
            const base = stack.prometheus.baseUrl;
            // Rules loaded and the frequent groups evaluated; the rule table below times every rule itself, so the 5-minute
            // groups need not have run yet.
            await waitTargetsAndRules(base, 120_000);
            // Rule groups: each rule is an instant query at evaluation time; the group's cost is the sum of its rules'
            // (Prometheus evaluates a group's rules one after the other). Evaluated at the end of the backfill, so every
            // rule reads backfilled data (the live server's own evaluations read the last 5 minutes, which the backfill,
            // minutes old by now, no longer fills).
            const groups: GroupResult[] = [];
            for (const text of options.panels ? [] : Object.values(files.ruleFiles)) {
                for (const group of (parse(text) as RuleFileDoc).groups) {
                    let total = 0;
                    for (const rule of group.rules) {
                        const url = `${base}/api/v1/query?query=${encodeURIComponent(rule.expr)}&time=${endS}`;
                        const times: number[] = [];
                        for (let i = 0; i < runs; i++) times.push(await timed(url));
                        total += percentile(times, 50);
                    }
                    groups.push({
                        group: group.name,
                        rules: group.rules.length,
                        seconds: total / 1000,
                        interval: durationSeconds(group.interval ?? files.config.evaluationInterval),
                    });
                }
            }
            const scrapeMs = durationSeconds(files.config.scrapeInterval) * 1000;
            const end = endS;
            const variables: PanelResult[] = [];
            const panels: PanelResult[] = [];
            const heavy: HeavyPanelResult[] = [];
            for (const d of buildDashboards()) {
                for (const range of ranges) {
                    const start = end - range.ms / 1000;
                    // Variables first, as Grafana resolves them (refresh on time range change): label values of a metric.
                    const values: Record<string, readonly string[] | string> = { instance: ".+" };
                    const seen = new Map<string, number>();
                    for (const v of variableQueriesOf(d.json)) {
                        const m = /^label_values\((.+), (\w+)\)$/.exec(v.query);
                        if (!m) throw new Error(`${d.uid}: variable ${v.name} is not label_values(metric, label): ${v.query}`);
                        const match = expandForGrafana(m[1], panelTiming(range.ms, 1, scrapeMs), range.ms, values);
                        const url = `${base}/api/v1/label/${m[2]}/values?match[]=${encodeURIComponent(match)}&start=${start}&end=${end}`;
                        const times: number[] = [];
                        for (let i = 0; i < runs; i++) times.push(await timed(url));
                        if (v.name === "job") values.job = ((await (await fetch(url)).json()) as { data: string[] }).data;
                        if (options.panels && !options.panels.test(`${d.uid} / $${v.name}`)) continue;
                        variables.push({
                            dashboard: d.uid,
                            panel: `$${v.name}`,
                            range: range.name,
                            targets: 1,
                            p50: percentile(times, 50),
                            p99: percentile(times, 99),
                        });
                    }
                    for (const panel of panelsOf(d.json)) {
                        const targets = ((panel.targets as (BenchTarget & Record<string, unknown>)[] | undefined) ?? []).filter(
                            (t) =>
                                typeof t.expr === "string" &&
                                (t.datasource as { type?: string } | undefined)?.type !== "loki" &&
                                (t.datasource as { type?: string } | undefined)?.type !== "tempo",
                        );
                        if (targets.length === 0 || (panel.datasource as { type?: string } | undefined)?.type === "loki") continue;
                        // Titles repeat within a dashboard (a stat and a chart of the same thing): the second is "title (2)".
                        const count = (seen.get(String(panel.title)) ?? 0) + 1;
                        seen.set(String(panel.title), count);
                        const title = count === 1 ? String(panel.title) : `${String(panel.title)} (${count})`;
                        if (options.panels && !options.panels.test(`${d.uid} / ${title}`)) continue;
                        // The panel's own max data points when it sets one (Grafana's query runner prefers it to the panel's width).
                        const maxDataPoints =
                            typeof panel.maxDataPoints === "number"
                                ? panel.maxDataPoints
                                : maxDataPointsOf(Number((panel.gridPos as { w?: number } | undefined)?.w ?? 12));
                        const timing = panelTiming(range.ms, maxDataPoints, scrapeMs);
                        // An exemplar target also asks /api/v1/query_exemplars with its expression over the range, as Grafana does.
                        const urlsOf = (ts: readonly BenchTarget[]) =>
                            ts.flatMap((t) => {
                                const expr = encodeURIComponent(expandForGrafana(String(t.expr), timing, range.ms, values));
                                if (t.instant === true) return [`${base}/api/v1/query?query=${expr}&time=${end}`];
                                return [
                                    `${base}/api/v1/query_range?query=${expr}&start=${start}&end=${end}&step=${timing.stepMs / 1000}`,
                                    ...(t.exemplar === true ? [`${base}/api/v1/query_exemplars?query=${expr}&start=${start}&end=${end}`] : []),
                                ];
                            });
                        const timePanel = async (urls: string[]): Promise<number[]> => {
                            const times: number[] = [];
                            for (let i = 0; i < runs; i++) {
                                const started = performance.now();
                                await Promise.all(urls.map(timed)); // Grafana sends a panel's targets together
                                times.push(performance.now() - started);
                            }
                            return times;
                        };
                        const urls = urlsOf(targets);
                        const times = await timePanel(urls);
                        panels.push({
                            dashboard: d.uid,
                            panel: title,
                            range: range.name,
                            targets: targets.length,
                            p50: percentile(times, 50),
                            p99: percentile(times, 99),
                        });
                        // A panel that reads dashboard recording rules (or was made instant) against its raw form, at 7 d.
                        const raw = rawTargets(targets);
                        if (range.name === "7d" && JSON.stringify(raw) !== JSON.stringify(benchTargets(targets))) {
                            const rawTimes = await timePanel(urlsOf(raw));
                            heavy.push({
                                dashboard: d.uid,
                                panel: title,
                                rawP50: percentile(rawTimes, 50),
                                rawP99: percentile(rawTimes, 99),
                                p50: percentile(times, 50),
                                p99: percentile(times, 99),
                            });
                        }
                    }
                }
            }
            // Raw expression (over Grafana's 7d $__rate_interval) against the series its recording rule stores.
            const week = ranges[2];
            const timing = panelTiming(week.ms, maxDataPointsOf(12), scrapeMs);
            const recording: RecordingResult[] = [];
            const allRules = [
                ...recordingRules.map((rule) => ({ record: rule.record, raw: rule.expr.split(`[${rateWindow}]`).join(`[${timing.rateIntervalMs / 1000}s]`) })),
                ...dashboardRecordingRules.map((rule) => ({ record: rule.record, raw: rule.raw("", `${timing.rateIntervalMs / 1000}s`) })),
            ];
            for (const rule of options.panels ? [] : allRules) {
                const raw = rule.raw;
                const url = (expr: string) =>
                    `${base}/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${end - week.ms / 1000}&end=${end}&step=${timing.stepMs / 1000}`;
                const rawTimes: number[] = [];
                const recTimes: number[] = [];
                for (let i = 0; i < runs; i++) {
                    rawTimes.push(await timed(url(raw)));
                    recTimes.push(await timed(url(rule.record)));
                }
                recording.push({ record: rule.record, rawMs: percentile(rawTimes, 50), recordedMs: percentile(recTimes, 50) });
            }
            return {
                shape,
                series: filled.series,
                samples: filled.samples,
                backfillSeconds: filled.seconds,
                tsdbBytes,
                panels,
                variables,
                heavy,
                recording,
                groups,
            };
        } finally {
            await stack.stop();
        }
    } finally {
        removeDir(dir);
        forget();
    }
}
