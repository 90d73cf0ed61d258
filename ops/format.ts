// Text output: aligned tables and colour, which is used only on a terminal and never when NO_COLOR is set.

const sgr = { red: [31, 39], green: [32, 39], yellow: [33, 39], bold: [1, 22] } as const;
export type Colours = Readonly<Record<keyof typeof sgr, (s: string) => string>>;

/** Whether to colour: a TTY, no NO_COLOR (https://no-color.org: any non-empty value), and not turned off by a flag. */
export const useColour = (isTty: boolean, env: NodeJS.ProcessEnv, flag: boolean): boolean => isTty && flag && !env.NO_COLOR;

export function colours(enabled: boolean): Colours {
    const paint = ([open, close]: readonly [number, number]) => (enabled ? (s: string) => `\u001b[${open}m${s}\u001b[${close}m` : (s: string) => s);
    return { red: paint(sgr.red), green: paint(sgr.green), yellow: paint(sgr.yellow), bold: paint(sgr.bold) };
}

/** Ascending order of strings by code unit (the same on every machine, unlike localeCompare). */
export const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const visibleLength = (s: string): number => s.replace(/\u001b\[\d+m/g, "").length;

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => visibleLength(r[i] ?? ""))));
    const cell = (c: string, i: number, cells: readonly string[]) => (i === cells.length - 1 ? c : c + " ".repeat(widths[i] - visibleLength(c)));
    return [headers, ...rows].map((cells) => cells.map(cell).join("  ").trimEnd()).join("\n");
}
