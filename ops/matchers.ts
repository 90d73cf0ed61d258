// Alertmanager label matchers (`severity="critical"`, `job=~"prov.*"`): parsed from the command line and from
// alertmanager.yml, evaluated the way Alertmanager evaluates them.
import { usageError } from "./errors";

export type MatchOp = "=" | "!=" | "=~" | "!~";

export interface LabelMatcher {
    readonly name: string;
    readonly op: MatchOp;
    readonly value: string;
}

/** The forms every matcher error names. */
export const matcherForms = 'label=value, label!=value, label=~regex or label!~regex (the value may be "quoted")';

const matcherPattern = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

/** One matcher from its text form; throws a usage error naming the text and the accepted forms. */
export function parseMatcher(text: string): LabelMatcher {
    const m = matcherPattern.exec(text);
    if (!m) throw usageError(`bad matcher ${JSON.stringify(text)}: expected ${matcherForms}`);
    const [, name, op, rawValue] = m;
    let value = rawValue;
    if (rawValue.startsWith('"')) {
        try {
            value = JSON.parse(rawValue) as string;
        } catch {
            throw usageError(`bad matcher ${JSON.stringify(text)}: unterminated quoted value; expected ${matcherForms}`);
        }
    }
    if (op === "=~" || op === "!~") {
        try {
            new RegExp(value);
        } catch (err) {
            throw usageError(`bad matcher ${JSON.stringify(text)}: ${(err as Error).message}`);
        }
    }
    return { name, op: op as MatchOp, value };
}

/** Alertmanager's semantics: a missing label is the empty string, regexes are anchored at both ends. */
export function matcherMatches(matcher: LabelMatcher, labels: Readonly<Record<string, string>>): boolean {
    const actual = labels[matcher.name] ?? "";
    switch (matcher.op) {
        case "=":
            return actual === matcher.value;
        case "!=":
            return actual !== matcher.value;
        case "=~":
            return new RegExp(`^(?:${matcher.value})$`).test(actual);
        case "!~":
            return !new RegExp(`^(?:${matcher.value})$`).test(actual);
    }
}

/** The text form, e.g. `cluster="provisioning-dev"`. */
export function formatMatcher(matcher: LabelMatcher): string {
    return `${matcher.name}${matcher.op}${JSON.stringify(matcher.value)}`;
}

/** Alertmanager API v2's matcher object (`isEqual` false means != or !~). */
export interface ApiMatcher {
    readonly name: string;
    readonly value: string;
    readonly isRegex: boolean;
    readonly isEqual?: boolean;
}

export function toApiMatcher(matcher: LabelMatcher): ApiMatcher {
    return { name: matcher.name, value: matcher.value, isRegex: matcher.op.endsWith("~"), isEqual: !matcher.op.startsWith("!") };
}

export function fromApiMatcher(api: ApiMatcher): LabelMatcher {
    const equal = api.isEqual !== false;
    const op: MatchOp = api.isRegex ? (equal ? "=~" : "!~") : equal ? "=" : "!=";
    return { name: api.name, op, value: api.value };
}
