// Grafana folders with fixed UIDs, so dashboards and rules land in the same place on every `pulumi up`.

export interface FolderSpec {
    readonly uid: string;
    readonly title: string;
}

export const folders = {
    platform: { uid: "provisioning", title: "Provisioning platform" },
    stack: { uid: "monitoring-stack", title: "Monitoring stack" },
    alerts: { uid: "provisioning-alerts", title: "Provisioning alerts" },
    custom: { uid: "provisioning-custom", title: "Custom dashboards" },
} as const satisfies Record<string, FolderSpec>;

/** A team's folder (monitoring:teams): its dashboards and Grafana-managed rules, written with the team's own token. */
export const teamFolderUid = (team: string) => `team-${team}`;
