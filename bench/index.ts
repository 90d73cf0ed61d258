// `npm run bench [-- --only page|program|queries] [--runs N]`: the numbers BENCHMARKS.md reports, printed as tables.
import { floorSeconds, measurePageTime, timedAlerts } from "./page-time";
import { linearFit, measureProgramTime, measureTypeCheck, median } from "./program-time";
import { printQueryResults } from "./queries/report";
import { table } from "./table";
import { measureQueries } from "./queries/run";
import { productionShape } from "./queries/shape";
import { Fired, runReplay } from "./replay/run";
import { measureBlockBytesPerSample, measureMemory } from "./sizing";

const usage = "usage: npm run bench [-- --only page|program|queries|replay|sizing] [--runs N] [--keep-data DIR] [--panels REGEX] [--rules DIR]";
type Part = "page" | "program" | "queries" | "replay" | "sizing";
const parts: readonly Part[] = ["page", "program", "queries", "replay", "sizing"];

interface Options {
    only?: Part;
    runs?: number;
    keepData?: string;
    panels?: RegExp;
    rules?: string;
}

const regexOf = (value: string | undefined): RegExp | undefined => {
    try {
        return value ? new RegExp(value) : undefined;
    } catch {
        return undefined;
    }
};

function parseArgs(argv: readonly string[]): Options {
    const options: Options = {};
    for (let i = 0; i < argv.length; i += 2) {
        const [flag, value] = [argv[i], argv[i + 1]];
        if (flag === "--only" && (parts as readonly string[]).includes(value ?? "")) options.only = value as Part;
        else if (flag === "--runs" && /^[1-9]\d*$/.test(value ?? "")) options.runs = Number(value);
        else if (flag === "--keep-data" && value && !value.startsWith("--")) options.keepData = value;
        else if (flag === "--panels" && regexOf(value)) options.panels = regexOf(value);
        else if (flag === "--rules" && value && !value.startsWith("--")) options.rules = value;
        else
            throw new Error(
                `bad argument ${JSON.stringify(flag)} ${value === undefined ? "" : JSON.stringify(value)} (accepted: --only page|program|queries|replay|sizing, --runs <n ≥ 1>, --keep-data <directory>, --panels <regular expression over "dashboard uid / panel title">, --rules <directory of rule files to replay>)\n${usage}`,
            );
    }
    return options;
}

const f = (n: number, digits = 2) => n.toFixed(digits);

async function pageTime(runs: number): Promise<void> {
    process.stdout.write(`\n## Time to page (${runs} runs of each, real prometheus and prometheus-alertmanager)\n\n`);
    const { variants, timings, costs } = await measurePageTime(runs);
    const rows = variants.flatMap((v) =>
        timedAlerts.map((alert) => {
            const seconds = timings.filter((t) => t.variant === v.name && t.alert === alert).map((t) => t.seconds);
            const floor = floorSeconds(v, alert);
            const worst = Math.max(...seconds);
            return [
                v.name,
                alert,
                `${floor} s`,
                `${f(median(seconds), 1)} s`,
                `${f(worst, 1)} s`,
                f(median(seconds) / floor),
                f(worst / floor),
                seconds.map((s) => f(s, 1)).join(" "),
            ];
        }),
    );
    process.stdout.write(`${table(["settings", "alert", "floor", "median", "worst", "median/floor", "worst/floor", "runs (s)"], rows)}\n\n`);
    process.stdout.write(
        `${table(
            ["settings", "samples scraped/s", "rule evaluations/s"],
            costs.map((c) => [c.variant, f(c.samplesPerSecond, 1), f(c.ruleEvaluationsPerSecond, 1)]),
        )}\n`,
    );
}

async function programTime(runs: number): Promise<void> {
    process.stdout.write(`\n## Program time (median of ${runs} cold processes, mock engine)\n\n`);
    const cases = [
        { stack: "dev", scale: 0 },
        { stack: "prod", scale: 0 },
        ...[1, 2, 5, 10].map((scale) => ({ stack: "dev", scale })),
        { stack: "prod", scale: 10 },
    ];
    const measured = await measureProgramTime(cases, runs);
    const label = (stack: string, scale: number) =>
        `${stack} ${scale === 0 ? "as is" : `${scale}x (${scale * 100} rules, ${scale * 10} dashboards, ${scale * 100} targets)`}`;
    process.stdout.write(
        `${table(
            ["program", "resources", "wall", "peak RSS", "floor wall", "floor RSS", "program/floor"],
            measured.map((m) => [
                label(m.stack, m.scale),
                m.resources,
                `${f(m.seconds)} s`,
                `${f(m.maxRssMb, 0)} MB`,
                `${f(m.floorSeconds)} s`,
                `${f(m.floorMaxRssMb, 0)} MB`,
                f(m.seconds / m.floorSeconds),
            ]),
        )}\n\n`,
    );
    const fit = linearFit(measured.filter((m) => m.stack === "dev" && m.scale > 0).map((m) => ({ x: m.scale, y: m.seconds })));
    process.stdout.write(`dev, 1x to 10x: time = ${f(fit.intercept)} s + ${f(fit.slope, 3)} s per unit of size, R² = ${f(fit.r2, 3)}\n\n`);
    const tsc = measureTypeCheck(3);
    process.stdout.write(
        `${table(["tsc --noEmit", "check time", "files", "instantiations"], [[`${f(tsc.seconds)} s`, `${f(tsc.checkSeconds)} s`, tsc.files, tsc.instantiations]])}\n`,
    );
}

const pages = (fired: readonly Fired[]) => fired.filter((f) => f.receivers.includes("pagerduty") && !f.inhibitedBy);
const chats = (fired: readonly Fired[]) => fired.filter((f) => f.receivers.includes("slack") && !f.inhibitedBy);
const count = (fired: readonly Fired[]) => fired.reduce((n, f) => n + f.episodes, 0);

function replay(ruleDir: string | undefined): void {
    process.stdout.write("\n## Alerting on a replayed week (real promtool, the prod stack's rules and alertmanager.yml)\n\n");
    const result = runReplay((line) => process.stderr.write(`${line}\n`), { ruleDir });
    const week = result.week.map((f) => [f.alert, f.severity, f.episodes, f.receivers.join(", ")]);
    process.stdout.write(`healthy week: ${count(pages(result.week))} pages, ${count(chats(result.week))} chat messages\n\n`);
    if (week.length > 0) process.stdout.write(`${table(["alert", "severity", "episodes", "receivers"], week)}\n\n`);
    const rows = result.incidents.map((i) => {
        const own = i.fired.find((f) => f.alert === i.scenario.alert);
        const others = i.fired.filter((f) => f !== own).map((f) => `${f.alert} (${f.severity}${f.inhibitedBy ? `, muted by ${f.inhibitedBy}` : ""})`);
        return [
            i.scenario.name,
            i.scenario.alert,
            `${i.scenario.boundMinutes} min`,
            own?.first === undefined ? "never" : `${own.first} min`,
            own?.episodes ?? 0,
            count(pages(i.fired)),
            count(chats(i.fired)),
            others.join(", ") || "none",
        ];
    });
    process.stdout.write(
        `${table(["incident", "alert", "bound", "fires after", "episodes", "pages", "chat messages", "other alerts"], rows)}\n\n` +
            `(${f(result.seconds, 0)} s; Alertmanager adds its 10 s group_wait to every first notification)\n`,
    );
}

/** Head sizes the sizing part scrapes; a default prod Prometheus (4Gi limit) is expected to carry a few hundred thousand. */
const sizingSeries = [50_000, 100_000, 200_000, 400_000];

async function sizing(): Promise<void> {
    process.stdout.write("\n## What one Prometheus carries (real prometheus, 15 s scrapes of a local target, 6 scrapes per size)\n\n");
    const points = [];
    for (const series of sizingSeries) points.push(await measureMemory(series, 6));
    const mb = (bytes: number) => f(bytes / 2 ** 20, 0);
    process.stdout.write(
        `${table(
            ["series scraped", "head series", "resident memory", "Go heap in use", "resident bytes per head series"],
            points.map((p) => [p.series, p.headSeries, `${mb(p.residentBytes)} MiB`, `${mb(p.heapInUseBytes)} MiB`, f(p.residentBytes / p.headSeries, 0)]),
        )}\n\n`,
    );
    const fit = linearFit(points.map((p) => ({ x: p.headSeries, y: p.residentBytes })));
    process.stdout.write(`resident memory = ${mb(fit.intercept)} MiB + ${f(fit.slope, 0)} bytes per head series, R² = ${f(fit.r2, 3)}\n`);
    const block = measureBlockBytesPerSample(20_000);
    process.stdout.write(`two-hour block of 20,000 series at 15 s (promtool): ${f(block.bytesPerSample)} bytes per sample\n`);
}

async function main(): Promise<void> {
    const options = parseArgs(process.argv.slice(2));
    if (options.only === undefined || options.only === "page") await pageTime(options.runs ?? 5);
    if (options.only === undefined || options.only === "program") await programTime(options.runs ?? 5);
    if (options.only === undefined || options.only === "replay") replay(options.rules);
    if (options.only === undefined || options.only === "sizing") await sizing();
    if (options.only === undefined || options.only === "queries") {
        process.stdout.write(`\n## Query speed (real prometheus on backfilled data, ${options.runs ?? 5} runs of each query)\n\n`);
        const log = (line: string) => process.stdout.write(`${line}\n`);
        printQueryResults(await measureQueries(productionShape, options.runs ?? 5, log, { keepData: options.keepData, panels: options.panels }), (text) =>
            process.stdout.write(text),
        );
    }
}

main().catch((err) => {
    process.stderr.write(`bench: ${(err as Error).message}\n`);
    process.exit(2);
});
