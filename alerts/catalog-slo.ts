// The SLOs' burn-rate alerts: one page (fast burn, critical) and one ticket (slow burn, info) per SLO of alerts/slo.ts.
import { sloGroupName } from "./groups";
import { AlertText, burnExpr, pageWindows, SloSpec, slos, ticketWindows } from "./slo";
import { AlertRule, Severity } from "./types";

function burnAlert(slo: SloSpec, text: AlertText, severity: Severity, windows: typeof pageWindows, holdFor: string): AlertRule {
    return {
        alert: text.alert,
        group: sloGroupName,
        owner: "platform",
        expr: burnExpr(slo, windows),
        for: holdFor,
        severity,
        summary: text.summary,
        description: text.description,
        requires: { jobs: [slo.job] },
    };
}

/** Pages wait a minute (the short window already filters blips); tickets wait 15 minutes. */
export const sloAlerts: readonly AlertRule[] = slos.flatMap((slo) => [
    burnAlert(slo, slo.page, "critical", pageWindows, "1m"),
    burnAlert(slo, slo.ticket, "info", ticketWindows, "15m"),
]);
