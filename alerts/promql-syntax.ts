// PromQL read with Prometheus' own Lezer grammar (@prometheus-io/lezer-promql, the grammar of Prometheus' web UI): the
// deploy-time check of the user's rule expressions, and the tests' reading of the project's own.

// The package is ESM with a CommonJS build (exports.require); TypeScript only sees its ESM types, so type the require by hand.
type LezerPromql = typeof import("@prometheus-io/lezer-promql", { with: { "resolution-mode": "import" } });
export const { parser: promqlParser } = require("@prometheus-io/lezer-promql") as LezerPromql;

/** One entry per syntax error with the text around it, [] if none; syntax only: promtool also checks types (range vs instant vectors). */
export function promqlSyntaxErrors(expr: string): string[] {
    const errors: string[] = [];
    promqlParser.parse(expr).iterate({
        enter: (ref) => {
            if (ref.type.isError) errors.push(`syntax error at ${ref.from}: ${JSON.stringify(expr.slice(Math.max(0, ref.from - 10), ref.from + 10))}`);
        },
    });
    return errors;
}
