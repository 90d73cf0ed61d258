// Every file the stack deploys, by its path in `npm run render` output: the one list both the CLI and tests read.
import { renderPrometheusRuleFiles } from "./prometheus/rule-files";
import { buildDashboards, DashboardDefinition, dashboardsFor, withUserDashboards } from "../dashboards";
import { renderAlertmanagerConfig } from "./alertmanager/config";
import { StackConfig } from "../model/config/types";
import { renderGrafanaIni } from "./grafana/config";
import { DashboardResourceSpec, dashboardResourceSpecs } from "./grafana-content/dashboards";
import { renderLokiConfig } from "./loki/config";
import { renderPrometheusConfig } from "./prometheus/config";
import { renderAlloyConfig } from "./promtail/alloy-config";
import { renderPromtailConfig } from "./promtail/config";
import { renderTempoConfig } from "./tempo/config";
import { deploys, externalUrl } from "../model/endpoints";
import { noUserContent, UserContent } from "./user-content";

/** Every rule file Prometheus gets: the catalogue's, and the user's own (user/rules/, as user-<name>.yml). */
function stackRuleFiles(config: StackConfig, user: UserContent = noUserContent): Record<string, string> {
    return { ...renderPrometheusRuleFiles(config), ...user.ruleFiles };
}

/** The dashboards a stack deploys: the built-in ones for its platform (runbook links under its runbookBaseUrl) and the user's. */
export function stackDashboards(config: StackConfig, user: UserContent = noUserContent): DashboardDefinition[] {
    return dashboardsFor(config.platform, withUserDashboards(buildDashboards(config.runbookBaseUrl), user.dashboards));
}

/**
 * Relative path -> content of every generated file of a stack's deployed components, in sorted path order.
 * Secrets never appear: files reference credential files by path, and those are written only at deploy time.
 */
export function renderStackFiles(config: StackConfig, user: UserContent = noUserContent): Record<string, string> {
    const files: Record<string, string> = {};
    if (deploys(config, "prometheus")) {
        files["prometheus/prometheus.yml"] = renderPrometheusConfig(config);
        for (const [name, content] of Object.entries(stackRuleFiles(config, user))) files[`prometheus/rules/${name}`] = content;
    }
    if (deploys(config, "alertmanager")) files["alertmanager/alertmanager.yml"] = renderAlertmanagerConfig(config);
    if (deploys(config, "loki")) files["loki/loki.yml"] = renderLokiConfig(config);
    // The log agent's file, at the path it is mounted on under /etc.
    if (deploys(config, "promtail") && config.logAgent === "alloy") files["alloy/config.alloy"] = renderAlloyConfig(config);
    else if (deploys(config, "promtail")) files["promtail/promtail.yml"] = renderPromtailConfig(config);
    if (deploys(config, "tempo")) files["tempo/tempo.yml"] = renderTempoConfig(config);
    if (deploys(config, "grafana")) files["grafana/grafana.ini"] = renderGrafanaIni(config, externalUrl(config, "grafana", config.ports.grafana));
    return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * `grafana/dashboards/<uid>.json` -> the canonical JSON the Grafana provider receives for that dashboard (built-in and
 * the user's), for a stack that deploys Grafana; sorted by path.
 */
export function renderDashboardFiles(
    config: StackConfig,
    dashboards: readonly DashboardResourceSpec[] = dashboardResourceSpecs(stackDashboards(config)),
): Record<string, string> {
    if (!deploys(config, "grafana")) return {};
    return Object.fromEntries(dashboards.map((d) => [`grafana/dashboards/${d.uid}.json`, d.configJson] as const).sort(([a], [b]) => (a < b ? -1 : 1)));
}
