// Panel and query defaults shared by every built-in dashboard, in the style of the foundation SDK's examples.
import { allAlertRules, runbookUrl } from "../alerts/catalog";
import { rateWindow } from "../alerts/promql";
import { dashboardRecordingRule } from "../alerts/recording-rules-dashboards";
import { linesPerInterval } from "./logql";
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as loki from "@grafana/grafana-foundation-sdk/loki";
import { PanelBuilder as LogsBuilder } from "@grafana/grafana-foundation-sdk/logs";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder as StatBuilder } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as TableBuilder } from "@grafana/grafana-foundation-sdk/table";
import * as tempo from "@grafana/grafana-foundation-sdk/tempo";
import { PanelBuilder as TimeseriesBuilder } from "@grafana/grafana-foundation-sdk/timeseries";

/** The data source variable of each plugin the stack provisions; every target points at one, never at a fixed data source uid. */
export const datasourceVariables = {
    prometheus: { name: "datasource", label: "Prometheus" },
    loki: { name: "logs_datasource", label: "Loki" },
    tempo: { name: "traces_datasource", label: "Tempo" },
} as const;

const datasourceOf = (type: keyof typeof datasourceVariables): common.DataSourceRef => ({ type, uid: `\${${datasourceVariables[type].name}}` });
export const metricsDatasource = datasourceOf("prometheus");
const logsDatasource = datasourceOf("loki");
const tracesDatasource = datasourceOf("tempo");

/** The target labels every Prometheus panel filters on, from the `job` and `instance` variables. */
export const targetFilter = `job=~"$job", instance=~"$instance"`;

export const sel = (metric: string, extra?: string): string => `${metric}{${targetFilter}${extra ? `, ${extra}` : ""}}`;

/** `sel` with the job pinned, for the stack's own parts: each is scraped under a job named like it (alerts/catalog-stack.ts). */
export const ofJob = (job: string, metric: string, extra?: string) => `${metric}{job="${job}", instance=~"$instance"${extra ? `, ${extra}` : ""}}`;

/** `sum by (<by>) (rate(<counter selector>[$__rate_interval]))`: the rate window follows Grafana's resolution. */
export function sumRate(counter: string, by: readonly string[] = ["job"]): string {
    const grouping = by.length > 0 ? ` by (${by.join(", ")})` : "";
    return `sum${grouping} (rate(${sel(counter)}[$__rate_interval]))`;
}

/** Queries over the platform's latency histograms: their exemplars carry the trace ID, so a spike links to its trace. */
const exemplarSeriesPattern = /\bprovisioning_\w+_bucket\{/;

export function promQuery(expr: string, legend: string, refId = "A"): prometheus.DataqueryBuilder {
    const query = new prometheus.DataqueryBuilder().datasource(metricsDatasource).expr(expr).legendFormat(legend).refId(refId);
    return exemplarSeriesPattern.test(expr) ? query.exemplar(true) : query;
}

export function promTableQuery(expr: string, refId = "A"): prometheus.DataqueryBuilder {
    return new prometheus.DataqueryBuilder().datasource(metricsDatasource).expr(expr).format(prometheus.PromQueryFormat.Table).instant().refId(refId);
}

function lokiQuery(expr: string, legend = "", refId = "A"): loki.DataqueryBuilder {
    const query = new loki.DataqueryBuilder().datasource(logsDatasource).expr(expr).refId(refId);
    return legend ? query.legendFormat(legend) : query;
}

const refId = (i: number) => String.fromCharCode(65 + i);

type Framed<P> = Record<"title" | "description" | "unit", (text: string) => P> & Record<"height" | "span", (n: number) => P> & { datasource(d: DataSource): P };
type DataSource = common.DataSourceRef;

/** What every panel states, always in this order: title, description, data source, unit (when it has one) and size. */
function framed<P extends Framed<P>>(panel: P, title: string, text: string, ds: DataSource, unit: string | undefined, height: number, span: number): P {
    panel.title(title).description(text).datasource(ds);
    if (unit !== undefined) panel.unit(unit);
    return panel.height(height).span(span);
}

function timeseries(title: string, unit: string, description: string): TimeseriesBuilder {
    return framed(new TimeseriesBuilder(), title, description, metricsDatasource, unit, 8, 12)
        .lineWidth(1)
        .fillOpacity(10)
        .showPoints(common.VisibilityMode.Never)
        .drawStyle(common.GraphDrawStyle.Line)
        .spanNulls(false)
        .legend(new common.VizLegendOptionsBuilder().showLegend(true).placement(common.LegendPlacement.Bottom).displayMode(common.LegendDisplayMode.List))
        .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
}

export function promTimeseries(title: string, unit: string, description: string, pairs: readonly (readonly [string, string])[]): TimeseriesBuilder {
    return timeseries(title, unit, description).targets(pairs.map(([expr, legend], i) => promQuery(expr, legend, refId(i))));
}

/** Log lines per interval of LogQL queries, one line per [query, legend] (refIds A, B, C...), full width. */
export function logLinesTimeseries(title: string, description: string, pairs: readonly (readonly [string, string])[]): TimeseriesBuilder {
    const targets = pairs.map(([expr, legend], i) => lokiQuery(linesPerInterval(expr), legend, refId(i)));
    return timeseries(title, "short", description).datasource(logsDatasource).targets(targets).span(24);
}

export function thresholds(warnAt: number, higherIsBetter = false): dashboard.ThresholdsConfigBuilder {
    const [low, high] = higherIsBetter ? ["red", "green"] : ["green", "red"];
    return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
        { value: null, color: low },
        { value: warnAt, color: high },
    ]);
}

export function stat(title: string, unit: string, description: string, expr: string, legend = ""): StatBuilder {
    return framed(new StatBuilder(), title, description, metricsDatasource, unit, 4, 6)
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]))
        .colorMode(common.BigValueColorMode.Value)
        .graphMode(common.BigValueGraphMode.Area)
        .withTarget(promQuery(expr, legend));
}

export function booleanMappings(whenOne: string, whenZero: string): dashboard.ValueMapping[] {
    const options = { "0": { text: whenZero, color: "red", index: 1 }, "1": { text: whenOne, color: "green", index: 0 } };
    return [{ type: dashboard.MappingType.ValueToText, options }];
}

export function stateStat(title: string, description: string, expr: string, legend: string, words: [string, string]): StatBuilder {
    return stat(title, "none", description, expr, legend)
        .mappings(booleanMappings(words[0], words[1]))
        .thresholds(thresholds(1, true))
        .colorMode(common.BigValueColorMode.Background)
        .graphMode(common.BigValueGraphMode.None);
}

export const serviceStatus = (service: string, alert: string) =>
    stateStat("Status", `Scrape status of each ${service} instance.`, sel("up"), "{{instance}}", ["UP", "DOWN"]).links(runbooks(alert));

export const processCpu = (title: string, process: string) =>
    promTimeseries(title, "percentunit", `CPU used by the ${process} process (100% = one core).`, [
        [sumRate("process_cpu_seconds_total", ["instance"]), "{{instance}}"],
    ]);
export const processMemory = (title: string, process: string) =>
    promTimeseries(title, "bytes", `Resident memory of the ${process} process.`, [[sel("process_resident_memory_bytes"), "{{instance}}"]]);

export function table(title: string, unit: string, description: string, expr: string): TableBuilder {
    return framed(new TableBuilder(), title, description, metricsDatasource, unit, 8, 12).withTarget(promTableQuery(expr));
}

export function logs(title: string, description: string, expr: string): LogsBuilder {
    return framed(new LogsBuilder(), title, description, logsDatasource, undefined, 10, 24)
        .showTime(true)
        .wrapLogMessage(true)
        .enableLogDetails(true)
        .sortOrder(common.LogsSortOrder.Descending)
        .withTarget(lokiQuery(expr));
}

/** A table of the newest traces a TraceQL search finds, one row each; a row opens the trace in Explore. Tempo reports durations in ms. */
export function traces(title: string, description: string, traceql: string): TableBuilder {
    const query = new tempo.DataqueryBuilder()
        .datasource(tracesDatasource)
        .queryType("traceql")
        .query(traceql)
        .limit(20)
        .tableType(tempo.SearchTableType.Traces);
    return framed(new TableBuilder(), title, description, tracesDatasource, "ms", 8, 24).withTarget(query.refId("A"));
}

/** TraceQL: spans of one platform service (its OpenTelemetry `service.name`, the guide's `service_name`), plus `condition`. */
export const serviceSpans = (service: string, condition: string): string => `{ resource.service.name = "${service}" && ${condition} }`;

/** A link to an alert's runbook under the default base (buildDashboards moves it to the stack's runbookBaseUrl). */
export function runbookLink(alert: string): dashboard.DashboardLinkBuilder {
    // Throws on a name the catalogue lacks, so a renamed alert breaks the build, not a link.
    const rule = allAlertRules.find((a) => a.alert === alert);
    if (!rule) throw new Error(`dashboard links to unknown alert ${alert}`);
    return new dashboard.DashboardLinkBuilder(`Runbook: ${rule.alert}`)
        .type(dashboard.DashboardLinkType.Link)
        .url(runbookUrl(rule.alert))
        .tooltip(rule.summary)
        .icon("doc")
        .targetBlank(true)
        .includeVars(false)
        .keepTime(false)
        .asDropdown(false);
}

export const runbooks = (...alerts: string[]) => alerts.map(runbookLink);

/** `<record>{job=~"$job", instance=~"$instance"}` of a dashboard recording rule (alerts/recording-rules-dashboards.ts; fails at build time if none records it). */
export const recorded = (record: string): string => sel(dashboardRecordingRule(record).record);

/** At most 200 points whatever the width: on Grafana's interval ladder a 5m step at 24 h, 1 h at 7 d; 7 days of 160 filesystems: 27,000 points, not 150,000. */
export const fiveMinuteChart = (...args: Parameters<typeof promTimeseries>) => promTimeseries(...args).maxDataPoints(200);

/** A fiveMinuteChart of shares of a whole, in percent on a 0 to 1 axis. */
export const shareChart = (title: string, description: string, pairs: readonly (readonly [string, string])[]) =>
    fiveMinuteChart(title, "percentunit", description, pairs).min(0).max(1);

/** Exemplars, then p50, p95, p99 per job (and the mean if `withMean`) of recorded rates. Exemplars come first: Grafana queries them only for the first
 * target naming a histogram; Prometheus returns those of the series matched over the range, while the query (end buckets below zero) draws nothing. */
export function latencyTargets(histogram: string, withMean = false): [string, string][] {
    const rate = (part: string) => `${dashboardRecordingRule(`instance${part}:rate${rateWindow}`).record}{${targetFilter}}`;
    const quantile = (q: number): [string, string] => [`histogram_quantile(${q}, sum by (job, le) (${rate(`_le:${histogram}`)}))`, `p${q * 100} {{job}}`];
    return [
        [`${histogram}_bucket{${targetFilter}} @ end() < 0`, "exemplars"],
        ...[0.5, 0.95, 0.99].map(quantile),
        ...(withMean
            ? [[`sum by (job) (${rate(`:${histogram}_sum`)}) / sum by (job) (${rate(`:${histogram}_count`)})`, "mean {{job}}"] as [string, string]]
            : []),
    ];
}

/** Each alert once across replicas (each Alertmanager holds all: max, not sum), less the Watchdog (severity none) and info alerts; Prometheus'
 * ALERTS subtracts them as Alertmanager's gauge has no alert labels (Grafana evaluates neither; tests hold it), but alone would miss Grafana's alerts. */
export const activeAlertsQuery =
    'clamp_min(max(alertmanager_alerts{job="alertmanager", state="active"}) - (count(ALERTS{alertstate="firing", severity=~"none|info"}) or vector(0)), 0)';
export const activeAlerts = () =>
    stat(
        "Active alerts",
        "short",
        "Alerts Alertmanager is notifying about (not silenced or inhibited), each once across replicas, without the Watchdog and info alerts.",
        activeAlertsQuery,
    );

/** The recorded failure ratio HighAuthFailureRatio fires on, with its threshold (Control Center API and Security Events). */
export const authFailureRatioStat = () =>
    stat(
        "Auth failure ratio",
        "percentunit",
        "Failed over attempted authentications, last 5 minutes (HighAuthFailureRatio fires above 20%).",
        `max(job:provisioning_auth_failures:ratio_rate5m{job=~"$job"})`,
    )
        .thresholds(thresholds(0.2))
        .links(runbooks("HighAuthFailureRatio"));

/** Authentication attempts and failures per second (Control Center API and Security Events). */
export const authenticationTimeseries = () =>
    promTimeseries("Authentication", "ops", "Authentication attempts and failures per second.", [
        [sumRate("provisioning_auth_attempts_total"), "attempts {{job}}"],
        [sumRate("provisioning_auth_failures_total"), "failures {{job}}"],
    ]).links(runbooks("HighAuthFailureRatio"));
