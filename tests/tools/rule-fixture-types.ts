// The shape of a promtool unit-test fixture: series that make an alert fire, series that keep it silent.
import type { PlatformName } from "../../model/config/types";

/** One input series in promtool's expanding notation (`0+10x20`, `1x15`, `_`), one sample per minute. */
export interface InputSeries {
    readonly series: string;
    readonly values: string;
}

/** An alert promtool must report: all its labels (alertname aside) and all its annotations, literally. */
export interface ExpectedAlert {
    readonly labels: Readonly<Record<string, string>>;
    readonly summary: string;
    readonly description: string;
}

export interface AlertFixture {
    readonly alert: string;
    /** Series that make the alert fire; at `at` (later than the rule's `for`) exactly `expected` must be firing. */
    readonly firing: { readonly series: readonly InputSeries[]; readonly at: string; readonly expected: readonly ExpectedAlert[] };
    /** Healthy series: at `at` the alert must not fire. Absent only for the Watchdog, which always fires. */
    readonly healthy?: { readonly series: readonly InputSeries[]; readonly at: string };
    /** The edges that motivated the rule and must stay silent (low traffic, a single restart, a slow burn for the page...). */
    readonly silentEdges?: readonly SilentCase[];
}

/** A named case in which the alert must not fire at `at`. */
export interface SilentCase {
    readonly name: string;
    readonly series: readonly InputSeries[];
    readonly at: string;
    /** Only the stacks on these platforms keep it silent (their rule differs); default every platform. */
    readonly platforms?: readonly PlatformName[];
}

/** The `owner` label value of a fixture's alerts (alerts/catalog.ts), written out literally. */
export type FixtureOwner = "platform" | "monitoring";

/** `name{k="v", ...}` for a promtool input series. */
export function seriesName(name: string, labels: Readonly<Record<string, string>>): string {
    const inner = Object.entries(labels)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(", ");
    return `${name}{${inner}}`;
}
