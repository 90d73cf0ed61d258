// The parts of the components' documented HTTP API responses the CLI reads.
// Prometheus: https://prometheus.io/docs/prometheus/latest/querying/api/ (targets, rules, alerts, status/config).
// Alertmanager: API v2, api/v2/openapi.yaml in prometheus/alertmanager (alerts, alerts/groups, silences, status).
// Grafana: https://grafana.com/docs/grafana/latest/developers/http_api/ (health, search, dashboard by uid).
import { ApiMatcher } from "./matchers";

export interface PromEnvelope<T> {
    readonly status: "success" | "error";
    readonly data: T;
    readonly error?: string;
}

export interface PromTarget {
    readonly labels: Readonly<Record<string, string>>;
    readonly scrapeUrl: string;
    readonly health: "up" | "down" | "unknown";
    readonly lastError: string;
}

export interface PromRule {
    readonly name: string;
    readonly type: "alerting" | "recording";
    readonly health: "ok" | "err" | "unknown";
    readonly lastError?: string;
}

export interface PromRuleGroup {
    readonly name: string;
    readonly file: string;
    readonly rules: readonly PromRule[];
}

export interface PromAlert {
    readonly labels: Readonly<Record<string, string>>;
    readonly state: "pending" | "firing" | "inactive";
    readonly activeAt?: string;
}

/** GET /api/v2/alerts: one alert as Alertmanager holds it. */
export interface AmAlert {
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly fingerprint: string;
    readonly startsAt: string;
    readonly endsAt: string;
    readonly receivers: readonly { readonly name: string }[];
    readonly status: {
        readonly state: "active" | "suppressed" | "unprocessed";
        readonly silencedBy: readonly string[];
        readonly inhibitedBy: readonly string[];
    };
}

/** GET /api/v2/alerts/groups: alerts as the dispatcher grouped them, one group per route and group key. */
export interface AmAlertGroup {
    readonly labels: Readonly<Record<string, string>>;
    readonly receiver: { readonly name: string };
    readonly alerts: readonly AmAlert[];
}

/** GET /api/v2/silences. */
export interface AmSilence {
    readonly id: string;
    readonly matchers: readonly ApiMatcher[];
    readonly startsAt: string;
    readonly endsAt: string;
    readonly createdBy: string;
    readonly comment: string;
    readonly status: { readonly state: "active" | "pending" | "expired" };
    readonly updatedAt?: string;
}

/** GET /api/v2/status. */
export interface AmStatus {
    readonly cluster: {
        readonly name?: string;
        readonly status: "ready" | "settling" | "disabled";
        readonly peers?: readonly { readonly name: string; readonly address: string }[];
    };
    readonly config: { readonly original: string };
    readonly versionInfo?: Readonly<Record<string, string>>;
    readonly uptime?: string;
}

/** GET /api/health (no authentication needed). */
export interface GrafanaHealth {
    readonly database: string;
    readonly version?: string;
    readonly commit?: string;
}

/** One alert of Grafana's own rules, GET /api/prometheus/grafana/api/v1/alerts (`state`: Alerting, Pending, Normal, ...). */
export interface GrafanaAlert {
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly state: string;
    readonly activeAt?: string;
}

/** One hit of GET /api/search?type=dash-db. */
export interface GrafanaSearchHit {
    readonly uid: string;
    readonly title: string;
    readonly url: string;
    readonly type: string;
    readonly tags?: readonly string[];
    readonly folderUid?: string;
    readonly folderTitle?: string;
}

/** GET /api/dashboards/uid/<uid>. */
export interface GrafanaDashboardResponse {
    readonly dashboard: Record<string, unknown>;
    readonly meta: { readonly folderUid?: string; readonly folderTitle?: string; readonly url?: string; readonly version?: number };
}
