// The receivers an alert goes to: a (rendered or running) alertmanager.yml's routing tree walked as Alertmanager's dispatcher walks it
// (dispatch/route.go Match), so `test-alert` can say so before sending; tests/tools/ops-routes.test.ts holds it to `amtool config routes test`.
import { parse } from "yaml";
import { Matcher } from "../alerts/routing";
import { matcherMatches, parseMatcher } from "./matchers";

/** A route of alertmanager.yml, as far as routing is concerned (timers and grouping do not pick receivers). */
interface RouteNode {
    readonly receiver?: string;
    readonly matchers?: readonly string[];
    /** Deprecated equality and regex matchers, still accepted by Alertmanager. */
    readonly match?: Readonly<Record<string, string>>;
    readonly match_re?: Readonly<Record<string, string>>;
    readonly continue?: boolean;
    readonly routes?: readonly RouteNode[];
    /** Names of time_intervals in which (or outside which) this route notifies nobody; not inherited by child routes. */
    readonly mute_time_intervals?: readonly string[];
    readonly active_time_intervals?: readonly string[];
}

export type RouteMatch = { readonly receiver: string; readonly muteTimeIntervals: readonly string[]; readonly activeTimeIntervals: readonly string[] };

/** Matching routes in tree order, one per matching leaf as amtool prints them (children tried in order, a match ends the search unless `continue`). */
function matchingRoutes(route: RouteNode, labels: Readonly<Record<string, string>>, inherited = ""): RouteMatch[] {
    const matchers: Matcher[] = [
        ...(route.matchers ?? []).map(parseMatcher),
        ...Object.entries(route.match ?? {}).map(([label, value]) => ({ label, op: "=" as const, value })),
        ...Object.entries(route.match_re ?? {}).map(([label, value]) => ({ label, op: "=~" as const, value })),
    ];
    if (!matchers.every((m) => matcherMatches(m, labels))) return [];
    const receiver = route.receiver ?? inherited;
    const found: RouteMatch[] = [];
    for (const child of route.routes ?? []) {
        const matched = matchingRoutes(child, labels, receiver);
        found.push(...matched);
        if (matched.length > 0 && child.continue !== true) break;
    }
    // A route none of whose children match is itself the match (with its own receiver, or its parent's).
    if (found.length > 0) return found;
    return [{ receiver, muteTimeIntervals: route.mute_time_intervals ?? [], activeTimeIntervals: route.active_time_intervals ?? [] }];
}

/** The matching routes of an alert under the root route of alertmanager.yml's text (whose own matchers Alertmanager ignores). */
export function routesFor(alertmanagerYaml: string, labels: Readonly<Record<string, string>>): RouteMatch[] {
    const doc = parse(alertmanagerYaml) as { route?: RouteNode } | null;
    if (!doc?.route) throw new Error("alertmanager.yml has no route");
    return matchingRoutes({ ...doc.route, matchers: [], match: {}, match_re: {} }, labels);
}

export function receiversFor(alertmanagerYaml: string, labels: Readonly<Record<string, string>>): string[] {
    return routesFor(alertmanagerYaml, labels).map((m) => m.receiver);
}
