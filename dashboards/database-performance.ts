// Database Performance: the orchestrator's SurrealDB connection (the guide's dashboard 7), as far as the catalogue goes.
import { RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { PanelBuilder as StateTimelineBuilder } from "@grafana/grafana-foundation-sdk/statetimeline";
import { booleanMappings, logs, logsDatasource, lokiQuery, metricsDatasource, note, promQuery, sel, stat, stateStat, thresholds, timeseries } from "./common";
import { databaseWords, errorWords, linesPerInterval, mentioning, platformLogs } from "./logql";
import { finish, newDashboard, runbookLink } from "./skeleton";
import { DashboardDefinition, dashboardFolders } from "./types";

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
    const builder = newDashboard({
        uid: "prov-database",
        title: "Database Performance",
        description: "The orchestrator's connection to SurrealDB: state, history and database-related logs.",
        tags: ["database", "surrealdb"],
        variableMetric: connected,
        logs: true,
        alerts: ["DatabaseConnectionLoss", "OrchestratorDown"],
    })
        .withRow(new RowBuilder("Connection"))
        .withPanel(
            stateStat("SurrealDB connection", "Connection state of each orchestrator instance.", sel(connected), "{{instance}}", ["Connected", "Lost"])
                .span(12)
                .links([runbookLink("DatabaseConnectionLoss")]),
        )
        .withPanel(
            stat("Connected time", "percentunit", "Share of the selected time range the connection was up.", connectedTime)
                // Instant: the stat shows one value over the whole range; a range query would re-read the range at every step.
                .targets([promQuery(connectedTime, "").instant()])
                .decimals(3)
                .thresholds(thresholds(0.999, true)),
        )
        .withPanel(
            stat(
                "Connection changes",
                "short",
                "Times the connection state changed in the selected range (a loss and its recovery are two).",
                connectionChanges,
            )
                .targets([promQuery(connectionChanges, "").instant()])
                .thresholds(thresholds(1)),
        )
        .withPanel(
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
                .links([runbookLink("DatabaseConnectionLoss")]),
        )
        .withPanel(note("What is missing", gapNote))
        .withRow(new RowBuilder("Logs"))
        .withPanel(
            timeseries("Database errors in logs", "short", "Log lines per interval that mention the database together with an error, per source.")
                .datasource(logsDatasource)
                .withTarget(lokiQuery(linesPerInterval(`${databaseLogs} ${mentioning(errorWords)}`), "{{job}}"))
                .span(24),
        )
        .withPanel(logs("Database logs", "Platform and journal lines that mention SurrealDB or the database.", databaseLogs));
    return finish(builder, dashboardFolders.platform);
}
