// Where each alert's runbook lives: runbooks/<AlertName>.md in this repository, published under monitoring:runbookBaseUrl.

/**
 * Default of monitoring:runbookBaseUrl: the guide's runbook site. Point the key at wherever runbooks/ is browsed, e.g.
 * https://github.com/<org>/<repo>/blob/main/runbooks (see docs/configuration.md).
 */
export const defaultRunbookBaseUrl = "https://runbooks.provisioning.example.com";

/** The file of an alert's runbook, inside runbooks/. */
export function runbookFileName(alert: string): string {
    return `${alert}.md`;
}

/** The runbook page of an alert: the base URL plus its file name, so the URL works on any host that serves runbooks/. */
export function runbookUrl(alert: string, baseUrl: string = defaultRunbookBaseUrl): string {
    return `${baseUrl.replace(/\/+$/, "")}/${runbookFileName(alert)}`;
}
