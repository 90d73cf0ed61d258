// Durations on the command line (`--duration 2h`, `--resolve-after 5m`), in the Prometheus syntax the stack config uses.
import { durationPattern } from "../model/config/schema";
import { durationSeconds } from "../model/config/durations";
import { usageError } from "./http";

export const durationForms = "a duration such as 30s, 15m, 2h or 1h30m (units y, w, d, h, m, s, ms)";

/** Milliseconds in a positive duration; a usage error naming the flag, the value and the accepted forms otherwise. */
export function parseDurationMs(flag: string, value: string): number {
    const seconds = durationPattern.test(value) ? durationSeconds(value) : 0;
    if (seconds <= 0) throw usageError(`${flag}: bad duration ${JSON.stringify(value)}; expected ${durationForms}`);
    return Math.round(seconds * 1000);
}
