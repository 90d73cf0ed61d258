// Small PromQL builders shared by alerts and recording rules, so the same question is always asked the same way.
import type { TrafficFloor } from "./types";

/** Rate window for every ratio and quantile: four scrapes at the slowest sane interval (the guide's 15-60s). */
export const rateWindow = "5m";

export const sumRate = (counter: string): string => `sum by (job) (rate(${counter}[${rateWindow}]))`;

/** A zero denominator yields no series: 0/0 is NaN and x/0 is +Inf, and `+Inf > 0.1` would fire on an idle service. */
export const guardedRatio = (numerator: string, denominator: string): string => `${numerator} / (${denominator} > 0)`;

/** The q-quantile of a histogram over the rate window, per job (plus `le`, which histogram_quantile consumes). */
export const histogramQuantile = (q: number, histogram: string): string =>
    `histogram_quantile(${q}, sum by (job, le) (rate(${histogram}_bucket[${rateWindow}])))`;

export const trafficFloor = (events: string, minEvents: number, window = rateWindow): TrafficFloor => ({ events, minEvents, window });

/** `expr`, silent below the floor's traffic (joined `on` the alert's labels), with the floor kept as data. */
export const aboveFloor = (expr: string, on: string, floor: TrafficFloor) => ({
    expr: `${expr} and on (${on}) ${floor.events} >= ${floor.minEvents}`,
    trafficFloor: floor,
});

/** Filesystems that hold data: pseudo (tmpfs, ramfs, nsfs), image (squashfs) and container (overlay) filesystems left out. */
export const realFilesystems = `fstype!~"tmpfs|overlay|squashfs|nsfs|ramfs"`;
