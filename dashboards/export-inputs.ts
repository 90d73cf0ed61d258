// Grafana's "Export for sharing externally" replaces each data source with an input (`__inputs`, `${DS_PROMETHEUS}`) that
// only Grafana's import dialog fills in; provisioned as it is, every panel would query a data source named "${DS_...}".
// This rewrites those inputs to the stack's data source variables, or refuses the file saying what to change. Pure.
import { datasourceVariables } from "./common";

/** The stack's data source variable for each plugin it provisions (dashboards/skeleton.ts declares the same ones). */
const variableForPlugin: Readonly<Record<string, { name: string; label: string }>> = {
    prometheus: { name: datasourceVariables.metrics, label: "Prometheus" },
    loki: { name: datasourceVariables.logs, label: "Loki" },
    tempo: { name: datasourceVariables.traces, label: "Tempo" },
};

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** Every `${NAME}` reference to an export input (Grafana names data source inputs DS_<NAME>). */
const inputReference = /\$\{(DS_[A-Za-z0-9_-]+)\}/g;

function mapStrings(value: unknown, at: string, visit: (text: string, at: string) => string): unknown {
    if (typeof value === "string") return visit(value, at);
    if (Array.isArray(value)) return value.map((v, i) => mapStrings(v, `${at}[${i}]`, visit));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, at === "" ? k : `${at}.${k}`, visit)]));
    return value;
}

/**
 * The dashboard model with every Prometheus, Loki or Tempo input replaced by `${datasource}`, `${logs_datasource}` or
 * `${traces_datasource}`, each such variable declared, and `__inputs` dropped. Throws one line per input it cannot
 * map (another plugin, a constant) and per `${DS_...}` no input declares, each naming the file and what to change.
 */
export function resolveExportInputs(fileName: string, model: Record<string, unknown>): Record<string, unknown> {
    const inputs = Array.isArray(model.__inputs) ? (model.__inputs as unknown[]) : [];
    const problems: string[] = [];
    const replacement = new Map<string, { name: string; label: string; plugin: string }>();
    for (const input of inputs) {
        if (!isObject(input) || typeof input.name !== "string") {
            problems.push(`${fileName}: "__inputs" holds an entry without a "name"; re-export the dashboard from Grafana`);
            continue;
        }
        const plugin = String(input.pluginId ?? "");
        if (input.type === "datasource" && variableForPlugin[plugin]) {
            replacement.set(input.name, { ...variableForPlugin[plugin], plugin });
        } else if (input.type === "datasource") {
            problems.push(
                `${fileName}: input ${input.name} is a ${plugin || "unknown"} data source, which this stack does not provision; ` +
                    "remove the panels that use it (only prometheus, loki and tempo exist here)",
            );
        } else {
            problems.push(
                `${fileName}: input ${input.name} (${String(input.type)}) has no value here; replace "\${${input.name}}" in the file with its value and delete the entry from "__inputs"`,
            );
        }
    }
    const { __inputs: _inputs, ...rest } = model;
    const rewritten = mapStrings(rest, "", (text, at) =>
        text.replace(inputReference, (whole, name: string) => {
            const to = replacement.get(name);
            if (to) return `\${${to.name}}`;
            if (!inputs.some((i) => isObject(i) && i.name === name)) {
                problems.push(
                    `${fileName}: ${at} uses "${whole}", which no "__inputs" entry declares; write \${datasource} (Prometheus), ` +
                        "${logs_datasource} (Loki) or ${traces_datasource} (Tempo) instead",
                );
            }
            return whole;
        }),
    ) as Record<string, unknown>;
    if (problems.length > 0) throw new Error(problems.join("\n"));
    if (replacement.size === 0) return model;
    // Declare each variable the rewrite now uses, in front, unless the dashboard already has one of that name.
    const templating = isObject(rewritten.templating) ? rewritten.templating : {};
    const list = Array.isArray(templating.list) ? (templating.list as unknown[]) : [];
    const declared = new Set(list.filter(isObject).map((v) => v.name));
    const added = [...new Map([...replacement.values()].map((v) => [v.name, v])).values()]
        .filter((v) => !declared.has(v.name))
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .map((v) => ({ type: "datasource", name: v.name, label: v.label, query: v.plugin, multi: false, includeAll: false }));
    return { ...rewritten, templating: { ...templating, list: [...added, ...list] } };
}
