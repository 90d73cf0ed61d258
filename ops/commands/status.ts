// `ops status`: asks every known component for its health, then Prometheus and Alertmanager for the rest.
import { AmSilence, AmStatus, GrafanaAlert, PromAlert, PromEnvelope, PromRuleGroup, PromTarget } from "../api-types";
import { ComponentKey, componentKeys, componentTitle } from "../endpoints";
import { OpsError } from "../errors";
import { call, Endpoint, send } from "../http";
import { assessStatus, ComponentHealth, grafanaHealthProblem, renderStatus, StatusSnapshot } from "../status";
import { Context } from "./context";

/** Each component's health endpoints (all must answer 2xx), and Grafana's JSON check. */
const healthPaths: Readonly<Record<ComponentKey, readonly string[]>> = {
    prometheus: ["/-/healthy", "/-/ready"],
    alertmanager: ["/-/healthy", "/-/ready"],
    grafana: ["/api/health"],
    loki: ["/ready"],
    tempo: ["/ready"],
};

async function probe(endpoint: Endpoint, key: ComponentKey): Promise<ComponentHealth> {
    const seen: string[] = [];
    for (const path of healthPaths[key]) {
        try {
            const r = await send(endpoint, "GET", path);
            if (r.status < 200 || r.status >= 300) {
                return {
                    component: endpoint.component,
                    url: endpoint.baseUrl,
                    health: "unhealthy",
                    detail: `${path} answered ${r.status} ${r.text.trim().slice(0, 80)}`,
                };
            }
            const grafanaProblem = key === "grafana" ? grafanaHealthProblem(r.text) : undefined;
            if (grafanaProblem !== undefined) return { component: endpoint.component, url: endpoint.baseUrl, health: "unhealthy", detail: grafanaProblem };
            seen.push(`${path} ok`);
        } catch (err) {
            if (!(err instanceof OpsError)) throw err;
            return { component: endpoint.component, url: endpoint.baseUrl, health: "unreachable", detail: err.detail };
        }
    }
    return { component: endpoint.component, url: endpoint.baseUrl, health: "ok", detail: seen.join(", ") };
}

export async function statusCommand(ctx: Context): Promise<number> {
    const endpoints = ctx.endpoints(["prometheus", "alertmanager"]);
    const known = componentKeys.filter((k) => endpoints.urls[k] !== undefined);
    const plain = (k: ComponentKey): Endpoint => ({ component: componentTitle[k], baseUrl: endpoints.urls[k] as string });
    const components = await Promise.all(known.map((k) => probe(plain(k), k)));
    const reachable = (k: ComponentKey) => components.some((c) => c.component === componentTitle[k] && c.health !== "unreachable");
    const snapshot: { -readonly [K in keyof StatusSnapshot]: StatusSnapshot[K] } = { components };
    if (reachable("prometheus")) {
        const prom = plain("prometheus");
        const data = <T>(path: string) => call<PromEnvelope<T>>(prom, "GET", path).then((r) => r.data);
        snapshot.targets = (await data<{ activeTargets: PromTarget[] }>("/api/v1/targets?state=active")).activeTargets;
        snapshot.ruleGroups = (await data<{ groups: PromRuleGroup[] }>("/api/v1/rules")).groups;
        snapshot.alerts = (await data<{ alerts: PromAlert[] }>("/api/v1/alerts")).alerts;
    }
    // Grafana evaluates the platform's non-critical alerts by default: they are firing alerts too.
    if (reachable("grafana")) {
        if (endpoints.grafanaPassword === undefined) snapshot.grafanaAlertsSkipped = "no Grafana password: set GRAFANA_PASSWORD, or read the stack outputs";
        else {
            const grafana = ctx.endpoint(endpoints, "grafana");
            snapshot.grafanaAlerts = (
                await call<PromEnvelope<{ alerts: GrafanaAlert[] }>>(grafana, "GET", "/api/prometheus/grafana/api/v1/alerts")
            ).data.alerts;
        }
    }
    if (reachable("alertmanager")) {
        const am = plain("alertmanager");
        snapshot.alertmanager = await call<AmStatus>(am, "GET", "/api/v2/status");
        snapshot.silences = await call<AmSilence[]>(am, "GET", "/api/v2/silences");
    }
    const report = assessStatus(snapshot);
    if (ctx.options.json) ctx.printJson(report);
    else ctx.print(renderStatus(report, ctx.colours));
    return report.exitCode;
}
