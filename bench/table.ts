// A Markdown table with padded columns, as the benchmarks print them (pasted into BENCHMARKS.md as is).
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
    const cells = [header, ...rows.map((r) => r.map(String))];
    const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
    const line = (r: readonly string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
    return [line(cells[0]), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...cells.slice(1).map(line)].join("\n");
}
