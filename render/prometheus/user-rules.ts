// The user's own rule files (user/rules/*.yml, Prometheus' format): checked before anything deploys, one line per problem naming the file, the rule and
// the fix, then copied into Prometheus' rules directory as user-<name>.yml with the label the alert pipeline needs filled in. Structure and expression
// syntax are checked here (@prometheus-io/lezer-promql); promtool, where it is found, checks them fully in preflight (deploy/user-rules-check.ts).
import { parseDocument } from "yaml";
import { promqlSyntaxErrors } from "../../alerts/promql-syntax";
import { ownerLabelValues } from "../../alerts/catalog";
import { durationPattern, labelNamePattern, routedSeverities } from "../../model/config/schema";
import { UserFile } from "../../model/user-files";
import { renderYaml } from "../format/yaml";

const fileNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]*\.ya?ml$/;
const groupKeys = ["name", "interval", "rules", "limit", "query_offset", "labels"];
const ruleKeys = ["alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations"];
/** A record name: a label name (labelNamePattern) that may also hold `:`. */
const recordNamePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** The name a user rule file gets in Prometheus' rules directory: `user/rules/payments.yaml` → `user-payments.yml`. */
export const userRuleFileName = (filePath: string): string => `user-${filePath.replace(/^.*\//, "").replace(/\.ya?ml$/, "")}.yml`;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const isOptionalDuration = (v: unknown) => v === undefined || (typeof v === "string" && durationPattern.test(v));

/** Checks one parsed rule file; pushes a line per problem and returns the rules with their `owner` label filled in. */
function checkGroups(path: string, doc: unknown, reserved: ReadonlySet<string>, problems: string[], alerts: string[]): Json {
    const at = (where: string, what: string) => problems.push(`${path}: ${where}${where ? ": " : ""}${what}`);
    if (!isObject(doc) || !Array.isArray(doc.groups)) {
        at("", "expected Prometheus' rule file format, a map with `groups:` (a list of {name, rules})");
        return {};
    }
    for (const key of Object.keys(doc).filter((k) => k !== "groups")) at("", `unknown key ${key}; a rule file holds only groups:`);
    const names = new Set<string>();
    const groups = doc.groups.map((group: unknown, gi) => {
        const where = `groups[${gi}]`;
        if (!isObject(group)) {
            at(where, "expected a map with name and rules");
            return group;
        }
        const name = typeof group.name === "string" && group.name !== "" ? group.name : undefined;
        const g = name ? `group ${name}` : where;
        if (!name) at(where, "the group has no name; add name: <group name>");
        else if (names.has(name)) at(g, "another group of this file has the same name; rename one");
        if (name) names.add(name);
        for (const key of Object.keys(group).filter((k) => !groupKeys.includes(k))) at(g, `unknown key ${key}; accepted: ${groupKeys.join(", ")}`);
        if (!isOptionalDuration(group.interval)) at(g, `interval ${JSON.stringify(group.interval)} is not a duration; write e.g. 30s or 1m`);
        if (!Array.isArray(group.rules)) {
            at(g, "the group has no rules: list; add rules: [...]");
            return group;
        }
        const rules = group.rules.map((rule: unknown, ri) => checkRule(`${g}, rules[${ri}]`, rule, reserved, at, alerts));
        return { ...group, rules };
    });
    return { groups };
}

function checkRule(where: string, rule: unknown, reserved: ReadonlySet<string>, at: (where: string, what: string) => void, alerts: string[]): unknown {
    if (!isObject(rule)) {
        at(where, "expected a map with alert (or record) and expr");
        return rule;
    }
    const isAlert = "alert" in rule;
    const name = isAlert ? rule.alert : rule.record;
    const r = typeof name === "string" && name !== "" ? `${where} (${isAlert ? "alert" : "record"} ${name})` : where;
    if (isAlert === "record" in rule) at(where, "a rule has either alert: <AlertName> or record: <level:metric:operations>, not both nor neither");
    else if (isAlert && !(typeof name === "string" && labelNamePattern.test(name))) at(r, `alert name ${JSON.stringify(name)} must be letters, digits and _`);
    else if (!isAlert && !(typeof name === "string" && recordNamePattern.test(name)))
        at(r, `record name ${JSON.stringify(name)} must be letters, digits, _ and :`);
    if (isAlert && typeof name === "string") {
        if (reserved.has(name)) at(r, `the project's own alert catalogue has an alert named ${name}; name yours differently`);
        alerts.push(name);
    }
    for (const key of Object.keys(rule).filter((k) => !ruleKeys.includes(k))) at(r, `unknown key ${key}; accepted: ${ruleKeys.join(", ")}`);
    const expr = typeof rule.expr === "number" ? String(rule.expr) : rule.expr;
    if (typeof expr !== "string" || expr.trim() === "") at(r, "no expr; add expr: <PromQL>");
    else {
        const errors = promqlSyntaxErrors(expr);
        if (errors.length > 0) at(r, `expr is not valid PromQL (${errors[0]}); fix the expression (Prometheus' expression browser shows the error too)`);
    }
    for (const key of ["for", "keep_firing_for"]) {
        if (!isOptionalDuration(rule[key])) at(r, `${key} ${JSON.stringify(rule[key])} is not a duration; write e.g. 5m`);
    }
    for (const key of ["labels", "annotations"]) {
        const map = rule[key];
        // `labels:` with nothing under it is YAML's null, which Prometheus reads as none.
        if (map === undefined || map === null) continue;
        if (!isObject(map) || Object.values(map).some((v) => typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean"))
            at(r, `${key} must be a map of names to text`);
        else
            for (const label of Object.keys(map).filter((l) => !labelNamePattern.test(l)))
                at(r, `${key} name ${JSON.stringify(label)} must be letters, digits and _`);
    }
    if (!isAlert) return rule;
    const labels = isObject(rule.labels) ? rule.labels : {};
    // The severities the routing tree routes on (alerts/routing.ts): critical pages, warning goes to chat, info to e-mail.
    if (!(routedSeverities as readonly unknown[]).includes(labels.severity))
        at(
            r,
            `labels.severity ${labels.severity === undefined ? "is missing" : `${JSON.stringify(labels.severity)} is not one the routing knows`}; ` +
                "set severity: critical (pages), warning (chat) or info (e-mail)",
        );
    const annotations = isObject(rule.annotations) ? rule.annotations : {};
    if (typeof annotations.summary !== "string" || annotations.summary.trim() === "")
        at(r, "annotations.summary is missing; add summary: <one line saying what is wrong> (every notification shows it)");
    // Every alert reaches Alertmanager with cluster (Prometheus' external label), owner and severity (docs/alerting.md).
    return { ...rule, labels: { owner: ownerLabelValues.platform, ...labels } };
}

/** Checks every user rule file; the files Prometheus gets (by rules-directory name), or every problem at once and no file (nothing is half-applied). */
export function userRuleFiles(files: readonly UserFile[], reservedAlertNames: ReadonlySet<string> = new Set()) {
    const problems: string[] = [];
    const alerts: string[] = [];
    const rendered: Record<string, string> = {};
    const from = new Map<string, string>();
    for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
        const base = file.path.replace(/^.*\//, "");
        if (!fileNamePattern.test(base)) {
            problems.push(
                `${file.path}: rename it to letters, digits, _ and - ending in .yml (Prometheus' rules directory and a ConfigMap key take it as it is)`,
            );
            continue;
        }
        const target = userRuleFileName(file.path);
        if (from.has(target)) {
            problems.push(`${file.path}: ${from.get(target)} becomes ${target} too; rename one of them`);
            continue;
        }
        from.set(target, file.path);
        const doc = parseDocument(file.text, { uniqueKeys: true });
        if (doc.errors.length > 0) {
            // The parser's first line ("Map keys must be unique at line 2, column 1:"), without its code frame.
            problems.push(`${file.path}: not valid YAML: ${doc.errors[0].message.split("\n")[0].replace(/:$/, "")}; fix the YAML there`);
            continue;
        }
        rendered[target] = renderYaml(
            checkGroups(file.path, doc.toJS(), reservedAlertNames, problems, alerts),
            `Copied from ${file.path} by the monitoring Pulumi program (owner label filled in); edit that file, not this one.`,
        );
    }
    if (problems.length > 0) return { files: {}, alerts: [], problems };
    return { files: rendered, alerts: alerts.sort(), problems };
}
