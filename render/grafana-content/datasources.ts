// Grafana's data sources for the stack, with fixed UIDs and the links between signals (metrics <-> traces <-> logs).
import { platformLogs } from "../../dashboards/logql";
import { ConfigSlice } from "../../model/config/types";
import { deploys, internalUrl } from "../../model/endpoints";
import { stableJson } from "../format/stable-json";

/** Fixed data source UIDs: dashboards, rules and links refer to these. */
export const dataSourceUids = {
    prometheus: "prometheus",
    loki: "loki",
    tempo: "tempo",
    alertmanager: "alertmanager",
} as const;

/** The exemplar label holding the trace ID: what Tempo's metrics generator writes by default. */
const exemplarTraceIdLabel = "traceID";

export type DataSourceConfig = ConfigSlice<"components" | "ports" | "scrapeInterval">;

export interface DataSourceSpec {
    readonly uid: string;
    readonly name: string;
    readonly type: string;
    readonly url: string;
    readonly isDefault: boolean;
    /** jsonData as canonical JSON text, the form the provider stores and compares. */
    readonly jsonDataEncoded: string;
}

function prometheus(config: DataSourceConfig): DataSourceSpec {
    const jsonData = {
        httpMethod: "POST",
        prometheusType: "Prometheus",
        timeInterval: config.scrapeInterval,
        // Exemplars carry the trace ID under the label Tempo's metrics generator writes (`traceID`): link them to the trace.
        exemplarTraceIdDestinations: deploys(config, "tempo") ? [{ datasourceUid: dataSourceUids.tempo, name: exemplarTraceIdLabel }] : undefined,
    };
    return {
        uid: dataSourceUids.prometheus,
        name: "Prometheus",
        type: "prometheus",
        url: internalUrl("prometheus", config.ports.prometheus),
        isDefault: true,
        jsonDataEncoded: stableJson(jsonData),
    };
}

function loki(config: DataSourceConfig): DataSourceSpec {
    const jsonData = {
        maxLines: 1000,
        // A trace ID in a log line becomes a link to that trace in Tempo.
        derivedFields: deploys(config, "tempo")
            ? [
                  {
                      datasourceUid: dataSourceUids.tempo,
                      matcherRegex: '(?:trace_id|traceID|traceId)["=:]+"?(\\w+)',
                      matcherType: "regex",
                      name: "TraceID",
                      url: "${__value.raw}",
                  },
              ]
            : undefined,
    };
    return {
        uid: dataSourceUids.loki,
        name: "Loki",
        type: "loki",
        url: internalUrl("loki", config.ports.loki),
        isDefault: false,
        jsonDataEncoded: stableJson(jsonData),
    };
}

function tempo(config: DataSourceConfig): DataSourceSpec {
    const hasLoki = deploys(config, "loki");
    const hasPrometheus = deploys(config, "prometheus");
    const jsonData = {
        nodeGraph: { enabled: true },
        search: { hide: false },
        // Traces to the platform's log lines that carry the trace's ID (Promtail's streams have no service label to match on).
        tracesToLogsV2: hasLoki
            ? {
                  customQuery: true,
                  datasourceUid: dataSourceUids.loki,
                  query: `${platformLogs} |= "\${__trace.traceId}"`,
                  spanEndTimeShift: "5m",
                  spanStartTimeShift: "-5m",
              }
            : undefined,
        // Traces to the span metrics Tempo writes to Prometheus, and the service graph built from them.
        tracesToMetrics: hasPrometheus
            ? {
                  datasourceUid: dataSourceUids.prometheus,
                  queries: [{ name: "Request rate", query: "sum(rate(traces_spanmetrics_calls_total{$__tags}[5m]))" }],
                  spanEndTimeShift: "5m",
                  spanStartTimeShift: "-5m",
                  tags: [{ key: "service.name", value: "service" }],
              }
            : undefined,
        serviceMap: hasPrometheus ? { datasourceUid: dataSourceUids.prometheus } : undefined,
        lokiSearch: hasLoki ? { datasourceUid: dataSourceUids.loki } : undefined,
    };
    return {
        uid: dataSourceUids.tempo,
        name: "Tempo",
        type: "tempo",
        url: internalUrl("tempo", config.ports.tempo),
        isDefault: false,
        jsonDataEncoded: stableJson(jsonData),
    };
}

function alertmanager(config: DataSourceConfig): DataSourceSpec {
    // Grafana shows the stack's Alertmanager (silences, alerts); its own alerts reach it through the stack-alertmanager
    // contact point (notifications.ts), so this data source does not take them a second time.
    const jsonData = { handleGrafanaManagedAlerts: false, implementation: "prometheus" };
    return {
        uid: dataSourceUids.alertmanager,
        name: "Alertmanager",
        type: "alertmanager",
        url: internalUrl("alertmanager", config.ports.alertmanager),
        isDefault: false,
        jsonDataEncoded: stableJson(jsonData),
    };
}

/** The data sources of the deployed components, in a fixed order. */
export function dataSourceSpecs(config: DataSourceConfig): DataSourceSpec[] {
    return [
        ...(deploys(config, "prometheus") ? [prometheus(config)] : []),
        ...(deploys(config, "loki") ? [loki(config)] : []),
        ...(deploys(config, "tempo") ? [tempo(config)] : []),
        ...(deploys(config, "alertmanager") ? [alertmanager(config)] : []),
    ];
}
