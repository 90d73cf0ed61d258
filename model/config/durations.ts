// Prometheus-style durations as numbers, for comparisons the schema cannot express.
import { durationPattern } from "./schema";

// Largest first: canonicalDuration writes them in this order.
const unitSeconds: Record<string, number> = { y: 365 * 24 * 3600, w: 7 * 24 * 3600, d: 24 * 3600, h: 3600, m: 60, s: 1, ms: 0.001 };

/** Seconds in a duration such as `1h30m`; throws on anything the schema would reject. */
export function durationSeconds(value: string): number {
    if (!durationPattern.test(value)) throw new Error(`not a duration: ${JSON.stringify(value)}`);
    return [...value.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)].reduce((total, [, amount, unit]) => total + Number(amount) * unitSeconds[unit], 0);
}

/** The same span written in hours (or smaller units), for tools that reject `d` and `w`. */
export function durationInHours(value: string): string {
    const seconds = durationSeconds(value);
    if (seconds % 3600 === 0) return `${seconds / 3600}h`;
    if (seconds % 60 === 0) return `${seconds / 60}m`;
    return `${seconds}s`;
}

/** Prometheus' and Grafana alerting's spelling: largest units first, y and w only if exact (90m -> 1h30m); sent as Grafana answers, so no perpetual diff. */
export function canonicalDuration(value: string): string {
    let ms = Math.round(durationSeconds(value) * 1000);
    if (ms === 0) return "0s";
    let text = "";
    for (const [unit, seconds] of Object.entries(unitSeconds)) {
        const size = Math.round(seconds * 1000);
        if ((unit === "y" || unit === "w") && ms % size !== 0) continue;
        const count = Math.floor(ms / size);
        if (count > 0) {
            text += `${count}${unit}`;
            ms -= count * size;
        }
    }
    return text;
}
