// Where Grafana-evaluated alerts go: the stack's Alertmanager when deployed, else contact points mirroring the routing spec.
import { maintenanceIntervals, mutingIntervals, TimeIntervalSpec } from "../../alerts/maintenance";
import { formatMatcher, isNotificationFailureRoute, Matcher, ReceiverName, routeSeverity, routingSpec } from "../../alerts/routing";
import { canonicalDuration } from "../../model/config/durations";
import { NotificationChannel, SecretKey } from "../../model/config/schema";
import { ConfigSlice } from "../../model/config/types";
import { deploys, replicaHosts } from "../../model/endpoints";

export type ContactPointSpec =
    | { readonly name: string; readonly kind: "email"; readonly addresses: readonly string[] }
    | { readonly name: string; readonly kind: "pagerduty"; readonly secret: SecretKey }
    | { readonly name: string; readonly kind: "slack"; readonly secret: SecretKey; readonly recipient: string }
    | { readonly name: string; readonly kind: "alertmanager"; readonly url: string };

export type NotificationConfig = ConfigSlice<
    "components" | "ports" | "alertmanagerReplicas" | "notificationChannels" | "alertEmailTo" | "slackChannel" | "maintenanceWindows"
>;

type ChildPolicy = { contactPoint: string; matchers: ReturnType<typeof sortedMatchers>; continue: boolean; muteTimings: string[] };
export type GrafanaNotificationSpec = {
    contactPoints: ContactPointSpec[];
    muteTimings: { name: string; intervals: readonly TimeIntervalSpec[] }[];
    policy: { contactPoint: string; groupBy: string[]; groupWait: string; groupInterval: string; repeatInterval: string; policies: ChildPolicy[] };
};

/** Mutes a route whose channel the stack does not enable: Grafana has no contact point without an integration. */
const disabledChannelMuteTiming = "channel-disabled";
/** Hands every Grafana-evaluated alert to the stack's Alertmanager, which alone routes, silences and mutes. */
const stackAlertmanagerContactPoint = "stack-alertmanager";

/** One alert per group, at once, again every minute: Grafana ends an alert 4 x max(30s, interval) after its evaluation, when Alertmanager would resolve it. */
const handOverTimings = { groupBy: ["..."], groupWait: "0s", groupInterval: "10s", repeatInterval: "1m" } as const;

function contactPointFor(channel: NotificationChannel, name: ReceiverName, config: NotificationConfig): ContactPointSpec {
    switch (channel) {
        case "email":
            return { name, kind: "email", addresses: [config.alertEmailTo!] };
        case "pagerduty":
            return { name, kind: "pagerduty", secret: "pagerdutyServiceKey" };
        case "slack":
            return { name, kind: "slack", secret: "slackWebhookUrl", recipient: config.slackChannel! };
    }
}

/** Matchers in one order (label, operator, value): Grafana returns them sorted, and so must we send them. */
export function sortedMatchers(matchers: readonly Matcher[]) {
    return [...matchers].sort((a, b) => formatMatcher(a).localeCompare(formatMatcher(b))).map((m) => ({ label: m.label, match: m.op, value: m.value }));
}

/**
 * Grafana's notification setup. With the stack's Alertmanager deployed: one contact point to every replica and a policy without children, mute timings
 * or channels, so routing, inhibition, silences and maintenance happen in one place. Without it (a component subset): contact points for the enabled
 * channels and a policy mirroring the routing spec, with the maintenance windows as mute timings. Undefined when there is nowhere to deliver.
 */
export function grafanaNotificationSpec(config: NotificationConfig): GrafanaNotificationSpec | undefined {
    if (!deploys(config, "alertmanager")) return mirrorRoutingSpec(config);
    // Every replica's base URL, comma-separated as Grafana's Alertmanager integration takes them.
    const url = replicaHosts("alertmanager", config.alertmanagerReplicas)
        .map((host) => `http://${host}:${config.ports.alertmanager}`)
        .join(",");
    return {
        contactPoints: [{ name: stackAlertmanagerContactPoint, kind: "alertmanager", url }],
        muteTimings: [],
        policy: { contactPoint: stackAlertmanagerContactPoint, ...handOverTimings, groupBy: [...handOverTimings.groupBy], policies: [] },
    };
}

/**
 * A route whose channel is off stays in the tree, muted, so Grafana notifies exactly whom Alertmanager would. Left out: the Watchdog's route (Grafana
 * evaluates no alert of severity none) and those of Alertmanager's own failing notifications (only Prometheus evaluates them, only with an Alertmanager).
 */
function mirrorRoutingSpec(config: NotificationConfig): GrafanaNotificationSpec | undefined {
    const enabled = new Set<string>(config.notificationChannels);
    const contactPoints: ContactPointSpec[] = routingSpec.receivers
        .filter((r) => r.channel !== undefined && enabled.has(r.channel))
        .map((r) => contactPointFor(r.channel as NotificationChannel, r.name, config));
    const names = new Set(contactPoints.map((c) => c.name));
    const root = names.has(routingSpec.route.receiver) ? routingSpec.route.receiver : contactPoints[0]?.name;
    // Nothing to deliver to: the config parser then leaves the platform's alerts to Prometheus, and Grafana's policy alone.
    if (root === undefined) return undefined;
    const maintenance = maintenanceIntervals(config.maintenanceWindows);
    const policies: ChildPolicy[] = routingSpec.route.routes
        .filter((route) => route.receiver !== "blackhole" && !isNotificationFailureRoute(route))
        .map((route) => {
            const deliverable = names.has(route.receiver);
            return {
                contactPoint: deliverable ? route.receiver : root,
                matchers: sortedMatchers(route.matchers),
                continue: route.continue ?? false,
                muteTimings: deliverable ? mutingIntervals(maintenance, routeSeverity(route)) : [disabledChannelMuteTiming],
            };
        });
    const muteTimings = [
        ...(policies.some((p) => p.muteTimings.includes(disabledChannelMuteTiming))
            ? [{ name: disabledChannelMuteTiming, intervals: [{ times: [{ start: "00:00", end: "24:00" }] }] }]
            : []),
        ...maintenance.map((m) => ({ name: m.name, intervals: m.intervals })),
    ];
    return {
        contactPoints,
        muteTimings,
        policy: {
            contactPoint: root,
            groupBy: [...routingSpec.route.groupBy],
            groupWait: canonicalDuration(routingSpec.route.groupWait),
            groupInterval: canonicalDuration(routingSpec.route.groupInterval),
            repeatInterval: canonicalDuration(routingSpec.route.repeatInterval),
            policies,
        },
    };
}
