// Security Events: authentication, authorization (RBAC) and audit, as metrics and as logs (the guide's dashboard 6).
import { DashboardDefinition, newDashboard } from "./skeleton";
import { authenticationTimeseries, authFailureRatioStat, logLinesTimeseries, logs, promTimeseries, runbooks, sel, stat, sumRate } from "./common";
import { auditWords, authenticationWords, authorizationWords, failureWords, mentioning, platformLogs } from "./logql";

const authLogs = `${platformLogs} ${mentioning(authenticationWords)}`;
const authzLogs = `${platformLogs} ${mentioning(authorizationWords)}`;
const auditLogs = `${platformLogs} ${mentioning(auditWords)}`;
const lastHour = (counter: string) => `sum(increase(${sel(counter)}[1h]))`;

export function securityEventsDashboard(): DashboardDefinition {
    return newDashboard({
        uid: "prov-security-events",
        title: "Security Events",
        description: "Authentication failures and RBAC denials of the control center, and the authentication, authorization and audit logs.",
        tags: ["security", "control-center"],
        variableMetric: "provisioning_auth_attempts_total",
        logs: true,
        alerts: ["HighAuthFailureRatio", "RbacDenialSpike", "ControlCenterDown"],
        panels: [
            "Metrics",
            authFailureRatioStat(),
            stat("Auth failures (1h)", "short", "Failed authentication attempts in the last hour.", lastHour("provisioning_auth_failures_total")),
            stat("Auth attempts (1h)", "short", "Authentication attempts in the last hour.", lastHour("provisioning_auth_attempts_total")),
            stat("RBAC denials (1h)", "short", "Requests denied by RBAC in the last hour.", lastHour("provisioning_rbac_denials_total")).links(
                runbooks("RbacDenialSpike"),
            ),
            authenticationTimeseries(),
            promTimeseries("RBAC denials", "ops", "Denied requests per second, and the last hour's rate RbacDenialSpike compares against.", [
                [sumRate("provisioning_rbac_denials_total"), "denials {{job}}"],
                [`sum by (job) (rate(${sel("provisioning_rbac_denials_total")}[1h]))`, "1h average {{job}}"],
            ]).links(runbooks("RbacDenialSpike")),
            "Logs",
            logLinesTimeseries("Security log lines", "Log lines per interval that mention authentication, authorization or audit, per source.", [
                [`${authLogs} ${mentioning(failureWords)}`, "auth failures {{job}}"],
                [authzLogs, "authorization {{job}}"],
                [auditLogs, "audit {{job}}"],
            ]),
            logs("Authentication logs", "Platform and journal lines about logins, tokens and credentials.", authLogs),
            logs("Authorization logs", "Platform and journal lines about RBAC decisions and denied access.", authzLogs),
            logs("Audit logs", "Platform and journal lines of the audit trail.", auditLogs),
            logs("SSH and sudo (journal)", "Remote logins and privilege escalation on the hosts.", `{job="systemd-journal"} ${mentioning(["sshd", "sudo"])}`),
        ],
    });
}
