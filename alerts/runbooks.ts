// Where each alert's runbook lives: one base URL, one page per alert.

/** Base of every runbook_url; change it here to point all alerts at another runbook site. */
export const runbookBaseUrl = "https://runbooks.provisioning.example.com";

/** The runbook page of an alert: the base URL plus the alert name in lower case. */
export function runbookUrl(alert: string): string {
    return `${runbookBaseUrl}/${alert.toLowerCase()}`;
}
