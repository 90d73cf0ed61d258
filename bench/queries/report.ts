// The query benchmark's tables and its verdicts against the issue's goals.
import { table } from "../table";
import { PanelResult, QueryBenchResults, ranges } from "./run";

const ms = (n: number): string => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
/** Goals: every panel's p99 at 7d, the speed-up of recorded series, the rule groups' share of their interval. */
const goals = { panelP99Ms: 500, recordingRatio: 5, groupShare: 0.1 } as const;

function byPanel(results: readonly PanelResult[]): (string | number)[][] {
    const keys = [...new Set(results.map((r) => `${r.dashboard}\u0000${r.panel}`))];
    return keys.map((key) => {
        const [dashboard, panel] = key.split("\u0000");
        const of = (range: string) => results.find((r) => r.dashboard === dashboard && r.panel === panel && r.range === range);
        const cells = ranges.map((r) => of(r.name)).map((r) => (r ? `${ms(r.p50)} / ${ms(r.p99)}` : "-"));
        return [dashboard, panel, of("7d")?.targets ?? "", ...cells];
    });
}

export function printQueryResults(r: QueryBenchResults, write: (text: string) => void): void {
    const s = r.shape;
    write(
        `shape: ${s.replicas} replicas of each platform service scraped every ${s.platformIntervalS} s, ${s.nodes} nodes of ${s.cpusPerNode} CPUs and the stack's own targets every ${s.intervalS} s, ${s.days} days\n` +
            `backfill: ${r.series} series, ${r.samples} samples, ${(r.tsdbBytes / 2 ** 20).toFixed(0)} MiB of blocks, ${r.backfillSeconds.toFixed(0)} s\n\n`,
    );
    const header = ["dashboard", "panel", "targets", ...ranges.map((x) => `${x.name} p50 / p99`)];
    write(`### Panels\n\n${table(header, byPanel(r.panels))}\n\n`);
    write(`### Variables\n\n${table(header, byPanel(r.variables))}\n\n`);
    const slow = r.panels.filter((p) => p.range === "7d" && p.p99 > goals.panelP99Ms);
    const worst = [...r.panels].filter((p) => p.range === "7d").sort((a, b) => b.p99 - a.p99)[0];
    write(
        `7d: ${slow.length} of ${r.panels.filter((p) => p.range === "7d").length} panels above ${goals.panelP99Ms} ms at p99; slowest ${worst ? `${worst.dashboard} / ${worst.panel} ${ms(worst.p99)}` : "-"}\n\n`,
    );
    write(
        `### Heavy panels: raw queries against recorded series (7d)\n\n${table(
            ["dashboard", "panel", "raw p50 / p99", "recorded p50 / p99", "raw/recorded (p50)"],
            r.heavy.map((x) => [x.dashboard, x.panel, `${ms(x.rawP50)} / ${ms(x.rawP99)}`, `${ms(x.p50)} / ${ms(x.p99)}`, (x.rawP50 / x.p50).toFixed(1)]),
        )}\n\n`,
    );
    write(
        `### Recording rules (7d, median)\n\n${table(
            ["recorded series", "raw expression", "recorded", "raw/recorded"],
            r.recording.map((x) => [x.record, ms(x.rawMs), ms(x.recordedMs), (x.rawMs / x.recordedMs).toFixed(1)]),
        )}\n\n`,
    );
    write(
        `### Rule groups (every rule as an instant query at the end of the backfill, medians summed)\n\n${table(
            ["group", "rules", "evaluation", "interval", "share"],
            r.groups.map((g) => [g.group, g.rules, ms(g.seconds * 1000), `${g.interval} s`, `${((g.seconds / g.interval) * 100).toFixed(2)} %`]),
        )}\n`,
    );
}
