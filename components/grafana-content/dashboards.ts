// Dashboards as the provider receives them: canonical JSON text, a fixed uid and the folder they belong in.
import { FolderKey } from "./folders";

export interface DashboardResourceSpec {
    readonly uid: string;
    readonly title: string;
    readonly folder: FolderKey;
    /** Canonical dashboard JSON (sorted keys, no id or version), as Grafana gives it back. */
    readonly configJson: string;
}
