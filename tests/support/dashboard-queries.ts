// Reading queries back out of a dashboard model, and expanding Grafana's template variables so a parser can check them.
import { isObject, panelsOf } from "../../dashboards/skeleton";

type Obj = Record<string, unknown>;
const refOf = (value: unknown): Obj | undefined => (isObject(value) ? value : undefined);

export interface DashboardQuery {
    readonly panel: string;
    readonly panelType: string;
    readonly refId: string;
    /** Data source type of the target (else of its panel); undefined means Grafana's default data source. */
    readonly datasourceType: string | undefined;
    /** Data source uid of the target (else of its panel), e.g. `${datasource}`. */
    readonly datasourceUid: string | undefined;
    /** The query text: a target's `expr` (PromQL, LogQL), or a Tempo target's `query` (TraceQL). */
    readonly expr: string;
}

/** Every query of every panel: targets' `expr` (PromQL or LogQL) and Tempo targets' TraceQL `query`. */
export function queriesOf(json: Obj): DashboardQuery[] {
    const out: DashboardQuery[] = [];
    for (const panel of panelsOf(json)) {
        const targets = Array.isArray(panel.targets) ? panel.targets.filter(isObject) : [];
        for (const target of targets) {
            const ds = refOf(target.datasource) ?? refOf(panel.datasource);
            const text = ds?.type === "tempo" ? target.query : target.expr;
            if (typeof text !== "string") continue;
            out.push({
                panel: String(panel.title ?? ""),
                panelType: String(panel.type ?? ""),
                refId: String(target.refId ?? ""),
                datasourceType: typeof ds?.type === "string" ? ds.type : undefined,
                datasourceUid: typeof ds?.uid === "string" ? ds.uid : undefined,
                expr: text,
            });
        }
    }
    return out;
}

/** Values for Grafana's built-in interval variables: any valid duration serves a parser. */
const builtinDurations: Readonly<Record<string, string>> = {
    __rate_interval: "5m",
    __interval: "1m",
    __auto: "1m",
    __range: "6h",
};

/**
 * `expr` as Grafana sends it to the data source, for a parser: built-in interval variables become durations and
 * every other variable (`$job`, `${instance}`, `${var:regex}`, `[[var]]`) becomes `.+`, which is valid inside a
 * matcher string. A variable anywhere else stays a syntax error, as it should.
 */
export function expandTemplateVariables(expr: string): string {
    return expr.replace(/\$\{(\w+)(?::[^}]*)?\}|\$(\w+)|\[\[(\w+)(?::[^\]]*)?\]\]/g, (_match, braced?: string, bare?: string, bracketed?: string) => {
        const name = (braced ?? bare ?? bracketed) as string;
        return builtinDurations[name] ?? ".+";
    });
}
