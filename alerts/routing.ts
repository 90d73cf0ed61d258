// The one routing spec (receivers, route tree, inhibitions) that Alertmanager's config and, later, Grafana's policy render.
import { routedSeverities, NotificationChannel, Team } from "../model/config/schema";
import { ConfigSlice } from "../model/config/types";
import { targetDownAlerts } from "./catalog";
import { Severity } from "./types";

/** One label matcher, rendered as `label<op>"value"`. */
export interface Matcher {
    readonly label: string;
    readonly op: "=" | "!=" | "=~" | "!~";
    readonly value: string;
}

/** The stack's receivers, and one per team of monitoring:teams (`team/<name>`). */
export type ReceiverName = "team-email" | "pagerduty" | "slack" | "blackhole" | "dead-mans-switch" | `team/${string}`;

export interface ReceiverSpec {
    readonly name: ReceiverName;
    /** What delivers for it: a notification channel or the external heartbeat; without one (or not enabled) it notifies nobody. */
    readonly channel?: NotificationChannel | "dead-mans-switch";
    /** A team's receiver: every channel the team set (monitoring:teams[].receivers). */
    readonly team?: Team;
}

interface ChildRouteSpec {
    readonly matchers: readonly Matcher[];
    readonly receiver: ReceiverName;
    readonly continue?: boolean;
    /** Timings that differ from the root's (the heartbeat must repeat often). */
    readonly groupWait?: string;
    readonly groupInterval?: string;
    readonly repeatInterval?: string;
}

export interface RoutingSpec {
    readonly receivers: readonly ReceiverSpec[];
    readonly route: {
        readonly receiver: ReceiverName;
        readonly groupBy: readonly string[];
        readonly groupWait: string;
        readonly groupInterval: string;
        readonly repeatInterval: string;
        readonly routes: readonly ChildRouteSpec[];
    };
    /** While an alert matching `source` fires, alerts matching `target` with the same `equal` labels are muted. */
    readonly inhibitions: readonly { readonly source: readonly Matcher[]; readonly target: readonly Matcher[]; readonly equal: readonly string[] }[];
}

const labelIs = (label: string, value: string): Matcher => ({ label, op: "=", value });
const severityIs = (severity: Severity): Matcher => labelIs("severity", severity);

/** The alert on Alertmanager's own failing notifications (alerts/catalog-stack.ts); it carries the failing `integration`. */
const notificationFailureAlert = "AlertmanagerNotificationsFailing";

/** Where a failing integration's alert goes (keys: Alertmanager's `integration` values): every other channel, never itself (no broken Slack on Slack). */
export const notificationFailureFallbacks: Readonly<Record<string, readonly ReceiverName[]>> = {
    pagerduty: ["slack", "team-email"],
    slack: ["pagerduty", "team-email"],
    email: ["pagerduty", "slack"],
};

/** One route per fallback receiver, chained with `continue` so each failing integration reaches all its fallbacks. */
const notificationFailureRoutes: ChildRouteSpec[] = Object.entries(notificationFailureFallbacks).flatMap(([integration, receivers]) =>
    receivers.map((receiver, i) => ({
        matchers: [labelIs("alertname", notificationFailureAlert), labelIs("integration", integration), severityIs("critical")],
        receiver,
        ...(i < receivers.length - 1 ? { continue: true } : {}),
    })),
);

// Sorted so that the regex, and the rendered file, never change with catalogue order.
const targetDownRegex = targetDownAlerts
    .map((a) => a.alert)
    .sort()
    .join("|");

/**
 * The guide's routing tree, with three decisions of ours:
 * - severity=none (the Watchdog) goes to `blackhole`, never to a human; with monitoring:deadMansSwitchUrl, to `dead-mans-switch`
 *   (routingSpecFor), an external heartbeat that pages when the pings stop: Prometheus, Alertmanager or the path between them is dead.
 * - The guide's `continue: true` on the critical route changes nothing alone (Alertmanager never falls back to the parent's receiver
 *   once a child matched); a second critical route makes the intent real: critical alerts page and also reach team-email, a record.
 * - info goes to team-email, the default receiver, which also takes anything unmatched.
 * Severity policy (docs/alerting.md): critical pages (loss of alerting, data loss in progress, a fast SLO burn), warning goes to chat,
 * info is a ticket by e-mail; the Watchdog (none) goes to the heartbeat.
 */
export const routingSpec: RoutingSpec = {
    receivers: [
        { name: "team-email", channel: "email" },
        { name: "pagerduty", channel: "pagerduty" },
        { name: "slack", channel: "slack" },
        { name: "blackhole" },
        { name: "dead-mans-switch", channel: "dead-mans-switch" },
    ],
    route: {
        receiver: "team-email",
        groupBy: ["alertname", "severity"],
        groupWait: "10s",
        groupInterval: "10s",
        repeatInterval: "12h",
        routes: [
            // Re-sent every minute: a heartbeat service pages when the pings stop (set its period to a few minutes).
            { matchers: [severityIs("none")], receiver: "blackhole", groupWait: "0s", groupInterval: "1m", repeatInterval: "1m" },
            // Before the severity routes: a failing integration is reported through the others, never through itself.
            ...notificationFailureRoutes,
            { matchers: [severityIs("critical")], receiver: "pagerduty", continue: true },
            { matchers: [severityIs("critical")], receiver: "team-email" },
            { matchers: [severityIs("warning")], receiver: "slack" },
            // Same receiver as the root, but a route of its own: Alertmanager refuses mute_time_intervals on the root.
            { matchers: [severityIs("info")], receiver: "team-email" },
        ],
    },
    inhibitions: [
        // A critical alert silences the warning of the same name in the same cluster (`cluster` is Prometheus' external label).
        { source: [severityIs("critical")], target: [severityIs("warning")], equal: ["alertname", "cluster"] },
        // A target that is down explains its job's other warnings (their metrics are stale or absent); show only the cause.
        {
            source: [{ label: "alertname", op: "=~", value: targetDownRegex }],
            target: [
                { label: "alertname", op: "!~", value: targetDownRegex },
                { label: "severity", op: "=~", value: "warning|info" },
            ],
            equal: ["cluster", "job"],
        },
    ],
};

export const formatMatcher = (matcher: Matcher): string => `${matcher.label}${matcher.op}${JSON.stringify(matcher.value)}`;

export const routeSeverity = (route: ChildRouteSpec): Severity | undefined =>
    route.matchers.find((m) => m.label === "severity" && m.op === "=")?.value as Severity | undefined;

export const isNotificationFailureRoute = (route: ChildRouteSpec): boolean =>
    route.matchers.some((m) => m.label === "alertname" && m.value === notificationFailureAlert);

/** A team's alerts (`team=<name>`) go to its receiver only, before the severity routes; one route per severity, so maintenance windows mute them too. */
function teamRoutes(team: Team): ChildRouteSpec[] {
    const receiver = `team/${team.name}` as const;
    const isTeam = labelIs("team", team.name);
    return [...routedSeverities.map((s) => ({ matchers: [isTeam, severityIs(s)], receiver })), { matchers: [isTeam], receiver }];
}

/** The routing spec of one stack: its teams' routes, and the Watchdog feeding the external heartbeat when monitoring:deadMansSwitchUrl is set. */
export function routingSpecFor(config: ConfigSlice<"secretsSet" | "teams">): RoutingSpec {
    const heartbeat = config.secretsSet.includes("deadMansSwitchUrl");
    const stackRoutes = routingSpec.route.routes.map((r) => (heartbeat && routeSeverity(r) === "none" ? { ...r, receiver: "dead-mans-switch" as const } : r));
    const firstSeverityRoute = stackRoutes.findIndex(
        (r) => (routedSeverities as readonly string[]).includes(routeSeverity(r) ?? "") && !isNotificationFailureRoute(r),
    );
    const routes = [...stackRoutes.slice(0, firstSeverityRoute), ...config.teams.flatMap(teamRoutes), ...stackRoutes.slice(firstSeverityRoute)];
    const receivers = [...routingSpec.receivers, ...config.teams.map((team) => ({ name: `team/${team.name}` as const, team }))];
    return { ...routingSpec, receivers, route: { ...routingSpec.route, routes } };
}
