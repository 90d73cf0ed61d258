// The validated, frozen stack config every renderer and component reads (plain data, no Pulumi Outputs).
import { ComponentName, Ports } from "./catalog";
import { NotificationChannel, SecretKey } from "./schema";

export type PlatformName = "docker" | "kubernetes";

export interface PlatformTarget {
    /** Prometheus job name, also the `job` label on every series. */
    readonly job: string;
    /** host:port addresses scraped for this job. */
    readonly targets: readonly string[];
    readonly metricsPath: string;
    readonly scheme: "http" | "https";
    /** Per-job scrape interval; the global one when not set. */
    readonly scrapeInterval?: string;
}

export interface EmailSettings {
    readonly to: string;
    readonly from: string;
    readonly smarthost: string;
    readonly username?: string;
}

export interface MaintenanceWindow {
    /** Weekdays or ranges (monday:friday); all days when absent. */
    readonly weekdays?: readonly string[];
    /** Times of day (HH:MM, end exclusive); the whole day when absent. */
    readonly times?: readonly { readonly start: string; readonly end: string }[];
    /** IANA time zone of the times; UTC when absent. */
    readonly location?: string;
}

export interface StackConfig {
    /** Pulumi stack name (dev, prod, ...). */
    readonly stack: string;
    readonly platform: PlatformName;
    /** Value of the `cluster` external label on every series and alert. */
    readonly cluster: string;
    /** Deployed components, in the catalogue's order. */
    readonly components: readonly ComponentName[];
    readonly ports: Ports;
    /** Host address published ports bind to (Docker). */
    readonly bindAddress: string;
    /** Host name users reach published ports on. */
    readonly externalHost: string;
    readonly scrapeInterval: string;
    readonly evaluationInterval: string;
    readonly retention: {
        readonly prometheusTime: string;
        readonly prometheusSize?: string;
        readonly loki: string;
        readonly tempo: string;
    };
    readonly platformTargets: readonly PlatformTarget[];
    readonly remoteWrite: readonly { readonly url: string }[];
    readonly images: Readonly<Record<ComponentName, string>>;
    readonly grafanaAdminUser: string;
    readonly notifications: {
        readonly channels: readonly NotificationChannel[];
        readonly email?: EmailSettings;
        readonly slackChannel?: string;
    };
    /** Which secret keys the stack sets; their values travel separately, as Pulumi secrets. */
    readonly secretsSet: readonly SecretKey[];
    readonly dockerHost?: string;
    /** Keep data volumes and claims when the stack is destroyed. */
    readonly retainDataOnDestroy: boolean;
    /** Who evaluates the platform's alerts; the stack's own health alerts always stay in Prometheus. */
    readonly platformAlertsEvaluator: "grafana" | "prometheus";
    /** URL the Pulumi CLI reaches Grafana on, for the Grafana provider; Grafana's external URL when absent. */
    readonly grafanaUrl?: string;
    /** Recurring windows in which Grafana mutes the platform's notifications. */
    readonly maintenanceWindows: readonly MaintenanceWindow[];
}
