// How Grafana turns a panel and a time range into a Prometheus request: the interval from the panel's max data points
// (rounded to Grafana's ladder of "nice" intervals, never below the data source's scrape interval), $__rate_interval,
// and the template variables. Written from Grafana's documented behaviour (rangeutil.calculateInterval, roundInterval,
// and the $__rate_interval definition: max($__interval + scrape interval, 4 x scrape interval)).

/** Grafana's ladder: below the first bound, the second value (ms). */
const ladder: readonly (readonly [number, number])[] = [
    [10, 1],
    [15, 10],
    [35, 20],
    [75, 50],
    [150, 100],
    [350, 200],
    [750, 500],
    [1_500, 1_000],
    [3_500, 2_000],
    [7_500, 5_000],
    [12_500, 10_000],
    [17_500, 15_000],
    [25_000, 20_000],
    [45_000, 30_000],
    [90_000, 60_000],
    [210_000, 120_000],
    [450_000, 300_000],
    [750_000, 600_000],
    [1_050_000, 900_000],
    [1_500_000, 1_200_000],
    [2_700_000, 1_800_000],
    [5_400_000, 3_600_000],
    [9_000_000, 7_200_000],
    [16_200_000, 10_800_000],
    [32_400_000, 21_600_000],
    [86_400_000, 43_200_000],
];

export function roundInterval(ms: number): number {
    for (const [below, value] of ladder) if (ms < below) return value;
    return 86_400_000;
}

export interface PanelTiming {
    readonly stepMs: number;
    readonly rateIntervalMs: number;
    readonly maxDataPoints: number;
}

/** A panel's width in pixels on a 1920-px-wide browser (Grafana's default max data points is the panel's width). */
export const maxDataPointsOf = (gridWidth: number): number => Math.round((gridWidth / 24) * 1_880);

export function panelTiming(rangeMs: number, maxDataPoints: number, scrapeIntervalMs: number): PanelTiming {
    const stepMs = Math.max(roundInterval(rangeMs / maxDataPoints), scrapeIntervalMs);
    return { stepMs, rateIntervalMs: Math.max(stepMs + scrapeIntervalMs, 4 * scrapeIntervalMs), maxDataPoints };
}

const duration = (ms: number): string => `${Math.round(ms / 1000)}s`;
const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `expr` as Grafana sends it: built-in intervals as durations, multi-value variables as `(a|b)` regexes, "All" as its value. */
export function expandForGrafana(expr: string, timing: PanelTiming, rangeMs: number, variables: Readonly<Record<string, readonly string[] | string>>): string {
    const builtins: Record<string, string> = {
        __rate_interval: duration(timing.rateIntervalMs),
        __interval: duration(timing.stepMs),
        __range: duration(rangeMs),
    };
    return expr.replace(/\$\{(\w+)(?::[^}]*)?\}|\$(\w+)/g, (match, braced?: string, bare?: string) => {
        const name = (braced ?? bare) as string;
        if (name in builtins) return builtins[name];
        const value = variables[name];
        if (value === undefined) return match;
        return typeof value === "string" ? value : value.length === 1 ? escapeRegex(value[0]) : `(${value.map(escapeRegex).join("|")})`;
    });
}
