// Dashboards as the provider receives them: canonical JSON text, a fixed uid and the folder they belong in.
import { DashboardDefinition, normalizeDashboardJson } from "../../dashboards";
import { FolderSpec } from "../../model/folders";

export interface DashboardResourceSpec {
    readonly uid: string;
    readonly title: string;
    readonly folder: FolderSpec;
    /** Canonical dashboard JSON (sorted keys, no id or version), as Grafana gives it back. */
    readonly configJson: string;
}

/** The provider's view of each dashboard. */
export function dashboardResourceSpecs(dashboards: readonly DashboardDefinition[]): DashboardResourceSpec[] {
    return dashboards.map((d) => ({ uid: d.uid, title: d.title, folder: d.folder, configJson: normalizeDashboardJson(d.json) }));
}
