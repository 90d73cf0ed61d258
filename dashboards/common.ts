// Panel and query defaults shared by every built-in dashboard, in the style of the foundation SDK's examples.
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as loki from "@grafana/grafana-foundation-sdk/loki";
import { PanelBuilder as LogsBuilder } from "@grafana/grafana-foundation-sdk/logs";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder as StatBuilder } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as TableBuilder } from "@grafana/grafana-foundation-sdk/table";
import * as tempo from "@grafana/grafana-foundation-sdk/tempo";
import { PanelBuilder as TextBuilder, TextMode } from "@grafana/grafana-foundation-sdk/text";
import { PanelBuilder as TimeseriesBuilder } from "@grafana/grafana-foundation-sdk/timeseries";

/** Names of the data source variables; every target points at one of them, never at a fixed data source uid. */
export const datasourceVariables = { metrics: "datasource", logs: "logs_datasource", traces: "traces_datasource" } as const;

export const metricsDatasource: common.DataSourceRef = { type: "prometheus", uid: `\${${datasourceVariables.metrics}}` };
export const logsDatasource: common.DataSourceRef = { type: "loki", uid: `\${${datasourceVariables.logs}}` };
const tracesDatasource: common.DataSourceRef = { type: "tempo", uid: `\${${datasourceVariables.traces}}` };

/** The target labels every Prometheus panel filters on, from the `job` and `instance` variables. */
export const targetFilter = `job=~"$job", instance=~"$instance"`;

/** `metric{job=~"$job", instance=~"$instance", <extra>}`. */
export function sel(metric: string, extra?: string): string {
    return `${metric}{${targetFilter}${extra ? `, ${extra}` : ""}}`;
}

/** `sum by (<by>) (rate(<counter selector>[$__rate_interval]))`: the rate window follows Grafana's resolution. */
export function sumRate(counter: string, by: readonly string[] = ["job"], extra?: string): string {
    const grouping = by.length > 0 ? ` by (${by.join(", ")})` : "";
    return `sum${grouping} (rate(${sel(counter, extra)}[$__rate_interval]))`;
}

/** Queries over the platform's latency histograms: their exemplars carry the trace ID, so a spike links to its trace. */
const exemplarSeriesPattern = /\bprovisioning_\w+_bucket\{/;

export function promQuery(expr: string, legend: string, refId = "A"): prometheus.DataqueryBuilder {
    const query = new prometheus.DataqueryBuilder().datasource(metricsDatasource).expr(expr).legendFormat(legend).refId(refId);
    return exemplarSeriesPattern.test(expr) ? query.exemplar(true) : query;
}

/** An instant query in table format, for tables and info metrics. */
export function promTableQuery(expr: string, refId = "A"): prometheus.DataqueryBuilder {
    return new prometheus.DataqueryBuilder().datasource(metricsDatasource).expr(expr).format(prometheus.PromQueryFormat.Table).instant().refId(refId);
}

export function lokiQuery(expr: string, legend = "", refId = "A"): loki.DataqueryBuilder {
    const query = new loki.DataqueryBuilder().datasource(logsDatasource).expr(expr).refId(refId);
    return legend ? query.legendFormat(legend) : query;
}

/** Targets with refIds A, B, C... in order, from [expr, legend] pairs. */
function promQueries(pairs: readonly (readonly [string, string])[]): prometheus.DataqueryBuilder[] {
    return pairs.map(([expr, legend], i) => promQuery(expr, legend, String.fromCharCode(65 + i)));
}

/** A time series panel with the examples' defaults; `unit` is mandatory because every panel states one. */
export function timeseries(title: string, unit: string, description: string): TimeseriesBuilder {
    return new TimeseriesBuilder()
        .title(title)
        .description(description)
        .datasource(metricsDatasource)
        .unit(unit)
        .height(8)
        .span(12)
        .lineWidth(1)
        .fillOpacity(10)
        .showPoints(common.VisibilityMode.Never)
        .drawStyle(common.GraphDrawStyle.Line)
        .spanNulls(false)
        .legend(new common.VizLegendOptionsBuilder().showLegend(true).placement(common.LegendPlacement.Bottom).displayMode(common.LegendDisplayMode.List))
        .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
}

/** A time series panel of one or more PromQL queries. */
export function promTimeseries(title: string, unit: string, description: string, pairs: readonly (readonly [string, string])[]): TimeseriesBuilder {
    const panel = timeseries(title, unit, description);
    for (const target of promQueries(pairs)) panel.withTarget(target);
    return panel;
}

/** Green below `warnAt`, red from it (or the reverse with `higherIsBetter`). */
export function thresholds(warnAt: number, higherIsBetter = false): dashboard.ThresholdsConfigBuilder {
    const [low, high] = higherIsBetter ? ["red", "green"] : ["green", "red"];
    return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
        { value: null, color: low },
        { value: warnAt, color: high },
    ]);
}

/** A single-value panel of the last value. */
export function stat(title: string, unit: string, description: string, expr: string, legend = ""): StatBuilder {
    return new StatBuilder()
        .title(title)
        .description(description)
        .datasource(metricsDatasource)
        .unit(unit)
        .height(4)
        .span(6)
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]))
        .colorMode(common.BigValueColorMode.Value)
        .graphMode(common.BigValueGraphMode.Area)
        .withTarget(promQuery(expr, legend));
}

/** Maps 1/0 of a boolean gauge (up, database_connected) to words and colours. */
export function booleanMappings(whenOne: string, whenZero: string): dashboard.ValueMapping[] {
    return [
        {
            type: dashboard.MappingType.ValueToText,
            options: { "0": { text: whenZero, color: "red", index: 1 }, "1": { text: whenOne, color: "green", index: 0 } },
        },
    ];
}

/** A stat of a 0/1 gauge per series, UP/DOWN-like. */
export function stateStat(title: string, description: string, expr: string, legend: string, words: [string, string]): StatBuilder {
    return stat(title, "none", description, expr, legend)
        .mappings(booleanMappings(words[0], words[1]))
        .thresholds(thresholds(1, true))
        .colorMode(common.BigValueColorMode.Background)
        .graphMode(common.BigValueGraphMode.None);
}

export function table(title: string, unit: string, description: string, expr: string): TableBuilder {
    return new TableBuilder()
        .title(title)
        .description(description)
        .datasource(metricsDatasource)
        .unit(unit)
        .height(8)
        .span(12)
        .withTarget(promTableQuery(expr));
}

/** A log panel of one LogQL query, newest first. */
export function logs(title: string, description: string, expr: string): LogsBuilder {
    return new LogsBuilder()
        .title(title)
        .description(description)
        .datasource(logsDatasource)
        .height(10)
        .span(24)
        .showTime(true)
        .wrapLogMessage(true)
        .enableLogDetails(true)
        .sortOrder(common.LogsSortOrder.Descending)
        .withTarget(lokiQuery(expr));
}

/** A markdown note, e.g. to say what a dashboard cannot show yet. */
export function note(title: string, markdown: string): TextBuilder {
    return new TextBuilder().title(title).height(4).span(24).mode(TextMode.Markdown).content(markdown);
}

/** A TraceQL search for the traces table (newest matching traces, one row each). */
function traceqlQuery(traceql: string, refId = "A"): tempo.DataqueryBuilder {
    return new tempo.DataqueryBuilder()
        .datasource(tracesDatasource)
        .queryType("traceql")
        .query(traceql)
        .limit(20)
        .tableType(tempo.SearchTableType.Traces)
        .refId(refId);
}

/** A table of the traces a TraceQL query finds; a row opens the trace in Explore. Tempo reports durations in ms. */
export function traces(title: string, description: string, traceql: string): TableBuilder {
    return new TableBuilder()
        .title(title)
        .description(description)
        .datasource(tracesDatasource)
        .unit("ms")
        .height(8)
        .span(24)
        .withTarget(traceqlQuery(traceql));
}

/** TraceQL: spans of one platform service (its OpenTelemetry `service.name`, the guide's `service_name`), plus `condition`. */
export function serviceSpans(service: string, condition: string): string {
    return `{ resource.service.name = "${service}" && ${condition} }`;
}
