// LogQL read with Grafana's own Lezer grammar: syntax errors and the stream selector's label names.

// The package is ESM with a CommonJS build (exports.require), like lezer-promql; type the require by hand.
type LezerLogql = typeof import("@grafana/lezer-logql", { with: { "resolution-mode": "import" } });
const { parser } = require("@grafana/lezer-logql") as LezerLogql;

export function parseLogql(expr: string): { errors: string[]; streamLabels: string[] } {
    const errors: string[] = [];
    const streamLabels: string[] = [];
    parser.parse(expr).iterate({
        enter: (ref) => {
            if (ref.type.isError) errors.push(`syntax error at ${ref.from}: ${JSON.stringify(expr.slice(Math.max(0, ref.from - 10), ref.from + 10))}`);
            if (ref.name !== "Selector") return;
            for (const matcher of ref.node.getChild("Matchers")?.getChildren("Matcher") ?? []) {
                const id = matcher.getChild("Identifier");
                if (id) streamLabels.push(expr.slice(id.from, id.to));
            }
        },
    });
    return { errors, streamLabels };
}
