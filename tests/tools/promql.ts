// PromQL read with Prometheus' own Lezer grammar: which metrics (and label matchers) an expression selects.

import { promqlParser as parser, promqlSyntaxErrors } from "../../alerts/promql-syntax";

// The grammar's node type, taken from the parser so no transitive package is imported by name.
type SyntaxNode = ReturnType<typeof parser.parse>["topNode"];

/** One vector selector of an expression, e.g. `up{job="loki"}`. */
export interface SelectorUse {
    /** Metric name, from the identifier or a `__name__="..."` matcher; undefined when the selector names none. */
    readonly metric: string | undefined;
    /** Label names the selector matches on (without `__name__`). */
    readonly labels: readonly string[];
    /** The selector's source text, for error messages. */
    readonly text: string;
}

export interface ParsedPromql {
    readonly selectors: readonly SelectorUse[];
    /** Source positions the grammar could not parse; empty for a valid expression. */
    readonly errors: readonly string[];
}

function stringLiteralValue(text: string): string {
    // PromQL strings are Go-quoted; double-quoted ones are valid JSON for the simple names used here.
    return text.startsWith('"') ? JSON.parse(text) : text.slice(1, -1);
}

function selectorUse(node: SyntaxNode, source: string): SelectorUse {
    const identifier = node.getChild("Identifier");
    let metric = identifier ? source.slice(identifier.from, identifier.to) : undefined;
    const labels: string[] = [];
    const matchers = node.getChild("LabelMatchers");
    for (const matcher of matchers ? matchers.getChildren("UnquotedLabelMatcher") : []) {
        const name = matcher.getChild("LabelName");
        const value = matcher.getChild("StringLiteral");
        const op = matcher.getChild("MatchOp");
        if (!name) continue;
        const label = source.slice(name.from, name.to);
        if (label === "__name__") {
            const isEquality = op !== null && op.firstChild?.name === "EqlSingle";
            if (isEquality && value && metric === undefined) metric = stringLiteralValue(source.slice(value.from, value.to));
            continue;
        }
        labels.push(label);
    }
    return { metric, labels, text: source.slice(node.from, node.to) };
}

/** Every vector selector in `expr` (also those inside range selectors and subqueries), and any syntax error. */
export function parsePromql(expr: string): ParsedPromql {
    const selectors: SelectorUse[] = [];
    parser.parse(expr).iterate({
        enter: (ref) => {
            if (ref.name === "VectorSelector") selectors.push(selectorUse(ref.node, expr));
        },
    });
    return { selectors, errors: promqlSyntaxErrors(expr) };
}

/** Metric names `expr` selects, sorted and unique; throws on a syntax error or a selector without a metric name. */
export function metricNamesIn(expr: string): string[] {
    const parsed = parsePromql(expr);
    if (parsed.errors.length > 0) throw new Error(`cannot parse PromQL ${JSON.stringify(expr)}: ${parsed.errors.join("; ")}`);
    const unnamed = parsed.selectors.filter((s) => s.metric === undefined);
    if (unnamed.length > 0) throw new Error(`selector without a metric name in ${JSON.stringify(expr)}: ${unnamed.map((s) => s.text).join(", ")}`);
    return [...new Set(parsed.selectors.map((s) => s.metric as string))].sort();
}
