// Authentication panels shared by the Control Center API and Security Events dashboards.
import { PanelBuilder as StatBuilder } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as TimeseriesBuilder } from "@grafana/grafana-foundation-sdk/timeseries";
import { promTimeseries, stat, sumRate, thresholds } from "./common";
import { runbookLink } from "./skeleton";

/** The recorded failure ratio HighAuthFailureRatio fires on, with its threshold. */
export function authFailureRatioStat(): StatBuilder {
    return stat(
        "Auth failure ratio",
        "percentunit",
        "Failed over attempted authentications, last 5 minutes (HighAuthFailureRatio fires above 20%).",
        `max(job:provisioning_auth_failures:ratio_rate5m{job=~"$job"})`,
    )
        .thresholds(thresholds(0.2))
        .links([runbookLink("HighAuthFailureRatio")]);
}

/** Authentication attempts and failures per second. */
export function authenticationTimeseries(): TimeseriesBuilder {
    return promTimeseries("Authentication", "ops", "Authentication attempts and failures per second.", [
        [sumRate("provisioning_auth_attempts_total"), "attempts {{job}}"],
        [sumRate("provisioning_auth_failures_total"), "failures {{job}}"],
    ]).links([runbookLink("HighAuthFailureRatio")]);
}
