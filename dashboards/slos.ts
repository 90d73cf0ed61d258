// Service Level Objectives: a row per SLO of alerts/slo.ts (budget left, the page's and ticket's burn rates, the traffic floor), from its recording rules.
import { burnThreshold, errorBudget, eventsRecord, pageWindows, ratioRecord, SloSpec, slos, sloWindow, ticketWindows } from "../alerts/slo";
import { DashboardDefinition, newDashboard } from "./skeleton";
import { promTimeseries, runbooks, stat, thresholds } from "./common";

const job = `job=~"$job"`;
const percent = (x: number) => `${Number((x * 100).toFixed(3))}%`;

function sloRow(slo: SloSpec) {
    const budget = errorBudget(slo);
    const links = runbooks(slo.page.alert, slo.ticket.alert);
    return [
        `${slo.title}: ${percent(slo.objective)} over ${sloWindow}`,
        stat(
            "Error budget left",
            "percentunit",
            `Share of the ${sloWindow} error budget (${percent(budget)} of ${slo.sli.replace(/^\w+ /, "")}) not yet spent; below 0 the SLO is missed.`,
            `1 - max(${ratioRecord(slo, sloWindow)}{${job}}) / ${budget}`,
        )
            .thresholds(thresholds(0.25, true))
            .links(links),
        stat(
            `Error ratio (${sloWindow})`,
            "percentunit",
            `Bad events over all events of ${slo.job} over the SLO window (objective: at most ${percent(budget)}).`,
            `max(${ratioRecord(slo, sloWindow)}{${job}})`,
        ).thresholds(thresholds(budget)),
        stat(
            "Burn rate (1h)",
            "none",
            `How many times faster than sustainable the budget burns over the last hour (${slo.page.alert} pages at ${pageWindows[0].factor}).`,
            `max(${ratioRecord(slo, "1h")}{${job}}) / ${budget}`,
        )
            .thresholds(thresholds(pageWindows[0].factor))
            .links(runbooks(slo.page.alert)),
        stat(
            "Events per hour",
            "short",
            `Events over the last hour; below ${slo.minEventsPerHour} per hour (the traffic floor) no burn alert fires.`,
            `sum(${eventsRecord(slo, "1h")}{${job}}) * 3600`,
        ).thresholds(thresholds(slo.minEventsPerHour, true)),
        promTimeseries(
            "Error ratio per window",
            "percentunit",
            `Error ratio over the burn-rate windows, against the page's thresholds (${pageWindows.map((w) => percent(burnThreshold(slo, w))).join(", ")}) and the ticket's (${ticketWindows.map((w) => percent(burnThreshold(slo, w))).join(", ")}).`,
            ["5m", "1h", "6h", "1d", "3d"].map((w) => [`max(${ratioRecord(slo, w)}{${job}})`, w] as const),
        )
            .span(24)
            .links(links),
    ];
}

export function slosDashboard(): DashboardDefinition {
    return newDashboard({
        uid: "prov-slos",
        title: "Service Level Objectives",
        description: `The platform's SLOs over ${sloWindow}: error budget left, burn rates and traffic, one row per SLO (alerts/slo.ts).`,
        tags: ["slo"],
        variableMetric: "up",
        jobRegex: `^(${[...new Set(slos.map((s) => s.job))].join("|")})$`,
        alerts: slos.flatMap((s) => [s.page.alert, s.ticket.alert]),
        panels: slos.flatMap(sloRow),
    });
}
