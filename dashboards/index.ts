// The dashboards to provision: the built-in ones (foundation SDK builders) and the user's JSON files, as plain data.
import { defaultRunbookBaseUrl } from "../model/config/catalog";
import type { PlatformName } from "../model/config/types";
import { controlCenterApiDashboard } from "./control-center-api";
import { databasePerformanceDashboard } from "./database-performance";
import { kubernetesDashboard } from "./kubernetes";
import { orchestratorPerformanceDashboard } from "./orchestrator-performance";
import { platformOverviewDashboard } from "./platform-overview";
import { remoteWriteDashboard } from "./remote-write";
import { thanosDashboard } from "./thanos";
import { securityEventsDashboard } from "./security-events";
import { DashboardDefinition, mapStrings } from "./skeleton";
import { slosDashboard } from "./slos";
import { stackHealthDashboard } from "./stack-health";
import { systemResourcesDashboard } from "./system-resources";
import { vaultServiceKmsDashboard } from "./vault-service-kms";

export { normalizeDashboardJson } from "./normalize";
export type { DashboardDefinition } from "./skeleton";
export { parseUserDashboard, userDashboardFolder, userDashboards } from "./user";

const builders: readonly (() => DashboardDefinition)[] = [
    platformOverviewDashboard,
    orchestratorPerformanceDashboard,
    controlCenterApiDashboard,
    vaultServiceKmsDashboard,
    systemResourcesDashboard,
    securityEventsDashboard,
    databasePerformanceDashboard,
    slosDashboard,
    stackHealthDashboard,
    kubernetesDashboard,
    remoteWriteDashboard,
    thanosDashboard,
];

/** Sorted by uid; throws when two dashboards share one (userDashboards has already refused a uid the built-ins use). */
function sortedByUid(dashboards: readonly DashboardDefinition[]): DashboardDefinition[] {
    const sorted = [...dashboards].sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
    const i = sorted.findIndex((d, j) => j > 0 && sorted[j - 1].uid === d.uid);
    if (i > 0) throw new Error(`dashboard uid ${sorted[i].uid} is used by both "${sorted[i - 1].title}" and "${sorted[i].title}"`);
    return sorted;
}

/** Every link URL under the default runbook base moved under `to`, so the dashboard builders need no config. */
function rebase(value: unknown, to: string): unknown {
    const from = `${defaultRunbookBaseUrl}/`;
    return mapStrings(value, "", (text, at) => (/(^|\.)url$/.test(at) && text.startsWith(from) ? to + text.slice(from.length) : text));
}

/** The built-in dashboards sorted by uid, runbook links under `runbookBaseUrl` (monitoring:runbookBaseUrl); built afresh, byte-identical, on every call. */
export function buildDashboards(runbookBaseUrl?: string): DashboardDefinition[] {
    const to = runbookBaseUrl === undefined ? undefined : `${runbookBaseUrl.replace(/\/+$/, "")}/`;
    return sortedByUid(builders.map((build) => build()).map((d) => (to === undefined ? d : { ...d, json: rebase(d.json, to) as DashboardDefinition["json"] })));
}

/** The `dashboards` a stack on `platform` deploys: not those reserved to other platforms, nor, without `remoteWrite` or `thanos`, those needing it. */
export function dashboardsFor(platform: PlatformName, dashboards: readonly DashboardDefinition[], remoteWrite = false, thanos = false): DashboardDefinition[] {
    return dashboards.filter((d) => (d.platforms === undefined || d.platforms.includes(platform)) && (!d.remoteWrite || remoteWrite) && (!d.thanos || thanos));
}

export function withUserDashboards(builtIn: readonly DashboardDefinition[], user: readonly DashboardDefinition[]): DashboardDefinition[] {
    return sortedByUid([...builtIn, ...user]);
}
