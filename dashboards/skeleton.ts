// The frame every built-in dashboard shares: variables, time and refresh defaults, links, and the final build.
import { FolderSpec } from "../model/folders";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { allAlertRules, runbookUrl } from "../alerts/catalog";
import { datasourceVariables } from "./common";
import { DashboardDefinition, DashboardJson } from "./types";

/** Tag on every built-in dashboard; the "Provisioning dashboards" link lists dashboards by it. */
const platformTag = "provisioning";

export interface DashboardSpec {
    /** Fixed, short and stable: links and the Grafana provider find the dashboard by it. */
    readonly uid: string;
    readonly title: string;
    readonly description: string;
    readonly tags: readonly string[];
    /** Series the `job` and `instance` variables read their values from (a metric every target of the area exposes). */
    readonly variableMetric: string;
    /** Regex the `job` variable's values must match, to keep unrelated jobs out of the list. */
    readonly jobRegex?: string;
    /** Adds the `logs_datasource` (Loki) variable. */
    readonly logs?: boolean;
    /** Adds the `traces_datasource` (Tempo) variable. */
    readonly traces?: boolean;
    /** Alerts whose runbooks this dashboard links to (names from the alert catalogue). */
    readonly alerts: readonly string[];
}

/** The catalogue entry of an alert; throws on a name the catalogue lacks, so a renamed alert breaks the build, not a link. */
function alertNamed(name: string) {
    const rule = allAlertRules.find((a) => a.alert === name);
    if (!rule) throw new Error(`dashboard links to unknown alert ${name}`);
    return rule;
}

/** A link to an alert's runbook under the default base (buildDashboards moves it to the stack's runbookBaseUrl). */
export function runbookLink(alert: string): dashboard.DashboardLinkBuilder {
    const rule = alertNamed(alert);
    return new dashboard.DashboardLinkBuilder(`Runbook: ${rule.alert}`)
        .type(dashboard.DashboardLinkType.Link)
        .url(runbookUrl(rule.alert))
        .tooltip(rule.summary)
        .icon("doc")
        .targetBlank(true)
        .includeVars(false)
        .keepTime(false)
        .asDropdown(false);
}

function queryVariable(name: string, label: string, query: string): dashboard.QueryVariableBuilder {
    return new dashboard.QueryVariableBuilder(name)
        .label(label)
        .query(query)
        .datasource({ type: "prometheus", uid: `\${${datasourceVariables.metrics}}` })
        .current({ selected: true, text: "All", value: "$__all" })
        .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
        .sort(dashboard.VariableSort.AlphabeticalAsc)
        .multi(true)
        .includeAll(true);
}

/** A dashboard with the shared defaults, variables and links; the caller adds rows and panels. */
export function newDashboard(spec: DashboardSpec): dashboard.DashboardBuilder {
    const builder = new dashboard.DashboardBuilder(spec.title)
        .uid(spec.uid)
        .description(spec.description)
        .tags([platformTag, ...spec.tags])
        .editable()
        .tooltip(dashboard.DashboardCursorSync.Crosshair)
        .refresh("30s")
        .time({ from: "now-6h", to: "now" })
        .timezone("browser")
        .timepicker(new dashboard.TimePickerBuilder().refreshIntervals(["30s", "1m", "5m", "15m", "30m", "1h"]))
        .link(
            new dashboard.DashboardLinkBuilder("Provisioning dashboards")
                .type(dashboard.DashboardLinkType.Dashboards)
                .tags([platformTag])
                .asDropdown(true)
                .includeVars(false)
                .keepTime(true)
                .targetBlank(false),
        )
        .withVariable(new dashboard.DatasourceVariableBuilder(datasourceVariables.metrics).label("Prometheus").type("prometheus").multi(false));
    if (spec.logs) {
        builder.withVariable(new dashboard.DatasourceVariableBuilder(datasourceVariables.logs).label("Loki").type("loki").multi(false));
    }
    if (spec.traces) {
        builder.withVariable(new dashboard.DatasourceVariableBuilder(datasourceVariables.traces).label("Tempo").type("tempo").multi(false));
    }
    // "All" jobs expands to the listed values (no allValue), so a jobRegex also limits what "All" selects.
    const jobs = queryVariable("job", "Job", `label_values(${spec.variableMetric}, job)`);
    builder
        .withVariable(spec.jobRegex ? jobs.regex(spec.jobRegex) : jobs)
        .withVariable(queryVariable("instance", "Instance", `label_values(${spec.variableMetric}{job=~"$job"}, instance)`).allValue(".+"));
    for (const alert of spec.alerts) builder.link(runbookLink(alert));
    return builder;
}

type Panel = Record<string, unknown> & { panels?: Panel[] };

/** Numbers panels 1, 2, 3... in layout order (rows' nested panels too): panel links and `viewPanel=` need stable ids. */
function numberPanels(panels: Panel[], next = { id: 1 }): void {
    for (const panel of panels) {
        panel.id = next.id++;
        if (Array.isArray(panel.panels)) numberPanels(panel.panels, next);
    }
}

/** Builds the dashboard model and wraps it with its uid, title and folder. */
export function finish(builder: dashboard.DashboardBuilder, folder: FolderSpec): DashboardDefinition {
    const json = builder.build() as unknown as DashboardJson;
    numberPanels((json.panels ?? []) as Panel[]);
    return { uid: json.uid as string, title: json.title as string, folder, json };
}
