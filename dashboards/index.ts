// The dashboards to provision: the built-in ones (foundation SDK builders) and the custom JSON files, as plain data.
import { controlCenterApiDashboard } from "./control-center-api";
import { customDashboards, customDashboardsDir } from "./custom";
import { databasePerformanceDashboard } from "./database-performance";
import { orchestratorPerformanceDashboard } from "./orchestrator-performance";
import { platformOverviewDashboard } from "./platform-overview";
import { securityEventsDashboard } from "./security-events";
import { slosDashboard } from "./slos";
import { stackHealthDashboard } from "./stack-health";
import { systemResourcesDashboard } from "./system-resources";
import { vaultServiceKmsDashboard } from "./vault-service-kms";
import { DashboardDefinition } from "./types";

export { customDashboards, customDashboardsDir, parseCustomDashboard, uidFromFileName } from "./custom";
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

/** The built-in dashboards, sorted by uid; built afresh on every call, byte-identical each time. */
export function buildDashboards(): DashboardDefinition[] {
    const built = builders.map((build) => build()).sort(byUid);
    assertUniqueUids(built);
    return built;
}

/** Built-in and custom dashboards together, sorted by uid; throws when a custom file reuses a built-in uid. */
export function allDashboards(customDir: string = customDashboardsDir): DashboardDefinition[] {
    const all = [...buildDashboards(), ...customDashboards(customDir)].sort(byUid);
    assertUniqueUids(all);
    return all;
}
