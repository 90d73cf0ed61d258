// Monitoring Stack: the health of the stack itself, so a silent Prometheus or Alertmanager is noticed.
import { RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { allAlertRules, componentDownAlertName, componentTitles } from "../alerts/catalog";
import { componentNames } from "../model/config/catalog";
import { sel, stat, stateStat, thresholds } from "./common";
import { fiveMinuteChart, recorded } from "./recorded";
import { finish, newDashboard, runbookLink } from "./skeleton";
import { alertmanagerPanels, pipelinePanels, prometheusPanels } from "./stack-health-panels";
import { DashboardDefinition, dashboardFolders } from "./types";

const componentJobRegex = `^(${componentNames.join("|")})$`;

export function stackHealthDashboard(): DashboardDefinition {
    const builder = newDashboard({
        uid: "prov-monitoring-stack",
        title: "Monitoring Stack",
        description: `Health of the monitoring stack itself: ${Object.values(componentTitles).join(", ")}.`,
        tags: ["monitoring-stack"],
        variableMetric: "up",
        jobRegex: componentJobRegex,
        alerts: allAlertRules.filter((a) => a.owner === "stack").map((a) => a.alert),
    })
        .withRow(new RowBuilder("Targets"))
        .withPanel(
            stateStat("Components", "Scrape status of each component of the stack.", sel("up"), "{{job}} {{instance}}", ["UP", "DOWN"])
                .span(24)
                .links(componentNames.map((c) => runbookLink(componentDownAlertName(c)))),
        )
        .withPanel(
            fiveMinuteChart("Scrape duration", "s", "How long the scrapes of each target took (5m means).", [
                [recorded("instance:scrape_duration_seconds:avg5m"), "{{job}} {{instance}}"],
            ]),
        )
        .withPanel(
            fiveMinuteChart("Samples per scrape", "short", "Samples the scrapes of each target returned (5m means).", [
                [recorded("instance:scrape_samples_scraped:avg5m"), "{{job}} {{instance}}"],
            ]),
        )
        .withRow(new RowBuilder("Processes"))
        .withPanel(
            fiveMinuteChart("CPU", "percentunit", "CPU used by each component's process (100% = one core; recorded every 5m over 5m).", [
                [`sum by (job, instance) (${recorded("instance:process_cpu_seconds:rate5m")})`, "{{job}} {{instance}}"],
            ]),
        )
        .withPanel(
            fiveMinuteChart("Memory", "bytes", "Resident and virtual memory of each component's process (5m means).", [
                [recorded("instance:process_resident_memory_bytes:avg5m"), "resident {{job}} {{instance}}"],
                [recorded("instance:process_virtual_memory_bytes:avg5m"), "virtual {{job}} {{instance}}"],
            ]),
        )
        .withPanel(
            fiveMinuteChart("File descriptors", "percentunit", "Open file descriptors as a share of the process' limit, every 5m.", [
                [recorded("instance:process_open_fds:ratio"), "{{job}} {{instance}}"],
            ])
                .min(0)
                .max(1)
                .thresholds(thresholds(0.8)),
        )
        .withPanel(
            stat(
                "Youngest process",
                "s",
                "Time since the most recently (re)started component process started.",
                `min(time() - ${sel("process_start_time_seconds")})`,
            )
                .decimals(0)
                .span(12)
                .height(8),
        )
        .withRow(new RowBuilder("Prometheus"));
    for (const panel of prometheusPanels()) builder.withPanel(panel);
    builder.withRow(new RowBuilder("Alertmanager"));
    for (const panel of alertmanagerPanels()) builder.withPanel(panel);
    builder.withRow(new RowBuilder("Logs and traces"));
    for (const panel of pipelinePanels()) builder.withPanel(panel);
    return finish(builder, dashboardFolders.stack);
}
