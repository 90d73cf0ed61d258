// The dashboards to provision: the built-in ones (foundation SDK builders) and the user's JSON files, as plain data.
import { controlCenterApiDashboard } from "./control-center-api";
import { databasePerformanceDashboard } from "./database-performance";
import { kubernetesDashboard } from "./kubernetes";
import { orchestratorPerformanceDashboard } from "./orchestrator-performance";
import { platformOverviewDashboard } from "./platform-overview";
import { securityEventsDashboard } from "./security-events";
import { slosDashboard } from "./slos";
import { stackHealthDashboard } from "./stack-health";
import { systemResourcesDashboard } from "./system-resources";
import { vaultServiceKmsDashboard } from "./vault-service-kms";
import { withRunbookBase } from "./runbook-links";
import type { PlatformName } from "../model/config/types";
import { DashboardDefinition } from "./types";

export { parseUserDashboard, userDashboardFolder, userDashboards } from "./user";
export { normalizeDashboardJson } from "./normalize";
export { dashboardFolders } from "./types";
export type { DashboardDefinition, DashboardJson } from "./types";

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
];

const byUid = (a: DashboardDefinition, b: DashboardDefinition) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);

function assertUniqueUids(dashboards: readonly DashboardDefinition[]): void {
    const titles = new Map<string, string>();
    for (const d of dashboards) {
        const other = titles.get(d.uid);
        if (other !== undefined) throw new Error(`dashboard uid ${d.uid} is used by both "${other}" and "${d.title}"`);
        titles.set(d.uid, d.title);
    }
}

/**
 * The built-in dashboards, sorted by uid, their runbook links under `runbookBaseUrl` (monitoring:runbookBaseUrl);
 * built afresh on every call, byte-identical each time.
 */
export function buildDashboards(runbookBaseUrl?: string): DashboardDefinition[] {
    const built = builders.map((build) => withRunbookBase(build(), runbookBaseUrl)).sort(byUid);
    assertUniqueUids(built);
    return built;
}

/** The dashboards a stack on `platform` deploys: those of `dashboards` (default: the built-in ones) not reserved to other platforms. */
export function dashboardsFor(platform: PlatformName, dashboards: readonly DashboardDefinition[] = buildDashboards()): DashboardDefinition[] {
    return dashboards.filter((d) => d.platforms === undefined || d.platforms.includes(platform));
}

/** Built-in and user dashboards together, sorted by uid (userDashboards has already refused a uid the built-ins use). */
export function withUserDashboards(builtIn: readonly DashboardDefinition[], user: readonly DashboardDefinition[]): DashboardDefinition[] {
    const all = [...builtIn, ...user].sort(byUid);
    assertUniqueUids(all);
    return all;
}
