// The validated, frozen stack config every renderer and component reads (plain data, no Pulumi Outputs).
import { ComponentName, Ports } from "./catalog";
import { NotificationChannel, SecretKey } from "./schema";
import { ClaimedComponent, ResourceRequirements } from "./sizing";

export type PlatformName = "docker" | "kubernetes";

/** A service's pods, or its Services' endpoints, found through the Kubernetes API in the namespaces Prometheus watches. */
export interface KubernetesDiscovery {
    readonly role: "pod" | "service";
    /** Sorted; default the client namespaces. */
    readonly namespaces: readonly string[];
    /** Label selector (`app.kubernetes.io/name=payments`). */
    readonly selector?: string;
    /** `key` (present) or `key=value` an object must carry. */
    readonly annotation?: string;
    /** Container (pod role) or endpoint (service role) port, by number or name; every port when absent. */
    readonly port?: number | string;
}

/** How Prometheus authenticates to a job's targets; the secret is monitoring:scrapeCredentials.<job>. */
export type ScrapeCredentials = { readonly type: "bearer" } | { readonly type: "basic"; readonly username: string };

export interface PlatformTarget {
    /** Prometheus job name, also the `job` label on every series. */
    readonly job: string;
    /** host:port addresses scraped for this job; empty when `kubernetes` finds them. */
    readonly targets: readonly string[];
    readonly kubernetes?: KubernetesDiscovery;
    readonly metricsPath: string;
    readonly scheme: "http" | "https";
    /** Per-job scrape interval; the global one when not set. */
    readonly scrapeInterval?: string;
    /** Labels every series of the job gets, sorted by name. */
    readonly labels?: Readonly<Record<string, string>>;
    readonly credentials?: ScrapeCredentials;
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
    /** Severities the window mutes; all of critical, warning and info when absent. */
    readonly severities?: readonly ("critical" | "warning" | "info")[];
}

export interface GrafanaIngress {
    /** Host name users reach Grafana on (https://<host>). */
    readonly host: string;
    /** Secret in the stack's namespace holding the host's TLS certificate (e.g. issued by cert-manager). */
    readonly tlsSecretName: string;
    /** IngressClass; the cluster's default class when absent. */
    readonly className?: string;
    /** Namespace of the ingress controller, the only one admitted to Grafana's port. Default: ingress-nginx. */
    readonly controllerNamespace: string;
    /** Annotations of the Ingress (e.g. `cert-manager.io/cluster-issuer`). Default: none. */
    readonly annotations: Readonly<Record<string, string>>;
}

/** Settings only the Kubernetes platform reads (filled with defaults on Docker too, where nothing reads them). */
export interface KubernetesSettings {
    /** Namespace of every namespaced object. Default: monitoring. */
    readonly namespace: string;
    /** StorageClass of every claim; the cluster's default class when absent. */
    readonly storageClass?: string;
    /** Claim size per stateful component. Default: prometheus 60Gi, grafana 5Gi, loki 50Gi, tempo 20Gi, alertmanager 1Gi. */
    readonly storageSizes: Readonly<Record<ClaimedComponent, string>>;
    /** Requests and limits per container. Default: model/config/sizing.ts. */
    readonly resources: Readonly<Record<ComponentName, ResourceRequirements>>;
    /** An Ingress for Grafana; none when absent (reach it with kubectl port-forward). */
    readonly grafanaIngress?: GrafanaIngress;
    /** Namespaces whose pods may push logs to Loki and traces to Tempo. Default: [provisioning]. */
    readonly clientNamespaces: readonly string[];
    /** kubeconfig context to deploy to; the current context when absent. */
    readonly kubeContext?: string;
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
    /** Base URL of runbooks/: every runbook_url and dashboard runbook link is <base>/<AlertName>.md. */
    readonly runbookBaseUrl: string;
    /** Recurring windows in which Alertmanager (or Grafana, in a stack without Alertmanager) mutes notifications. */
    readonly maintenanceWindows: readonly MaintenanceWindow[];
    /** Alertmanager instances, clustered through gossip when more than one. Default: docker 1, kubernetes 3. */
    readonly alertmanagerReplicas: number;
    /** Prometheus instances, each scraping and alerting on its own (Alertmanager deduplicates). Default: docker 1, kubernetes 2. */
    readonly prometheusReplicas: number;
    /** Namespace, storage, sizing and ingress of the Kubernetes platform. */
    readonly kubernetes: KubernetesSettings;
    /** What runs as the log agent (component `promtail`): Promtail (end of life 2026-03-02) or Grafana Alloy. Default: promtail. */
    readonly logAgent: "promtail" | "alloy";
    /** Deploy a kubernetes stack that still names documentation hosts (example.com). Default false: refused. */
    readonly allowPlaceholders: boolean;
    /** Deploy a kubernetes stack with Alertmanager but no monitoring:deadMansSwitchUrl. Default false: refused. */
    readonly allowNoHeartbeat: boolean;
}
