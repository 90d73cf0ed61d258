// A deterministic model of what the provisioning platform's metrics do, minute by minute: diurnal traffic, a nightly batch
// hour, a rolling deploy of each service every weekday, background errors, and the noise and incidents laid over them.
// It writes promtool `test rules` input series (one sample a minute), so the rendered rules can be replayed over it.

/** One promtool input series: `name{labels}` and its values, one a minute (`_` for a missed scrape). */
export interface ReplaySeries {
    readonly series: string;
    readonly values: string;
}

/** Minute 0 of a replay is 1970-01-01 00:00 UTC, a Thursday (promtool's epoch); minute m is (m / 1440) days later. */
export const minutesPerDay = 1440;
const saturday = 2;
const sunday = 3;

export const isWeekend = (minute: number) => [saturday, sunday].includes(Math.floor(minute / minutesPerDay) % 7);
export const hourOf = (minute: number) => (minute % minutesPerDay) / 60;

/** A pseudo-random generator (mulberry32) numbered `stream`: the same noise on every run. */
function random(stream: number): () => number {
    let a = stream >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** Traffic per minute: `night` outside working hours, rising to `peak` at 14:00 on weekdays (40% of it at weekends). */
export function diurnal(minute: number, night: number, peak: number, weekendNight = night): number {
    const h = hourOf(minute);
    const day = h >= 7 && h <= 21 ? Math.sin((Math.PI * (h - 7)) / 14) ** 2 : 0;
    const weekend = isWeekend(minute);
    const base = weekend ? weekendNight : night;
    return base + (peak * (weekend ? 0.4 : 1) - base) * day;
}

/** The nightly batch hour, 02:00 to 03:00 every day: many long workflows. */
export const inBatchHour = (minute: number) => hourOf(minute) >= 2 && hourOf(minute) < 3;

/** A count per minute around its mean, with Poisson-like spread (never negative), from a numbered generator. */
export function noisy(mean: number, next: () => number): number {
    if (mean <= 0) return 0;
    // Box-Muller: a normal deviate scaled by the square root of the mean, as counts of independent events spread.
    const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    return Math.max(0, Math.round(mean + z * Math.sqrt(mean)));
}

const labelText = (labels: Readonly<Record<string, string>>) =>
    Object.entries(labels)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(", ");

/** Values as promtool reads them: runs of a repeated value written `vxN`, a missed scrape `_`. */
function valuesText(values: readonly (number | undefined)[]): string {
    const out: string[] = [];
    for (let i = 0; i < values.length;) {
        let j = i + 1;
        while (j < values.length && values[j] === values[i]) j++;
        const v = values[i] === undefined ? "_" : String(Number(values[i]!.toFixed(4)));
        const n = j - i;
        out.push(values[i] === undefined ? Array(n).fill("_").join(" ") : n === 1 ? v : `${v}x${n - 1}`);
        i = j;
    }
    return out.join(" ");
}

export function series(name: string, labels: Readonly<Record<string, string>>, values: readonly (number | undefined)[]): ReplaySeries {
    return { series: `${name}{${labelText(labels)}}`, values: valuesText(values) };
}

/** A counter from increments per minute: reset to 0 at each restart minute, absent where the scrape was missed. */
export function counter(
    increments: readonly number[],
    restarts: ReadonlySet<number> = new Set(),
    missed: ReadonlySet<number> = new Set(),
): (number | undefined)[] {
    let total = 0;
    return increments.map((inc, m) => {
        total = restarts.has(m) ? inc : total + inc;
        return missed.has(m) ? undefined : total;
    });
}

export { random };
