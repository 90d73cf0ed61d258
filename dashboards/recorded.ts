// Panel queries over the dashboard recording rules (alerts/recording-rules-dashboards.ts): CPU by mode and filesystem
// usage read pre-aggregated series, filtered by the same `job` and `instance` variables as every other panel. (The
// latency panels keep the raw buckets: recorded series carry no exemplars.)
import { dashboardRecordingRules } from "../alerts/recording-rules-dashboards";

/** The recorded series of a dashboard recording rule, by its source metric (fails at build time if there is none). */
export function recordedSeriesOf(source: string): string {
    const rule = dashboardRecordingRules.find((r) => r.source === source);
    if (!rule) throw new Error(`no dashboard recording rule reads ${source}`);
    return rule.record;
}
