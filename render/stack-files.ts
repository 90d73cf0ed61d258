// Every file the stack deploys by its `npm run render` path, and the dashboards as the Grafana provider gets them: the one list program, CLI and tests read.
import { buildDashboards, DashboardDefinition, dashboardsFor, normalizeDashboardJson, withUserDashboards } from "../dashboards";
import { FolderSpec } from "../model/folders";
import { sortedRecord } from "../model/common/sorted-keys";
import { deploysCollector } from "../model/config/catalog";
import { StackConfig } from "../model/config/types";
import { deploys, externalUrl } from "../model/endpoints";
import { renderAlertmanagerConfig } from "./alertmanager/config";
import { renderGrafanaIni } from "./grafana/config";
import { renderLokiConfig } from "./loki/config";
import { renderOtelCollectorConfig } from "./otel-collector/config";
import { renderPrometheusConfig } from "./prometheus/config";
import { renderPrometheusRuleFiles } from "./prometheus/rule-files";
import { renderAlloyConfig } from "./promtail/alloy-config";
import { renderPromtailConfig } from "./promtail/log-spec";
import { renderTempoConfig } from "./tempo/config";
import { noUserContent, UserContent } from "./user-content";

export interface DashboardResourceSpec {
    readonly uid: string;
    readonly title: string;
    readonly folder: FolderSpec;
    /** Canonical dashboard JSON (sorted keys, no id or version), as Grafana gives it back. */
    readonly configJson: string;
}

/** The dashboards a stack deploys: the built-in ones for its platform (runbook links under its runbookBaseUrl) and the user's. */
export function stackDashboards(
    config: StackConfig,
    user: UserContent = noUserContent,
    builtIn: readonly DashboardDefinition[] = buildDashboards(config.runbookBaseUrl),
): DashboardResourceSpec[] {
    return dashboardsFor(config.platform, withUserDashboards(builtIn, user.dashboards), config.remoteWrite.length > 0, config.thanos.enabled).map((d) => ({
        uid: d.uid,
        title: d.title,
        folder: d.folder,
        configJson: normalizeDashboardJson(d.json),
    }));
}

/** Path -> content of each deployed component's generated files (at /etc/<path> in its container); secrets only as paths of files written at deploy. */
export function renderStackFiles(config: StackConfig, user: UserContent = noUserContent): Record<string, string> {
    const files: Record<string, string> = {};
    if (deploys(config, "prometheus")) {
        files["prometheus/prometheus.yml"] = renderPrometheusConfig(config);
        for (const [name, content] of Object.entries({ ...renderPrometheusRuleFiles(config), ...user.ruleFiles })) files[`prometheus/rules/${name}`] = content;
    }
    if (deploys(config, "alertmanager")) files["alertmanager/alertmanager.yml"] = renderAlertmanagerConfig(config);
    if (deploys(config, "loki")) files["loki/loki.yml"] = renderLokiConfig(config);
    if (deploys(config, "promtail") && config.logAgent === "alloy") files["alloy/config.alloy"] = renderAlloyConfig(config);
    else if (deploys(config, "promtail")) files["promtail/promtail.yml"] = renderPromtailConfig(config);
    if (deploys(config, "tempo")) files["tempo/tempo.yml"] = renderTempoConfig(config);
    if (deploysCollector(config)) files["otel-collector/config.yaml"] = renderOtelCollectorConfig(config);
    if (deploys(config, "grafana")) files["grafana/grafana.ini"] = renderGrafanaIni(config, externalUrl(config, "grafana", config.ports.grafana));
    return sortedRecord(files);
}

/** `grafana/dashboards/<uid>.json` -> the JSON the Grafana provider receives for it, for a stack that deploys Grafana. */
export function renderDashboardFiles(config: StackConfig, dashboards: readonly DashboardResourceSpec[] = stackDashboards(config)): Record<string, string> {
    if (!deploys(config, "grafana")) return {};
    return sortedRecord(Object.fromEntries(dashboards.map((d) => [`grafana/dashboards/${d.uid}.json`, d.configJson])));
}
