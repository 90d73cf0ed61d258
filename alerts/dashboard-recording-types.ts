// The shape of a dashboard recording rule (issue 13's query speed) and the groups they are evaluated in.
import { RecordingRule } from "./types";

/** Latency histograms: a minute keeps a latency chart's resolution (and off the 15 s group the alerts' rules share). */
export const dashboardRecordingGroupName = "provisioning_dashboard_recording";
export const dashboardRecordingInterval = "1m";
/**
 * Host and process charts: every 5 m, so a 7-day chart reads one sample per 5 m per series instead of one per scrape.
 * A 5 m series stays visible at every step of a range query: Prometheus looks back 5 m for the last sample.
 */
export const dashboardRecording5mGroupName = "provisioning_dashboard_recording_5m";
export const dashboardRecording5mInterval = "5m";

/** A dashboard recording rule and what it was built from (the query benchmark backfills its output series from this). */
export interface DashboardRecordingRule extends RecordingRule {
    readonly group: string;
    /** The series it reads. */
    readonly source: string;
    /** Labels of its output beyond `job` and `instance`. */
    readonly labels: readonly string[];
    /** The panel's raw query it replaces, with `filter` added to its selectors and `window` as its rate window. */
    readonly raw: (filter: string, window: string) => string;
}

/** `{<filter>, <own>}` without empty parts. */
export const withFilter = (filter: string, own?: string): string => {
    const matchers = [filter, own].filter((s) => s);
    return matchers.length > 0 ? `{${matchers.join(", ")}}` : "";
};
