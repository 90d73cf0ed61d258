// One run tells everything: a new alert of the project's catalogue, or a new built-in dashboard, fails here with every
// file it still needs, each named with the entry to add, in one list (the fast tier: `npm run test:unit`). The other
// tests check each file's content in depth; this one makes sure nothing is learnt one run at a time.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { allAlertRules, AlertRule, runbookFileName, runbookUrl } from "../../alerts/catalog";
import { ruleGroups } from "../../alerts/groups";
import { isKnownMetric } from "../support/metric-lookup";
import { buildDashboards, DashboardDefinition } from "../../dashboards";
import { metricContractPath, renderMetricContract } from "../../scripts/render-metric-contract";
import { projectRoot } from "../support/stack-files";
import { alertFixtures } from "../tools/rule-fixtures";
import { metricNamesIn } from "../tools/promql";
import { catalogueFileOf, catalogueMetricHint, dashboardFileOf, fixtureToAdd, runbookLinkToAdd } from "../support/where-to-fix";

const read = (file: string) => fs.readFileSync(path.join(projectRoot, file), "utf8");
const exists = (file: string) => fs.existsSync(path.join(projectRoot, file));

/** Every URL a dashboard links (dashboard links and panel links). */
function linkedUrls(d: DashboardDefinition): string[] {
    const json = d.json as { links?: { url?: string }[]; panels?: { links?: { url?: string }[]; panels?: { links?: { url?: string }[] }[] }[] };
    const panels = (json.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
    return [...(json.links ?? []), ...panels.flatMap((p) => p.links ?? [])].map((l) => l.url ?? "");
}

/** What an alert of the catalogue still needs, one line per file: the file and the entry to add there. */
function missingForAlert(rule: AlertRule, dashboards: readonly DashboardDefinition[], alertsDoc: string): string[] {
    const missing: string[] = [];
    if (!ruleGroups.some((g) => g.name === rule.group))
        missing.push(`alerts/groups.ts: ${rule.alert} names group ${rule.group}, which no entry of ruleGroups declares`);
    let metrics: string[] = [];
    try {
        metrics = metricNamesIn(rule.expr);
    } catch (err) {
        missing.push(`${catalogueFileOf(rule.alert)}: ${rule.alert}: ${(err as Error).message}`);
    }
    for (const m of metrics.filter((name) => !isKnownMetric(name))) missing.push(`${rule.alert} queries ${m}: ${catalogueMetricHint(m)}`);
    if (!alertFixtures.some((f) => f.alert === rule.alert)) missing.push(fixtureToAdd(rule.alert));
    if (!exists(`runbooks/${runbookFileName(rule.alert)}`))
        missing.push(
            `runbooks/${runbookFileName(rule.alert)}: create it from the template in runbooks/README.md (## Meaning, ## Impact, ## First checks, ## Mitigation, ## Escalation)`,
        );
    if (!dashboards.some((d) => linkedUrls(d).includes(runbookUrl(rule.alert)))) missing.push(runbookLinkToAdd(rule.alert, rule.expr));
    if (!new RegExp(`\\b${rule.alert}\\b`).test(alertsDoc)) missing.push(`docs/alerts.md: add ${rule.alert} to the alert table, with its severity and for`);
    return missing;
}

/** What a built-in dashboard still needs: its row in dashboards/README.md. */
function missingForDashboard(d: DashboardDefinition, readme: string): string[] {
    const file = dashboardFileOf(d.uid);
    const name = file.startsWith("dashboards/") ? file.slice("dashboards/".length) : "<file>.ts";
    return readme.includes(`| \`${d.uid}\` |`) ? [] : [`dashboards/README.md: add the row | \`${d.uid}\` | ${d.title} | \`${name}\` |`];
}

/** Builders written in dashboards/*.ts (a `newDashboard({ uid })`) that dashboards/index.ts does not list. */
function unlistedBuilders(built: readonly DashboardDefinition[]): string[] {
    const dir = path.join(projectRoot, "dashboards");
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".ts"))
        .flatMap((f) => {
            const text = fs.readFileSync(path.join(dir, f), "utf8");
            const uid = /newDashboard\(\{\s*uid: "([^"]+)"/.exec(text)?.[1];
            const builder = /export function (\w+)\(\): DashboardDefinition/.exec(text)?.[1];
            return uid && builder && !built.some((d) => d.uid === uid) ? [`dashboards/index.ts: add ${builder} (dashboards/${f}, uid ${uid}) to builders`] : [];
        });
}

describe("one run tells everything: what a new alert or dashboard of the project still needs", () => {
    const dashboards = buildDashboards();

    it("every catalogued alert has its group, catalogued metrics, promtool fixture, runbook, dashboard link and docs row", () => {
        const alertsDoc = read("docs/alerts.md");
        const missing = allAlertRules.flatMap((rule) => missingForAlert(rule, dashboards, alertsDoc));
        if (read(metricContractPath) !== renderMetricContract()) missing.push(`${metricContractPath}: out of date; regenerate it with npm run metric-contract`);
        assert.deepEqual(missing, [], `still to add:\n${missing.join("\n")}`);
    });

    it("every built-in dashboard is listed in dashboards/index.ts and has its row in dashboards/README.md", () => {
        const readme = read("dashboards/README.md");
        const missing = [...unlistedBuilders(dashboards), ...dashboards.flatMap((d) => missingForDashboard(d, readme))];
        assert.deepEqual(missing, [], `still to add:\n${missing.join("\n")}`);
    });

    it("names every file a new alert needs, and the entry, in one list", () => {
        const newAlert: AlertRule = {
            alert: "WidgetsStuck",
            group: "provisioning_widgets",
            owner: "platform",
            expr: "provisioning_widgets_stuck > 0",
            severity: "warning",
            summary: "Widgets are stuck",
            description: "x",
        };
        assert.deepEqual(missingForAlert(newAlert, dashboards, "| OrchestratorDown | critical | 1m |"), [
            "alerts/groups.ts: WidgetsStuck names group provisioning_widgets, which no entry of ruleGroups declares",
            "WidgetsStuck queries provisioning_widgets_stuck: fix the name, or catalogue provisioning_widgets_stuck (name, type, help, labels, source) in alerts/metrics-platform.ts; a recorded series belongs in alerts/recording-rules.ts",
            'add { alert: "WidgetsStuck", firing: {series, at, expected}, healthy: {series, at} } to platformFixtures in tests/tools/rule-fixtures-platform.ts (the alert is in alerts/catalog-*.ts; shape in tests/tools/rule-fixture-types.ts)',
            "runbooks/WidgetsStuck.md: create it from the template in runbooks/README.md (## Meaning, ## Impact, ## First checks, ## Mitigation, ## Escalation)",
            'WidgetsStuck: add "WidgetsStuck" to the alerts: [...] list of the dashboard that charts its metrics (dashboards/*.ts)',
            "docs/alerts.md: add WidgetsStuck to the alert table, with its severity and for",
        ]);
    });

    it("names what a new dashboard needs: its builder in dashboards/index.ts and its README row", () => {
        const [first, ...others] = dashboards;
        assert.deepEqual(unlistedBuilders(others), [
            `dashboards/index.ts: add ${builderOf(first.uid)} (${dashboardFileOf(first.uid)}, uid ${first.uid}) to builders`,
        ]);
        assert.deepEqual(missingForDashboard({ ...first, uid: "prov-widgets", title: "Widgets" }, ""), [
            "dashboards/README.md: add the row | `prov-widgets` | Widgets | `<file>.ts` |",
        ]);
    });
});

function builderOf(uid: string): string {
    return /export function (\w+)\(\): DashboardDefinition/.exec(read(dashboardFileOf(uid)))![1];
}
