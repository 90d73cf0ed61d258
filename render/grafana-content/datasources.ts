// Grafana's data sources for the stack, with fixed UIDs and the links between signals (metrics <-> traces <-> logs).
import { platformLogs } from "../../dashboards/logql";
import { sortKeysDeep } from "../../model/common/sorted-keys";
import { thanosPorts } from "../../model/config/catalog";
import { ConfigSlice } from "../../model/config/types";
import { deploys, internalUrl } from "../../model/endpoints";

/** Fixed data source UIDs: dashboards, rules and links refer to these. */
export const dataSourceUids = { prometheus: "prometheus", loki: "loki", tempo: "tempo", alertmanager: "alertmanager" } as const;

export type DataSourceConfig = ConfigSlice<"components" | "ports" | "scrapeInterval" | "thanos">;

/** The deployed components' data sources in a fixed order, linked to each other: the provider's arguments, jsonData as the canonical JSON it compares. */
export function dataSourceSpecs(config: DataSourceConfig) {
    const has = (c: keyof typeof dataSourceUids) => deploys(config, c);
    const shift = { spanEndTimeShift: "5m", spanStartTimeShift: "-5m" };
    const jsonData = {
        prometheus: {
            httpMethod: "POST",
            prometheusType: "Prometheus",
            timeInterval: config.scrapeInterval,
            // Exemplars carry the trace ID under the label Tempo's metrics generator writes (`traceID`): link them to the trace.
            exemplarTraceIdDestinations: has("tempo") ? [{ datasourceUid: dataSourceUids.tempo, name: "traceID" }] : undefined,
        },
        loki: {
            maxLines: 1000,
            // A trace ID in a log line becomes a link to that trace in Tempo.
            derivedFields: has("tempo")
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
        },
        tempo: {
            nodeGraph: { enabled: true },
            search: { hide: false },
            // Traces to the platform's log lines that carry the trace's ID (Promtail's streams have no service label to match on).
            tracesToLogsV2: has("loki")
                ? { customQuery: true, datasourceUid: dataSourceUids.loki, query: `${platformLogs} |= "\${__trace.traceId}"`, ...shift }
                : undefined,
            // Traces to the span metrics Tempo writes to Prometheus, and the service graph built from them.
            tracesToMetrics: has("prometheus")
                ? {
                      datasourceUid: dataSourceUids.prometheus,
                      queries: [{ name: "Request rate", query: "sum(rate(traces_spanmetrics_calls_total{$__tags}[5m]))" }],
                      ...shift,
                      tags: [{ key: "service.name", value: "service" }],
                  }
                : undefined,
            serviceMap: has("prometheus") ? { datasourceUid: dataSourceUids.prometheus } : undefined,
            lokiSearch: has("loki") ? { datasourceUid: dataSourceUids.loki } : undefined,
        },
        // Silences and alerts; Grafana's own alerts reach Alertmanager through the stack-alertmanager contact point (notifications.ts), not here too.
        alertmanager: { handleGrafanaManagedAlerts: false, implementation: "prometheus" },
    };
    return (Object.keys(dataSourceUids) as (keyof typeof dataSourceUids)[]).filter(has).map((type) => ({
        uid: dataSourceUids[type],
        name: type.charAt(0).toUpperCase() + type.slice(1),
        type,
        // With Thanos, Grafana reads the replicas and the bucket as one, deduplicated, through Query (its API is Prometheus').
        url: type === "prometheus" && config.thanos.enabled ? internalUrl("thanos-query", thanosPorts.thanosHttp) : internalUrl(type, config.ports[type]),
        isDefault: type === "prometheus",
        accessMode: "proxy",
        jsonDataEncoded: JSON.stringify(sortKeysDeep(jsonData[type])),
    }));
}
