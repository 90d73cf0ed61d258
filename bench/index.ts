// `npm run bench [-- --only page|program] [--runs N]`: the two numbers BENCHMARKS.md reports, printed as tables.
import { floorSeconds, measurePageTime, timedAlerts } from "./page-time";
import { linearFit, measureProgramTime, measureTypeCheck, median } from "./program-time";

const usage = "usage: npm run bench [-- --only page|program] [--runs N]";

function parseArgs(argv: readonly string[]): { only?: "page" | "program"; runs?: number } {
    const options: { only?: "page" | "program"; runs?: number } = {};
    for (let i = 0; i < argv.length; i += 2) {
        const [flag, value] = [argv[i], argv[i + 1]];
        if (flag === "--only" && (value === "page" || value === "program")) options.only = value;
        else if (flag === "--runs" && /^[1-9]\d*$/.test(value ?? "")) options.runs = Number(value);
        else throw new Error(`bad argument ${JSON.stringify(flag)} ${value === undefined ? "" : JSON.stringify(value)} (accepted: --only page|program, --runs <n ≥ 1>)\n${usage}`);
    }
    return options;
}

function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
    const cells = [header, ...rows.map((r) => r.map(String))];
    const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
    const line = (r: readonly string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
    return [line(cells[0]), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...cells.slice(1).map(line)].join("\n");
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
            return [v.name, alert, `${floor} s`, `${f(median(seconds), 1)} s`, `${f(worst, 1)} s`, f(median(seconds) / floor), f(worst / floor), seconds.map((s) => f(s, 1)).join(" ")];
        }),
    );
    process.stdout.write(`${table(["settings", "alert", "floor", "median", "worst", "median/floor", "worst/floor", "runs (s)"], rows)}\n\n`);
    process.stdout.write(`${table(["settings", "samples scraped/s", "rule evaluations/s"], costs.map((c) => [c.variant, f(c.samplesPerSecond, 1), f(c.ruleEvaluationsPerSecond, 1)]))}\n`);
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
    const label = (stack: string, scale: number) => `${stack} ${scale === 0 ? "as is" : `${scale}x (${scale * 100} rules, ${scale * 10} dashboards, ${scale * 100} targets)`}`;
    process.stdout.write(
        `${table(
            ["program", "resources", "wall", "peak RSS", "floor wall", "floor RSS", "program/floor"],
            measured.map((m) => [label(m.stack, m.scale), m.resources, `${f(m.seconds)} s`, `${f(m.maxRssMb, 0)} MB`, `${f(m.floorSeconds)} s`, `${f(m.floorMaxRssMb, 0)} MB`, f(m.seconds / m.floorSeconds)]),
        )}\n\n`,
    );
    const fit = linearFit(measured.filter((m) => m.stack === "dev" && m.scale > 0).map((m) => ({ x: m.scale, y: m.seconds })));
    process.stdout.write(`dev, 1x to 10x: time = ${f(fit.intercept)} s + ${f(fit.slope, 3)} s per unit of size, R² = ${f(fit.r2, 3)}\n\n`);
    const tsc = measureTypeCheck(3);
    process.stdout.write(`${table(["tsc --noEmit", "check time", "files", "instantiations"], [[`${f(tsc.seconds)} s`, `${f(tsc.checkSeconds)} s`, tsc.files, tsc.instantiations]])}\n`);
}

async function main(): Promise<void> {
    const options = parseArgs(process.argv.slice(2));
    if (options.only !== "program") await pageTime(options.runs ?? 5);
    if (options.only !== "page") await programTime(options.runs ?? 5);
}

main().catch((err) => {
    process.stderr.write(`bench: ${(err as Error).message}\n`);
    process.exit(2);
});
