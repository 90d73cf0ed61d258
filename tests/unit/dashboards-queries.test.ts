// Every query of every dashboard parses with the real grammar, names only catalogued metrics and labels, and covers its area.
import { strict as assert } from "assert";
import { platformJobs } from "../../alerts/catalog";
import { metricCatalog } from "../../alerts/metrics";
import { findMetric, isKnownMetric, recordingRuleNames } from "../support/metric-lookup";
import { dashboardRecordingRules } from "../../alerts/recording-rules-dashboards";
import { areaMetrics, dashboardAreas } from "../support/dashboard-areas";
import { buildDashboards, DashboardDefinition } from "../../dashboards/index";
import { DashboardQuery, expandTemplateVariables, queriesOf } from "../support/dashboard-queries";
import { variableQueriesOf } from "../../dashboards/skeleton";
import { parseLogql } from "../tools/logql";
import { metricNamesIn, parsePromql } from "../tools/promql";
import { catalogueMetricHint, dashboardFileOf, metricCatalogueFileFor } from "../support/where-to-fix";

// The package is ESM with a CommonJS build (exports.require), like lezer-promql; type the require by hand.
type LezerTraceql = typeof import("@grafana/lezer-traceql", { with: { "resolution-mode": "import" } });
const traceql = (require("@grafana/lezer-traceql") as LezerTraceql).parser;

/** Syntax errors of a TraceQL query, and the service names it compares `resource.service.name` with, read with Tempo's grammar. */
function parseTraceql(expr: string): { errors: string[]; services: string[] } {
    const errors: string[] = [];
    const services: string[] = [];
    traceql.parse(expr).iterate({
        enter: (ref) => {
            if (ref.type.isError) errors.push(`syntax error at ${ref.from}: ${JSON.stringify(expr.slice(Math.max(0, ref.from - 10), ref.from + 10))}`);
            if (ref.name !== "FieldExpression") return;
            // attribute FieldOp "string": the comparison's operands are its FieldExpression children.
            const [left, right] = ref.node.getChildren("FieldExpression");
            if (!left || !right || expr.slice(left.from, left.to) !== "resource.service.name") return;
            const value = expr.slice(right.from, right.to);
            if (/^".*"$/.test(value)) services.push(...JSON.parse(value).split("|"));
        },
    });
    return { errors, services };
}

// Labels Promtail attaches (render/promtail/config.ts, plus `filename` it adds to file targets).
const promtailLabels = new Set(["job", "filename", "unit", "level", "cluster", "namespace", "pod", "container"]);
// Target labels Prometheus attaches to every series.
const targetLabels = ["job", "instance"];

const isPromql = (q: DashboardQuery) => q.datasourceType === undefined || q.datasourceType === "prometheus";
const isLogql = (q: DashboardQuery) => q.datasourceType === "loki";
const isTraceql = (q: DashboardQuery) => q.datasourceType === "tempo";
const where = (d: DashboardDefinition, q: DashboardQuery) => `${d.uid} / "${q.panel}" / ${q.refId}`;

/** The metrics a dashboard recording rule reads (a panel over its series charts them). */
const recordedFrom = (name: string): string[] => {
    const rule = dashboardRecordingRules.find((r) => r.record === name);
    return rule ? metricNamesIn(rule.expr) : [];
};

// The project's own dashboards: the user's (user/dashboards/) query whatever their services expose.
const all = buildDashboards();
const builtIn = all;

describe("dashboard queries", () => {
    it("expands Grafana's template variables once, before any parser sees a query", () => {
        assert.equal(
            expandTemplateVariables('rate(up{job=~"$job", instance=~"${instance}", x="[[x]]", y="${y:regex}"}[$__rate_interval])'),
            'rate(up{job=~".+", instance=~".+", x=".+", y=".+"}[5m])',
        );
        assert.equal(expandTemplateVariables('count_over_time({job="a"}[$__auto]) / $__range'), 'count_over_time({job="a"}[1m]) / 6h');
        assert.ok(parsePromql(expandTemplateVariables("up * $factor")).errors.length > 0, "a variable outside a string must stay an error");
    });

    it("has PromQL and LogQL to check (the extraction finds the targets)", () => {
        const queries = all.flatMap((d) => queriesOf(d.json));
        assert.ok(queries.filter(isPromql).length > 100, `only ${queries.filter(isPromql).length} PromQL queries found`);
        assert.ok(queries.filter(isLogql).length >= 8, `only ${queries.filter(isLogql).length} LogQL queries found`);
        assert.ok(queries.filter(isTraceql).length >= 5, `only ${queries.filter(isTraceql).length} TraceQL queries found`);
        assert.deepEqual(
            queries.filter((q) => !isPromql(q) && !isLogql(q) && !isTraceql(q)),
            [],
            "a query of an unexpected data source type",
        );
    });

    it("parses every PromQL query with Prometheus' grammar, and it names only catalogued metrics and recording rules", () => {
        for (const d of all) {
            for (const q of queriesOf(d.json).filter(isPromql)) {
                const names = metricNamesIn(expandTemplateVariables(q.expr));
                assert.ok(names.length > 0, `${where(d, q)}: selects no metric: ${q.expr}`);
                for (const name of names)
                    assert.ok(
                        isKnownMetric(name),
                        `${where(d, q)} (${dashboardFileOf(d.uid)}): unknown metric ${name} in ${q.expr}: ${catalogueMetricHint(name)}`,
                    );
            }
        }
    });

    it("selects only labels the catalogue gives each metric (plus job, instance, and le on buckets)", () => {
        for (const d of all) {
            for (const q of queriesOf(d.json).filter(isPromql)) {
                for (const s of parsePromql(expandTemplateVariables(q.expr)).selectors) {
                    const spec = findMetric(s.metric as string);
                    const allowed = new Set([...targetLabels, ...(spec?.labels ?? []), ...(s.metric?.endsWith("_bucket") ? ["le"] : [])]);
                    for (const label of s.labels) {
                        assert.ok(
                            allowed.has(label),
                            `${where(d, q)} (${dashboardFileOf(d.uid)}): ${s.metric} has no label ${label}: ${s.text}; drop the matcher, or add ${label} to the metric's labels in ${metricCatalogueFileFor(s.metric as string)}`,
                        );
                    }
                }
            }
        }
    });

    it("parses every LogQL query with Grafana's LogQL grammar, selecting streams by Promtail's labels", () => {
        for (const d of all) {
            for (const q of queriesOf(d.json).filter(isLogql)) {
                const { errors, streamLabels } = parseLogql(expandTemplateVariables(q.expr));
                assert.deepEqual(errors, [], `${where(d, q)}: ${q.expr}`);
                assert.ok(streamLabels.length > 0, `${where(d, q)}: no stream selector in ${q.expr}`);
                for (const label of streamLabels) assert.ok(promtailLabels.has(label), `${where(d, q)}: Promtail sets no label ${label}`);
            }
        }
    });

    it("parses every TraceQL query with Tempo's TraceQL grammar, searching the platform's services by name", () => {
        const services = new Set<string>(Object.values(platformJobs));
        for (const d of all) {
            for (const q of queriesOf(d.json).filter(isTraceql)) {
                const parsed = parseTraceql(expandTemplateVariables(q.expr));
                assert.deepEqual(parsed.errors, [], `${where(d, q)}: ${q.expr}`);
                assert.ok(parsed.services.length > 0, `${where(d, q)}: selects no service: ${q.expr}`);
                for (const s of parsed.services) assert.ok(services.has(s), `${where(d, q)}: ${s} is not a platform service (${[...services].join(", ")})`);
            }
        }
    });

    it("rejects broken queries (the checks above can fail)", () => {
        assert.ok(parseTraceql("{ .status = }").errors.length > 0);
        assert.deepEqual(parseTraceql('{ resource.service.name = "a" && duration > 1s }').services, ["a"]);
        assert.ok(parseLogql('{job="varlogs" |= }').errors.length > 0);
        assert.ok(parsePromql("sum(rate(up[5m])").errors.length > 0);
        assert.equal(isKnownMetric("provisioning_workflow_active"), false);
    });

    it("parses every query variable's selector and keeps it on the Prometheus data source variable", () => {
        for (const d of builtIn) {
            for (const v of variableQueriesOf(d.json)) {
                const match = /^label_values\((.+),\s*(\w+)\)$/.exec(v.query);
                assert.ok(match, `${d.uid}: variable ${v.name} is not label_values(selector, label): ${v.query}`);
                for (const name of metricNamesIn(expandTemplateVariables(match[1]))) assert.ok(isKnownMetric(name), `${d.uid}: ${v.name}: unknown ${name}`);
                assert.equal(v.datasourceUid, "${datasource}", `${d.uid}: variable ${v.name}`);
            }
        }
    });

    it("points every built-in target and panel at the data source variable of its type, never at a fixed data source", () => {
        const variableOf: Record<string, string> = { prometheus: "${datasource}", loki: "${logs_datasource}", tempo: "${traces_datasource}" };
        for (const d of builtIn) {
            const declared = new Map(
                ((d.json.templating as { list: { name: string; type: string; query: string }[] }).list ?? [])
                    .filter((v) => v.type === "datasource")
                    .map((v) => [`\${${v.name}}`, v.query]),
            );
            for (const q of queriesOf(d.json)) {
                assert.ok(q.datasourceType !== undefined, `${where(d, q)}: no data source`);
                assert.equal(q.datasourceUid, variableOf[q.datasourceType], `${where(d, q)}: data source ${q.datasourceUid}`);
                assert.equal(
                    declared.get(q.datasourceUid),
                    q.datasourceType,
                    `${where(d, q)}: ${q.datasourceUid} is not a ${q.datasourceType} variable of the dashboard`,
                );
            }
            const usesLogs = queriesOf(d.json).some(isLogql);
            assert.equal(declared.has("${logs_datasource}"), usesLogs, `${d.uid}: logs_datasource variable iff the dashboard queries Loki`);
            const usesTraces = queriesOf(d.json).some(isTraceql);
            assert.equal(declared.has("${traces_datasource}"), usesTraces, `${d.uid}: traces_datasource variable iff the dashboard queries Tempo`);
        }
    });

    for (const area of dashboardAreas) {
        it(`charts every catalogued metric of its area on ${area.uid}`, () => {
            const d = builtIn.find((x) => x.uid === area.uid);
            assert.ok(d, `no dashboard ${area.uid}`);
            const charted = new Set(
                queriesOf(d.json)
                    .filter(isPromql)
                    .flatMap((q) => metricNamesIn(expandTemplateVariables(q.expr)))
                    .flatMap((name) => [name, ...recordedFrom(name)])
                    .map((name) => findMetric(name)?.name ?? name),
            );
            const expected = areaMetrics(area.uid);
            assert.ok(expected.length > 0, `${area.uid}: its area has no catalogued metric`);
            assert.deepEqual(
                expected.filter((m) => !charted.has(m)),
                [],
                `${area.uid}: catalogued metrics without a panel: add a panel querying each to ${dashboardFileOf(area.uid)}`,
            );
        });
    }

    it("gives every catalogued metric a dashboard area, and uses recording rules only by their catalogued names", () => {
        const homeless = metricCatalog.filter((m) => !dashboardAreas.some((a) => a.includes(m))).map((m) => m.name);
        assert.deepEqual(
            homeless,
            [],
            "catalogued metrics no dashboard is responsible for: give each an area in tests/support/dashboard-areas.ts (by its source)",
        );
        const used = new Set(
            builtIn.flatMap((d) =>
                queriesOf(d.json)
                    .filter(isPromql)
                    .flatMap((q) => metricNamesIn(expandTemplateVariables(q.expr))),
            ),
        );
        for (const name of used)
            if (name.includes(":"))
                assert.ok(recordingRuleNames.includes(name), `unknown recording rule ${name}: declare it in alerts/recording-rules.ts or fix the name`);
    });
});
