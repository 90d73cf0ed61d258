// Panel queries over the dashboard recording rules (alerts/recording-rules-dashboards.ts): the heavy panels read
// pre-aggregated series, filtered by the same `job` and `instance` variables as every other panel.
import { dashboardRecordingRules } from "../alerts/recording-rules-dashboards";
import { sel } from "./common";

/** The recorded series of a dashboard recording rule, by its source metric (fails at build time if there is none). */
export function recordedSeriesOf(source: string): string {
    const rule = dashboardRecordingRules.find((r) => r.source === source);
    if (!rule) throw new Error(`no dashboard recording rule reads ${source}`);
    return rule.record;
}

/** The q-quantile of a histogram per job, from its recorded per-instance bucket rates (5m window, every minute). */
export function recordedQuantile(q: number, histogram: string): string {
    return `histogram_quantile(${q}, sum by (job, le) (${sel(recordedSeriesOf(`${histogram}_bucket`))}))`;
}

/** The mean of a histogram's observations per job, from its recorded per-instance `_sum` and `_count` rates. */
export function recordedMean(histogram: string): string {
    return `sum by (job) (${sel(recordedSeriesOf(`${histogram}_sum`))}) / sum by (job) (${sel(recordedSeriesOf(`${histogram}_count`))})`;
}
