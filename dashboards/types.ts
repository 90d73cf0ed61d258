// What every dashboard source (built-in builders, custom JSON files) hands over: plain data, no Pulumi.
import type { PlatformName } from "../model/config/types";
import { FolderKey } from "../model/folders";

/** A dashboard model as Grafana stores it (the `dashboard` object of its HTTP API). */
export type DashboardJson = Record<string, unknown>;

/** One dashboard ready to be provisioned. */
export interface DashboardDefinition {
    /** Stable identifier across Grafana instances (at most 40 characters of [A-Za-z0-9_-]). */
    readonly uid: string;
    readonly title: string;
    /** The Grafana folder the dashboard belongs in (model/folders.ts gives its uid and title). */
    readonly folder: FolderKey;
    /** The dashboard model: the foundation SDK's `build()` output, or a loaded custom file. */
    readonly json: DashboardJson;
    /** Platforms whose stacks deploy it (its metrics exist only there). Default: every platform. */
    readonly platforms?: readonly PlatformName[];
}

/** The folder of each audience's dashboards. */
export const dashboardFolders = {
    platform: "platform",
    stack: "stack",
    custom: "custom",
} as const satisfies Record<string, FolderKey>;
