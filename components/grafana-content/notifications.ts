// The one routing spec as Grafana contact points, mute timings and notification policy (for Grafana-evaluated alerts).
import { formatMatcher, Matcher, ReceiverName, routingSpec } from "../../alerts/routing";
import { canonicalDuration } from "../config/durations";
import { NotificationChannel, SecretKey } from "../config/schema";
import { MaintenanceWindow, StackConfig } from "../config/types";
import { deploys, internalUrl } from "../render/endpoints";

export type ContactPointSpec =
    | { readonly name: string; readonly kind: "email"; readonly addresses: readonly string[] }
    | { readonly name: string; readonly kind: "pagerduty"; readonly secret: SecretKey }
    | { readonly name: string; readonly kind: "slack"; readonly secret: SecretKey; readonly recipient: string }
    | { readonly name: string; readonly kind: "alertmanager"; readonly url: string };

export interface MuteTimingSpec {
    readonly name: string;
    readonly intervals: readonly MaintenanceWindow[];
}

export interface PolicyMatcherSpec {
    readonly label: string;
    readonly match: "=" | "!=" | "=~" | "!~";
    readonly value: string;
}

export interface ChildPolicySpec {
    readonly contactPoint: string;
    readonly matchers: readonly PolicyMatcherSpec[];
    readonly continue: boolean;
    readonly muteTimings: readonly string[];
}

export interface NotificationPolicySpec {
    readonly contactPoint: string;
    readonly groupBy: readonly string[];
    readonly groupWait: string;
    readonly groupInterval: string;
    readonly repeatInterval: string;
    readonly policies: readonly ChildPolicySpec[];
}

export interface GrafanaNotificationSpec {
    readonly contactPoints: readonly ContactPointSpec[];
    readonly muteTimings: readonly MuteTimingSpec[];
    readonly policy: NotificationPolicySpec;
}

export const maintenanceMuteTiming = "maintenance";
/** Mutes a route whose channel the stack does not enable: Grafana has no contact point without an integration. */
export const disabledChannelMuteTiming = "channel-disabled";
/** Hands Grafana's alerts to the stack's Alertmanager when the stack enables no channel at all (dev). */
export const stackAlertmanagerContactPoint = "stack-alertmanager";

function contactPointFor(channel: NotificationChannel, name: ReceiverName, config: StackConfig): ContactPointSpec {
    switch (channel) {
        case "email":
            return { name, kind: "email", addresses: [config.notifications.email!.to] };
        case "pagerduty":
            return { name, kind: "pagerduty", secret: "pagerdutyServiceKey" };
        case "slack":
            return { name, kind: "slack", secret: "slackWebhookUrl", recipient: config.notifications.slackChannel! };
    }
}

/** Matchers in one order (label, operator, value): Grafana returns them sorted, and so must we send them. */
export function sortedMatchers(matchers: readonly Matcher[]): PolicyMatcherSpec[] {
    return matchers
        .map((m) => ({ label: m.label, match: m.op, value: m.value }))
        .sort((a, b) => formatMatcher({ label: a.label, op: a.match, value: a.value }).localeCompare(formatMatcher({ label: b.label, op: b.match, value: b.value })));
}

/**
 * Contact points for the enabled channels, one policy tree mirroring Alertmanager's, and the mute timings it uses.
 * A route to a receiver whose channel is off stays in the tree but is muted, so Grafana notifies exactly whom
 * Alertmanager would. The Watchdog's route is left out: Grafana evaluates no alert of severity none. Undefined when
 * the stack has neither a channel nor an Alertmanager.
 */
export function grafanaNotificationSpec(config: StackConfig): GrafanaNotificationSpec | undefined {
    const enabled = new Set(config.notifications.channels);
    const contactPoints: ContactPointSpec[] = routingSpec.receivers
        .filter((r) => r.channel !== undefined && enabled.has(r.channel))
        .map((r) => contactPointFor(r.channel!, r.name, config));
    if (contactPoints.length === 0 && deploys(config, "alertmanager")) {
        contactPoints.push({ name: stackAlertmanagerContactPoint, kind: "alertmanager", url: internalUrl("alertmanager", config.ports.alertmanager) });
    }
    const names = new Set(contactPoints.map((c) => c.name));
    const root = names.has(routingSpec.route.receiver) ? routingSpec.route.receiver : contactPoints[0]?.name;
    // Nothing to deliver to: the config parser then leaves the platform's alerts to Prometheus, and Grafana's policy alone.
    if (root === undefined) return undefined;
    const maintenance = config.maintenanceWindows.length > 0 ? [maintenanceMuteTiming] : [];
    const policies: ChildPolicySpec[] = routingSpec.route.routes
        .filter((route) => route.receiver !== "blackhole")
        .map((route) => {
            const deliverable = names.has(route.receiver);
            return {
                contactPoint: deliverable ? route.receiver : root,
                matchers: sortedMatchers(route.matchers),
                continue: route.continue ?? false,
                muteTimings: deliverable ? maintenance : [disabledChannelMuteTiming],
            };
        });
    const muteTimings: MuteTimingSpec[] = [
        ...(policies.some((p) => p.muteTimings.includes(disabledChannelMuteTiming))
            ? [{ name: disabledChannelMuteTiming, intervals: [{ times: [{ start: "00:00", end: "24:00" }] }] }]
            : []),
        ...(maintenance.length > 0 ? [{ name: maintenanceMuteTiming, intervals: config.maintenanceWindows }] : []),
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
