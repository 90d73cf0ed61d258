// `ops silence`, the pure part: the silence a command creates, and silences as rows.
import { AmSilence } from "./api-types";
import { formatMatcher, fromApiMatcher, LabelMatcher, toApiMatcher } from "./matchers";

/**
 * Without matchers a silence covers every alert of this cluster (what "silence the stack" means in the guide), except
 * the Watchdog: silencing it would stop the dead man's switch's heartbeat and page someone for the maintenance itself.
 */
export function defaultMatchers(cluster: string): LabelMatcher[] {
    return [
        { name: "cluster", op: "=", value: cluster },
        { name: "alertname", op: "!=", value: "Watchdog" },
    ];
}

/** The body of POST /api/v2/silences. */
export function silenceBody(matchers: readonly LabelMatcher[], nowMs: number, durationMs: number, author: string, reason: string) {
    return {
        matchers: matchers.map(toApiMatcher),
        startsAt: new Date(nowMs).toISOString(),
        endsAt: new Date(nowMs + durationMs).toISOString(),
        createdBy: author,
        comment: reason,
    };
}

/** Alertmanager generates UUIDs; anything else is a typo, caught before a request. */
export const silenceIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SilenceRow {
    readonly id: string;
    readonly state: string;
    readonly matchers: string;
    readonly endsAt: string;
    readonly createdBy: string;
    readonly comment: string;
}

/** Active and pending silences (all with `all`), soonest end first. */
export function silenceRows(silences: readonly AmSilence[], all: boolean): SilenceRow[] {
    return silences
        .filter((s) => all || s.status.state !== "expired")
        .map((s) => ({
            id: s.id,
            state: s.status.state,
            matchers: s.matchers.map((m) => formatMatcher(fromApiMatcher(m))).join(", "),
            endsAt: s.endsAt,
            createdBy: s.createdBy,
            comment: s.comment,
        }))
        .sort((a, b) => (a.endsAt < b.endsAt ? -1 : a.endsAt > b.endsAt ? 1 : a.id < b.id ? -1 : 1));
}
