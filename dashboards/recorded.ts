// Panel queries over the dashboard recording rules (alerts/recording-rules-dashboards*.ts): the heavy panels read
// pre-aggregated or 5-minute series, filtered by the same `job` and `instance` variables as every other panel.
import { dashboardRecordingRule } from "../alerts/recording-rules-dashboards";
import { sel } from "./common";

/** `<record>{job=~"$job", instance=~"$instance"}` (fails at build time if no dashboard rule records it). */
export const recorded = (record: string): string => sel(dashboardRecordingRule(record).record);

/** The recorded series of a dashboard recording rule, by its source metric (fails at build time if there is none). */
export function recordedSeriesOf(source: string): string {
    return recorded(
        {
            node_cpu_seconds_total: "instance_mode:node_cpu_seconds:avg_rate5m",
            node_filesystem_avail_bytes: "instance_mountpoint:node_filesystem_used:ratio",
        }[source] ?? `no dashboard recording rule reads ${source}`,
    );
}
