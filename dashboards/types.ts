// What every dashboard source (built-in builders, the user's JSON files) hands over: plain data, no Pulumi.
import type { PlatformName } from "../model/config/types";
import { folders, FolderSpec } from "../model/folders";

/** A dashboard model as Grafana stores it (the `dashboard` object of its HTTP API). */
export type DashboardJson = Record<string, unknown>;

/** One dashboard ready to be provisioned. */
export interface DashboardDefinition {
    /** Stable identifier across Grafana instances (at most 40 characters of [A-Za-z0-9_-]). */
    readonly uid: string;
    readonly title: string;
    /** The Grafana folder the dashboard belongs in: one of model/folders.ts, or a user folder (user/dashboards/<folder>/). */
    readonly folder: FolderSpec;
    /** The dashboard model: the foundation SDK's `build()` output, or a loaded custom file. */
    readonly json: DashboardJson;
    /** Platforms whose stacks deploy it (its metrics exist only there). Default: every platform. */
    readonly platforms?: readonly PlatformName[];
}

/** The folder of each audience's dashboards. */
export const dashboardFolders = {
    platform: folders.platform,
    stack: folders.stack,
    custom: folders.custom,
} as const satisfies Record<string, FolderSpec>;
