// The SLOs' alerts: one page (fast burn, critical) and one ticket (slow burn, info) per SLO of alerts/slo.ts, and for the
// workflows and the API a symptom page next to the burn-rate page: a large share failing now pages before the budget burns.
import { sloGroupName } from "./groups";
import {
    AlertText,
    burnExpr,
    pageKeepFiringFor,
    pageWindows,
    ratioRecord,
    SloSpec,
    slos,
    SymptomPage,
    symptomEvents,
    symptomFor,
    symptomWindow,
    ticketWindows,
} from "./slo";
import { AlertRule, Severity } from "./types";

/** After a symptom page, the burn-rate page of the same SLO stays quiet for this long: one page per outage. */
const afterSymptomPage = "1h";

/**
 * The burn-rate expression; a page with a symptom page next to it leaves out the jobs whose symptom page fired within the
 * last hour: the outage was paged already, and its windows (30m, 6h) keep burning well after it ended.
 */
function burnAlertExpr(slo: SloSpec, windows: typeof pageWindows, page: boolean): string {
    const burning = burnExpr(slo, windows);
    if (!page || !slo.symptom) return burning;
    return `(${burning}) unless on (job) max_over_time(ALERTS{alertname="${slo.symptom.alert}", alertstate="firing"}[${afterSymptomPage}])`;
}

function burnAlert(slo: SloSpec, text: AlertText, severity: Severity, windows: typeof pageWindows, holdFor: string): AlertRule {
    return {
        alert: text.alert,
        group: sloGroupName,
        owner: "platform",
        expr: burnAlertExpr(slo, windows, severity === "critical"),
        for: holdFor,
        ...(severity === "critical" ? { keepFiringFor: pageKeepFiringFor } : {}),
        severity,
        summary: text.summary,
        description: text.description,
        requires: { jobs: [slo.job] },
    };
}

function symptomAlert(slo: SloSpec, symptom: SymptomPage): AlertRule {
    const floor = { events: symptomEvents(slo), minEvents: symptom.minEvents, window: symptomWindow };
    return {
        alert: symptom.alert,
        group: sloGroupName,
        owner: "platform",
        expr: `${ratioRecord(slo, symptomWindow)} > ${symptom.threshold} and on (job) ${floor.events} >= ${floor.minEvents}`,
        trafficFloor: floor,
        for: symptomFor,
        keepFiringFor: pageKeepFiringFor,
        severity: "critical",
        summary: symptom.summary,
        description: symptom.description,
        requires: { jobs: [slo.job] },
    };
}

/** Pages wait a minute (the short window already filters blips) and keep firing through dips; tickets wait 15 minutes. */
export const sloAlerts: readonly AlertRule[] = slos.flatMap((slo) => [
    burnAlert(slo, slo.page, "critical", pageWindows, "1m"),
    ...(slo.symptom ? [symptomAlert(slo, slo.symptom)] : []),
    burnAlert(slo, slo.ticket, "info", ticketWindows, "15m"),
]);
