// Prometheus-style durations as numbers, for comparisons the schema cannot express.
import { durationPattern } from "./schema";

const unitSeconds: Record<string, number> = {
    y: 365 * 24 * 3600,
    w: 7 * 24 * 3600,
    d: 24 * 3600,
    h: 3600,
    m: 60,
    s: 1,
    ms: 0.001,
};

/** Seconds in a duration such as `1h30m`; throws on anything the schema would reject. */
export function durationSeconds(value: string): number {
    if (!durationPattern.test(value)) {
        throw new Error(`not a duration: ${JSON.stringify(value)}`);
    }
    let total = 0;
    for (const [, amount, unit] of value.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) {
        total += Number(amount) * unitSeconds[unit];
    }
    return total;
}

/** The same span written in hours (or smaller units), for tools that reject `d` and `w`. */
export function durationInHours(value: string): string {
    const seconds = durationSeconds(value);
    if (seconds % 3600 === 0) return `${seconds / 3600}h`;
    if (seconds % 60 === 0) return `${seconds / 60}m`;
    return `${seconds}s`;
}
