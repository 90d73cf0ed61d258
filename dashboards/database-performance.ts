// Database Performance: the orchestrator's SurrealDB connection (the guide's dashboard 7), as far as the catalogue goes.
import { PanelBuilder as StateTimelineBuilder } from "@grafana/grafana-foundation-sdk/statetimeline";
import { PanelBuilder as TextBuilder, TextMode } from "@grafana/grafana-foundation-sdk/text";
import { DashboardDefinition, newDashboard } from "./skeleton";
import { booleanMappings, logLinesTimeseries, logs, metricsDatasource, promQuery, runbooks, sel, stat, stateStat, thresholds } from "./common";
import { databaseWords, errorWords, mentioning, platformLogs } from "./logql";

const connected = "provisioning_database_connected";
const connectedTime = `avg(avg_over_time(${sel(connected)}[$__range]))`;
const connectionChanges = `sum(changes(${sel(connected)}[$__range]))`;
const databaseLogs = `${platformLogs} ${mentioning(databaseWords)}`;

// Why a note: the guide promises "SurrealDB metrics", but the platform exports one gauge and SurrealDB is not scraped.
const gapNote = [
    "The platform exports one database metric, `provisioning_database_connected` (1 = the orchestrator is connected to SurrealDB).",
    "Query latency, connection pool and storage panels need SurrealDB's own metrics: catalogue them in `alerts/metrics-platform.ts`",
    "and scrape them, then add their panels here. Until then the log panels below are the closest view of the database's health.",
].join(" ");

export function databasePerformanceDashboard(): DashboardDefinition {
    return newDashboard({
        uid: "prov-database",
        title: "Database Performance",
        description: "The orchestrator's connection to SurrealDB: state, history and database-related logs.",
        tags: ["database", "surrealdb"],
        variableMetric: connected,
        logs: true,
        alerts: ["DatabaseConnectionLoss", "OrchestratorDown"],
        panels: [
            "Connection",
            stateStat("SurrealDB connection", "Connection state of each orchestrator instance.", sel(connected), "{{instance}}", ["Connected", "Lost"])
                .span(12)
                .links(runbooks("DatabaseConnectionLoss")),
            stat("Connected time", "percentunit", "Share of the selected time range the connection was up.", connectedTime)
                // Instant: the stat shows one value over the whole range; a range query would re-read the range at every step.
                .targets([promQuery(connectedTime, "").instant()])
                .decimals(3)
                .thresholds(thresholds(0.999, true)),
            stat(
                "Connection changes",
                "short",
                "Times the connection state changed in the selected range (a loss and its recovery are two).",
                connectionChanges,
            )
                .targets([promQuery(connectionChanges, "").instant()])
                .thresholds(thresholds(1)),
            new StateTimelineBuilder()
                .title("Connection history")
                .description("Connected (1) or lost (0), per orchestrator instance (DatabaseConnectionLoss fires after 30s lost).")
                .datasource(metricsDatasource)
                .unit("none")
                .mappings(booleanMappings("Connected", "Lost"))
                .thresholds(thresholds(1, true))
                .height(6)
                .span(24)
                .withTarget(promQuery(sel(connected), "{{instance}}"))
                .links(runbooks("DatabaseConnectionLoss")),
            new TextBuilder().title("What is missing").height(4).span(24).mode(TextMode.Markdown).content(gapNote),
            "Logs",
            logLinesTimeseries("Database errors in logs", "Log lines per interval that mention the database together with an error, per source.", [
                [`${databaseLogs} ${mentioning(errorWords)}`, "{{job}}"],
            ]),
            logs("Database logs", "Platform and journal lines that mention SurrealDB or the database.", databaseLogs),
        ],
    });
}
