// The frame every built-in dashboard shares (variables, time and refresh defaults, links, rows and panels), built into plain data.
import * as cog from "@grafana/grafana-foundation-sdk/cog";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type { PlatformName } from "../model/config/types";
import { folders, FolderSpec } from "../model/folders";
import { datasourceVariables, metricsDatasource, runbookLink } from "./common";

export type DashboardJson = Record<string, unknown>;

/** One dashboard ready to be provisioned: a built-in one, or one of the user's JSON files. No Pulumi. */
export interface DashboardDefinition {
    /** Fixed and stable across Grafana instances, as links and the Grafana provider find the dashboard by it (1-40 characters of [A-Za-z0-9_-]). */
    readonly uid: string;
    readonly title: string;
    /** The Grafana folder the dashboard belongs in: one of model/folders.ts, or a user folder (user/dashboards/<folder>/). */
    readonly folder: FolderSpec;
    /** The dashboard model: the foundation SDK's `build()` output, or a loaded custom file. */
    readonly json: DashboardJson;
    /** Platforms whose stacks deploy it (its metrics exist only there). Default: every platform. */
    readonly platforms?: readonly PlatformName[];
    /** Deployed only by stacks with a monitoring:remoteWrite entry (its metrics exist only then). */
    readonly remoteWrite?: boolean;
    /** Deployed only by stacks with monitoring:thanos on (its metrics exist only then). */
    readonly thanos?: boolean;
}

/** Tag on every built-in dashboard; the "Provisioning dashboards" link lists dashboards by it. */
const platformTag = "provisioning";

interface DashboardSpec extends Pick<DashboardDefinition, "uid" | "title" | "platforms" | "remoteWrite" | "thanos"> {
    readonly description: string;
    readonly tags: readonly string[];
    readonly folder?: FolderSpec;
    /** Series the `job` and `instance` variables read their values from (a metric every target of the area exposes). */
    readonly variableMetric: string;
    /** Regex the `job` variable's values must match, to keep unrelated jobs out of the list. */
    readonly jobRegex?: string;
    readonly logs?: boolean;
    readonly traces?: boolean;
    /** Alerts whose runbooks this dashboard links to (names from the alert catalogue). */
    readonly alerts: readonly string[];
    /** Rows and panels in layout order: a string starts a row of that title. */
    readonly panels: readonly (string | cog.Builder<dashboard.Panel>)[];
}

function queryVariable(name: string, label: string, query: string): dashboard.QueryVariableBuilder {
    return new dashboard.QueryVariableBuilder(name)
        .label(label)
        .query(query)
        .datasource(metricsDatasource)
        .current({ selected: true, text: "All", value: "$__all" })
        .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
        .sort(dashboard.VariableSort.AlphabeticalAsc)
        .multi(true)
        .includeAll(true);
}

const datasourceVariable = (plugin: keyof typeof datasourceVariables) =>
    new dashboard.DatasourceVariableBuilder(datasourceVariables[plugin].name).label(datasourceVariables[plugin].label).type(plugin).multi(false);

type Obj = Record<string, unknown>;
export const isObject = (value: unknown): value is Obj => value !== null && typeof value === "object" && !Array.isArray(value);

/** `value` with every string replaced by `visit(text, path)`, the path as in `panels[0].targets[1].expr`. */
export function mapStrings(value: unknown, at: string, visit: (text: string, at: string) => string): unknown {
    if (typeof value === "string") return visit(value, at);
    if (Array.isArray(value)) return value.map((v, i) => mapStrings(v, `${at}[${i}]`, visit));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, at === "" ? k : `${at}.${k}`, visit)]));
    return value;
}

/** Every panel of a dashboard model in layout order, rows and their nested (collapsed) panels included. */
export function panelsOf(json: Obj): Obj[] {
    const panels = Array.isArray(json.panels) ? json.panels.filter(isObject) : [];
    return panels.flatMap((panel) => [panel, ...panelsOf(panel)]);
}

/** The queries of a dashboard's `query` variables (e.g. `label_values(up{job=~"$job"}, instance)`). */
export function variableQueriesOf(json: Obj): { name: string; datasourceUid: string | undefined; query: string }[] {
    const templating = isObject(json.templating) ? json.templating : undefined;
    const list = Array.isArray(templating?.list) ? templating.list.filter(isObject) : [];
    return list
        .filter((v) => v.type === "query")
        .map((v) => ({
            name: String(v.name),
            datasourceUid: (isObject(v.datasource) ? v.datasource.uid : undefined) as string | undefined,
            query: String((isObject(v.query) ? v.query.query : v.query) ?? ""),
        }));
}

export function newDashboard(spec: DashboardSpec): DashboardDefinition {
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
        .withVariable(datasourceVariable("prometheus"));
    if (spec.logs) builder.withVariable(datasourceVariable("loki"));
    if (spec.traces) builder.withVariable(datasourceVariable("tempo"));
    // "All" jobs expands to the listed values (no allValue), so a jobRegex also limits what "All" selects.
    const jobs = queryVariable("job", "Job", `label_values(${spec.variableMetric}, job)`);
    builder
        .withVariable(spec.jobRegex ? jobs.regex(spec.jobRegex) : jobs)
        .withVariable(queryVariable("instance", "Instance", `label_values(${spec.variableMetric}{job=~"$job"}, instance)`).allValue(".+"));
    for (const alert of spec.alerts) builder.link(runbookLink(alert));
    for (const item of spec.panels) {
        if (typeof item === "string") builder.withRow(new dashboard.RowBuilder(item));
        else builder.withPanel(item);
    }
    const json = builder.build() as unknown as DashboardJson;
    // Panels numbered 1, 2, 3... in layout order: panel links and `viewPanel=` need stable ids.
    panelsOf(json).forEach((panel, i) => (panel.id = i + 1));
    return {
        uid: spec.uid,
        title: spec.title,
        folder: spec.folder ?? folders.platform,
        json,
        ...(spec.platforms ? { platforms: spec.platforms } : {}),
        ...(spec.remoteWrite ? { remoteWrite: true } : {}),
        ...(spec.thanos ? { thanos: true } : {}),
    };
}
