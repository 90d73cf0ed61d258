// LogQL over the streams Promtail ships (render/promtail/config.ts): the platform's files, the journal, pod logs.
import { podLogsJob } from "../render/promtail/log-spec";

/** `varlogs` (/var/log/provisioning/*.log) adds `filename`, `systemd-journal` adds `unit`, `level`, `kubernetes-pods` adds `namespace`, `pod`, `container`. */
export const platformLogs = `{job=~"varlogs|systemd-journal|${podLogsJob}"}`;

/** Case-insensitive RE2 line filter: lines mentioning any of `words`. */
export const mentioning = (words: readonly string[]): string => `|~ "(?i)(${words.join("|")})"`;

/** Log lines per job over Grafana's automatic interval: a LogQL metric query for a time series panel. */
export const linesPerInterval = (logQuery: string): string => `sum by (job) (count_over_time(${logQuery} [$__auto]))`;

export const authenticationWords = ["authenticat", "login", "logout", "password", "token", "credential", "mfa"] as const;
export const authorizationWords = ["rbac", "denied", "forbidden", "unauthori[sz]ed", "permission"] as const;
export const auditWords = ["audit"] as const;
export const failureWords = ["fail", "invalid", "denied", "rejected", "expired"] as const;
export const databaseWords = ["surreal", "database", "db connection"] as const;
export const errorWords = ["error", "timeout", "refused", "lost", "disconnect"] as const;
