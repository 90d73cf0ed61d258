// Monitoring Stack: the health of the stack itself, so a silent Prometheus or Alertmanager is noticed.
import { RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { allAlertRules, componentDownAlertName, componentTitles } from "../alerts/catalog";
import { componentNames } from "../model/config/catalog";
import { promTimeseries, sel, stat, stateStat, thresholds } from "./common";
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
            promTimeseries("Scrape duration", "s", "How long the last scrape of each target took.", [[sel("scrape_duration_seconds"), "{{job}} {{instance}}"]]),
        )
        .withPanel(
            promTimeseries("Samples per scrape", "short", "Samples the last scrape of each target returned.", [
                [sel("scrape_samples_scraped"), "{{job}} {{instance}}"],
            ]),
        )
        .withRow(new RowBuilder("Processes"))
        .withPanel(
            promTimeseries("CPU", "percentunit", "CPU used by each component's process (100% = one core).", [
                [`sum by (job, instance) (rate(${sel("process_cpu_seconds_total")}[$__rate_interval]))`, "{{job}} {{instance}}"],
            ]),
        )
        .withPanel(
            promTimeseries("Memory", "bytes", "Resident and virtual memory of each component's process.", [
                [sel("process_resident_memory_bytes"), "resident {{job}} {{instance}}"],
                [sel("process_virtual_memory_bytes"), "virtual {{job}} {{instance}}"],
            ]),
        )
        .withPanel(
            promTimeseries("File descriptors", "percentunit", "Open file descriptors as a share of the process' limit.", [
                [`${sel("process_open_fds")} / ${sel("process_max_fds")}`, "{{job}} {{instance}}"],
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
