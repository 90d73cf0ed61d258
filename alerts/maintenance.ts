// Maintenance windows (monitoring:maintenanceWindows) as named time intervals, in the form Alertmanager and Grafana accept.
import { routedSeverities, weekdayNames } from "../model/config/schema";
import { MaintenanceWindow } from "../model/config/types";
import { Severity } from "./types";

/** One recurring interval: its times are OR'ed, each range ends by 24:00 on the same day (no range crosses midnight). */
export interface TimeIntervalSpec {
    readonly weekdays?: readonly string[];
    readonly times?: readonly { readonly start: string; readonly end: string }[];
    readonly location?: string;
}

export interface MaintenanceInterval {
    readonly name: string;
    readonly severities: readonly Severity[];
    readonly intervals: readonly TimeIntervalSpec[];
}

function dayIndices(weekdays: readonly string[]): number[] {
    const ranges = weekdays.map((spec) => spec.split(":").map((d) => (weekdayNames as readonly string[]).indexOf(d)));
    return weekdayNames.map((_, i) => i).filter((i) => ranges.some(([from, to = from]) => from <= i && i <= to));
}

/** Day indices back to the shortest list of forward ranges (Alertmanager refuses saturday:sunday). */
function weekdaySpecs(days: readonly number[]): string[] {
    return days
        .filter((day) => !days.includes(day - 1))
        .map((from) => {
            let to = from;
            while (days.includes(to + 1)) to++;
            return from === to ? weekdayNames[from] : `${weekdayNames[from]}:${weekdayNames[to]}`;
        });
}

/** The window's days and ranges, with every range that crosses midnight split at 24:00 into the next day. */
export function splitAtMidnight(window: MaintenanceWindow): TimeIntervalSpec[] {
    const location = window.location ? { location: window.location } : {};
    const times = window.times ?? [];
    const sameDay = times.filter((t) => t.start < t.end);
    const crossing = times.filter((t) => t.end < t.start);
    if (crossing.length === 0) {
        return [
            { ...(window.weekdays ? { weekdays: [...window.weekdays] } : {}), ...(window.times ? { times: times.map((t) => ({ ...t })) } : {}), ...location },
        ];
    }
    const evening = [...sameDay.map((t) => ({ ...t })), ...crossing.map((t) => ({ start: t.start, end: "24:00" }))];
    const morning = crossing.map((t) => ({ start: "00:00", end: t.end }));
    if (!window.weekdays) return [{ times: [...evening, ...morning], ...location }];
    const days = dayIndices(window.weekdays);
    const nextDays = days.map((d) => (d + 1) % 7).sort((a, b) => a - b);
    return [
        { weekdays: weekdaySpecs(days), times: evening, ...location },
        { weekdays: weekdaySpecs(nextDays), times: morning, ...location },
    ];
}

/** Every maintenance window as one named interval set, muting its severities (all that notify, by default). */
export function maintenanceIntervals(windows: readonly MaintenanceWindow[]): MaintenanceInterval[] {
    return windows.map((window, i) => ({
        // The first window keeps the name Grafana's mute timing always had; later ones are numbered.
        name: i === 0 ? "maintenance" : `maintenance-${i + 1}`,
        severities: [...(window.severities ?? routedSeverities)],
        intervals: splitAtMidnight(window),
    }));
}

/** Names of the intervals that mute alerts of a severity (never the Watchdog's `none`). */
export const mutingIntervals = (intervals: readonly MaintenanceInterval[], severity: Severity | undefined): string[] =>
    severity === undefined ? [] : intervals.filter((m) => m.severities.includes(severity)).map((m) => m.name);
