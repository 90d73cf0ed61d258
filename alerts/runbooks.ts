// Where each alert's runbook lives: runbooks/<AlertName>.md in this repository, published under monitoring:runbookBaseUrl.
import { defaultRunbookBaseUrl } from "../model/config/catalog";

/** The file of an alert's runbook, inside runbooks/. */
export function runbookFileName(alert: string): string {
    return `${alert}.md`;
}

/** The runbook page of an alert: the base URL plus its file name, so the URL works on any host that serves runbooks/. */
export function runbookUrl(alert: string, baseUrl: string = defaultRunbookBaseUrl): string {
    return `${baseUrl.replace(/\/+$/, "")}/${runbookFileName(alert)}`;
}
