// The one routing spec (receivers, route tree, inhibitions) that Alertmanager's config and, later, Grafana's policy render.
import { NotificationChannel } from "../components/config/schema";
import { targetDownAlerts } from "./catalog";
import { Severity } from "./types";

export type MatchOp = "=" | "!=" | "=~" | "!~";

/** One label matcher, rendered as `label<op>"value"`. */
export interface Matcher {
    readonly label: string;
    readonly op: MatchOp;
    readonly value: string;
}

export type ReceiverName = "team-email" | "pagerduty" | "slack" | "blackhole";

export interface ReceiverSpec {
    readonly name: ReceiverName;
    /** Channel that delivers for this receiver; without one (or when the stack does not enable it) it notifies nobody. */
    readonly channel?: NotificationChannel;
}

export interface ChildRouteSpec {
    readonly matchers: readonly Matcher[];
    readonly receiver: ReceiverName;
    /** Keep matching later sibling routes after this one matched. */
    readonly continue?: boolean;
}

export interface RootRouteSpec {
    readonly receiver: ReceiverName;
    readonly groupBy: readonly string[];
    readonly groupWait: string;
    readonly groupInterval: string;
    readonly repeatInterval: string;
    readonly routes: readonly ChildRouteSpec[];
}

/** While an alert matching `source` fires, alerts matching `target` with the same `equal` labels are muted. */
export interface InhibitionSpec {
    readonly source: readonly Matcher[];
    readonly target: readonly Matcher[];
    readonly equal: readonly string[];
}

export interface RoutingSpec {
    readonly receivers: readonly ReceiverSpec[];
    readonly route: RootRouteSpec;
    readonly inhibitions: readonly InhibitionSpec[];
}

const severityIs = (severity: Severity): Matcher => ({ label: "severity", op: "=", value: severity });

// Sorted so that the regex, and the rendered file, never change with catalogue order.
const targetDownNames = targetDownAlerts.map((a) => a.alert).sort();
const targetDownRegex = targetDownNames.join("|");

/**
 * The seed's routing tree, with three decisions of ours:
 * - severity=none (the Watchdog) goes to `blackhole` first, so it never notifies a human; point that receiver at a
 *   dead-man's switch (e.g. a heartbeat URL) to learn when alerting itself breaks.
 * - The seed gives the critical route `continue: true`, but Alertmanager never falls back to the parent's receiver once a
 *   child matched, so on its own that flag changes nothing; a second critical route makes the evident intent real:
 *   critical alerts page (pagerduty) and also reach the team's mailbox (team-email), which keeps a record of them.
 * - info (and anything unmatched) goes to the default receiver, team-email.
 */
export const routingSpec: RoutingSpec = {
    receivers: [
        { name: "team-email", channel: "email" },
        { name: "pagerduty", channel: "pagerduty" },
        { name: "slack", channel: "slack" },
        { name: "blackhole" },
    ],
    route: {
        receiver: "team-email",
        groupBy: ["alertname", "severity"],
        groupWait: "10s",
        groupInterval: "10s",
        repeatInterval: "12h",
        routes: [
            { matchers: [severityIs("none")], receiver: "blackhole" },
            { matchers: [severityIs("critical")], receiver: "pagerduty", continue: true },
            { matchers: [severityIs("critical")], receiver: "team-email" },
            { matchers: [severityIs("warning")], receiver: "slack" },
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

/** Alertmanager's text form of a matcher, e.g. `severity="critical"`. */
export function formatMatcher(matcher: Matcher): string {
    return `${matcher.label}${matcher.op}${JSON.stringify(matcher.value)}`;
}
