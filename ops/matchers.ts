// Command-line values: Alertmanager label matchers (also read from alertmanager.yml, evaluated as Alertmanager does) and durations in the config's syntax.
import { Matcher } from "../alerts/routing";
import { durationPattern } from "../model/config/schema";
import { durationSeconds } from "../model/config/durations";
import { usageError } from "./http";

export const durationForms = "a duration such as 30s, 15m, 2h or 1h30m (units y, w, d, h, m, s, ms)";

export function parseDurationMs(flag: string, value: string): number {
    const seconds = durationPattern.test(value) ? durationSeconds(value) : 0;
    if (seconds <= 0) throw usageError(`${flag}: bad duration ${JSON.stringify(value)}; expected ${durationForms}`);
    return Math.round(seconds * 1000);
}

/** Alertmanager API v2's matcher object (`isEqual` false means != or !~). */
export type ApiMatcher = { readonly name: string; readonly value: string; readonly isRegex: boolean; readonly isEqual?: boolean };

export const matcherForms = 'label=value, label!=value, label=~regex or label!~regex (the value may be "quoted")';

export function parseMatcher(text: string): Matcher {
    const bad = (why: string) => usageError(`bad matcher ${JSON.stringify(text)}: ${why}`);
    const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(text);
    if (!m) throw bad(`expected ${matcherForms}`);
    const [, label, op, rawValue] = m;
    let value = rawValue;
    try {
        if (rawValue.startsWith('"')) value = JSON.parse(rawValue) as string;
    } catch {
        throw bad(`unterminated quoted value; expected ${matcherForms}`);
    }
    try {
        if (op.endsWith("~")) new RegExp(value);
    } catch (err) {
        throw bad((err as Error).message);
    }
    return { label, op: op as Matcher["op"], value };
}

/** Alertmanager's semantics: a missing label is the empty string, regexes are anchored at both ends. */
export function matcherMatches(matcher: Matcher, labels: Readonly<Record<string, string>>): boolean {
    const actual = labels[matcher.label] ?? "";
    const equal = matcher.op.endsWith("~") ? new RegExp(`^(?:${matcher.value})$`).test(actual) : actual === matcher.value;
    return matcher.op.startsWith("!") ? !equal : equal;
}

export function toApiMatcher(matcher: Matcher): ApiMatcher {
    return { name: matcher.label, value: matcher.value, isRegex: matcher.op.endsWith("~"), isEqual: !matcher.op.startsWith("!") };
}

export function fromApiMatcher(api: ApiMatcher): Matcher {
    const negated = api.isEqual === false;
    return { label: api.name, op: api.isRegex ? (negated ? "!~" : "=~") : negated ? "!=" : "=", value: api.value };
}
