// Panel queries over the dashboard recording rules (alerts/recording-rules-dashboards*.ts): the heavy panels read
// pre-aggregated or 5-minute series, filtered by the same `job` and `instance` variables as every other panel.
import { dashboardRecordingRule } from "../alerts/recording-rules-dashboards";
import { promTimeseries, sel } from "./common";

/** `<record>{job=~"$job", instance=~"$instance"}` (fails at build time if no dashboard rule records it). */
export const recorded = (record: string): string => sel(dashboardRecordingRule(record).record);

/**
 * Max data points of a chart over 5-minute series: at 24 h the step is then the recording's 5 minutes (Grafana's
 * interval ladder), at 7 d 30 minutes. Grafana asks for at most this many points whatever the panel's width, so a chart
 * of hundreds of series returns a third of the points a full-width 7-day chart would, and none it could not show.
 */
export const fiveMinuteMaxDataPoints = 300;

/** A time series panel over 5-minute recorded series. */
export const fiveMinuteChart = (...args: Parameters<typeof promTimeseries>) => promTimeseries(...args).maxDataPoints(fiveMinuteMaxDataPoints);
