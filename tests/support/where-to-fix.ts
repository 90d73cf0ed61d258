// Where a failing catalogue, fixture, runbook or dashboard check is fixed: the file, and the entry to add there.
// Failure messages use these, so a new alert or metric tells its author which files to touch (docs/how-to/add-an-alert.md).
import * as fs from "fs";
import * as path from "path";
import { kubernetesAlerts } from "../../alerts/catalog-kubernetes";
import { platformAlerts } from "../../alerts/catalog-platform";
import { stackAlerts } from "../../alerts/catalog-stack";
import { MetricSpec } from "../../alerts/metrics";
import { findMetric } from "./metric-lookup";
import { dashboardAreas } from "./dashboard-areas";
import { metricNamesIn } from "../tools/promql";
import { projectRoot } from "./stack-files";

type Kind = "platform" | "stack" | "kubernetes";

function kindOf(alert: string): Kind | undefined {
    if (platformAlerts.some((a) => a.alert === alert)) return "platform";
    if (stackAlerts.some((a) => a.alert === alert)) return "stack";
    if (kubernetesAlerts.some((a) => a.alert === alert)) return "kubernetes";
    return undefined;
}

/** `alerts/catalog-<kind>.ts`, the file that declares the alert. */
export function catalogueFileOf(alert: string): string {
    const kind = kindOf(alert);
    return kind ? `alerts/catalog-${kind}.ts` : "alerts/catalog-*.ts";
}

/** What to add to the promtool fixtures for an alert that has none. */
export function fixtureToAdd(alert: string): string {
    const kind = kindOf(alert) ?? "platform";
    return (
        `add { alert: "${alert}", firing: {series, at, expected}, healthy: {series, at} } to ${kind}Fixtures in ` +
        `tests/tools/rule-fixtures-${kind}.ts (the alert is in ${catalogueFileOf(alert)}; shape in tests/tools/rule-fixture-types.ts)`
    );
}

/** The source file of a built-in dashboard (the one whose builder names its uid), or user/dashboards/ for the others. */
export function dashboardFileOf(uid: string): string {
    const dir = path.join(projectRoot, "dashboards");
    const file = fs.readdirSync(dir).find((f) => f.endsWith(".ts") && fs.readFileSync(path.join(dir, f), "utf8").includes(`uid: "${uid}"`));
    return file ? `dashboards/${file}` : `user/dashboards/ (uid ${uid})`;
}

/** Which dashboard should link an alert's runbook: the one whose area charts the alert's metrics, and the entry to add. */
export function runbookLinkToAdd(alert: string, expr: string): string {
    const metrics = metricNamesIn(expr)
        .map((name) => findMetric(name))
        .filter((m): m is MetricSpec => m !== undefined);
    const area = dashboardAreas.find((a) => metrics.some(a.includes));
    const where = area
        ? `${dashboardFileOf(area.uid)} (${area.uid}, which charts ${metrics
              .filter(area.includes)
              .map((m) => m.name)
              .join(", ")})`
        : "the dashboard that charts its metrics (dashboards/*.ts)";
    return `${alert}: add "${alert}" to the alerts: [...] list of ${where}`;
}

/** Where an unknown metric name is catalogued, by the kind of name. */
export function metricCatalogueFileFor(metric: string): string {
    return metric.startsWith("provisioning_") ? "alerts/metrics-platform.ts" : "alerts/metrics.ts";
}

/** The sentence a failing check about an unknown metric ends with. */
export function catalogueMetricHint(metric: string): string {
    return `fix the name, or catalogue ${metric} (name, type, help, labels, source) in ${metricCatalogueFileFor(metric)}; a recorded series belongs in alerts/recording-rules.ts`;
}
