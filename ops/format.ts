// Text output: aligned tables and colour, which is used only on a terminal and never when NO_COLOR is set.

export interface Colours {
    readonly red: (s: string) => string;
    readonly green: (s: string) => string;
    readonly yellow: (s: string) => string;
    readonly bold: (s: string) => string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string) => s;

/** Whether to colour: a TTY, no NO_COLOR (https://no-color.org: any non-empty value), and not turned off by a flag. */
export function useColour(isTty: boolean, env: NodeJS.ProcessEnv, flag: boolean): boolean {
    return isTty && flag && (env.NO_COLOR === undefined || env.NO_COLOR === "");
}

export function colours(enabled: boolean): Colours {
    return enabled
        ? { red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), bold: wrap(1, 22) }
        : { red: plain, green: plain, yellow: plain, bold: plain };
}

const visibleLength = (s: string): number => s.replace(/\u001b\[\d+m/g, "").length;

/** Columns padded to their widest cell; colour codes do not count towards the width. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => visibleLength(r[i] ?? ""))));
    const line = (cells: readonly string[]) =>
        cells
            .map((c, i) => (i === cells.length - 1 ? c : c + " ".repeat(widths[i] - visibleLength(c))))
            .join("  ")
            .trimEnd();
    return [line(headers), ...rows.map(line)].join("\n");
}
