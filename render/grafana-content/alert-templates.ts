// Catalogue annotations (Prometheus templates) in the form Grafana renders: the same numbers, from $values.
//
// In a Grafana-managed rule `$value` is a string listing every query's value ("[ var='A' labels={...} value=0.93 ]"),
// so `humanizePercentage`/`printf` on it print garbage; `$values.<refId>.Value` is the number. Refid A holds the
// catalogue's PromQL, whose result is what Prometheus calls `$value`.

/** The refId of the query whose value Prometheus' `$value` stands for. */
export const valueRefId = "A";

/** Template variables and functions that exist in Prometheus' alert templates only (or mean something else in Grafana). */
export const prometheusOnlyTemplatePattern =
    /\$value\b(?!s)|\$externalLabels|\$externalURL|\{\{[^}]*\b(query|first|label|strvalue|sortByLabel|safeHtml|stripPort|stripDomain|toTime|parseDuration)\b/;

/** A Prometheus annotation template rewritten for Grafana: `$value` becomes `$values.A.Value`. */
export function grafanaAnnotation(template: string): string {
    return template.replace(/\$value\b(?!s)/g, `$values.${valueRefId}.Value`);
}
