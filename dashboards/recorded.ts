// Panel queries over the dashboard recording rules (alerts/recording-rules-dashboards*.ts): the heavy panels read
// pre-aggregated or 5-minute series, filtered by the same `job` and `instance` variables as every other panel.
import { dashboardRecordingRule } from "../alerts/recording-rules-dashboards";
import { promTimeseries, sel } from "./common";

/** `<record>{job=~"$job", instance=~"$instance"}` (fails at build time if no dashboard rule records it). */
export const recorded = (record: string): string => sel(dashboardRecordingRule(record).record);

/**
 * Max data points of a chart over 5-minute series: on Grafana's interval ladder the step is then the recording's 5
 * minutes at 24 h and an hour at 7 d. Grafana asks for at most this many points whatever the panel's width, so a 7-day
 * chart of 160 filesystems returns 27,000 points instead of 150,000 it could not show apart.
 */
const fiveMinuteMaxDataPoints = 200;

/** A time series panel over 5-minute recorded series. */
export const fiveMinuteChart = (...args: Parameters<typeof promTimeseries>) => promTimeseries(...args).maxDataPoints(fiveMinuteMaxDataPoints);
