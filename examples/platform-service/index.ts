// A platform service's stack: telemetry settings from the monitoring stack's outputs, its team's dashboard and rule with the team's scoped token only.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { TeamMonitoring, TeamScrapeTarget } from "provisioning-monitoring/team";
import { serviceTelemetrySettings } from "./telemetry";

const config = new pulumi.Config();
const monitoring = new pulumi.StackReference(config.require("monitoringStack"));

const settings = serviceTelemetrySettings("provisioning-orchestrator", {
    otlpGrpcEndpoint: monitoring.requireOutput("otlpGrpcEndpoint") as pulumi.Output<string>,
    lokiPushUrl: monitoring.requireOutput("lokiPushUrl") as pulumi.Output<string>,
});

// The team's own folder: its dashboards and rules, written with its token (monitoring:teams in the monitoring stack).
const team = new TeamMonitoring("payments", {
    monitoring,
    team: config.get("team") ?? "payments",
    grafanaUrl: config.get("grafanaUrl"),
    // Dev only: e.g. [{targets: ["host.docker.internal:9464"]}] (docs/how-to/add-a-team-scrape-target.md); on Kubernetes, annotations.
    scrapeTargets: config.getObject<TeamScrapeTarget[]>("scrapeTargets"),
    dashboards: [{ json: fs.readFileSync(path.join(__dirname, "dashboards", "orchestrator.json"), "utf8") }],
    alertRules: [
        {
            name: "OrchestratorErrorsHigh",
            expr: 'sum(rate(http_requests_total{job="orchestrator",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="orchestrator"}[5m])) > 0.05',
            for: "10m",
            severity: "warning",
            summary: "More than 5% of the orchestrator's requests fail",
        },
    ],
});

/** Environment for the service's container: its metrics, logs and traces over OTLP to the stack's one endpoint. */
export const telemetryEnvironment = settings.environment;
/** The [tracing] block of the service's config.toml (the guide's format). */
export const tracingToml = settings.tracingToml;
export const dashboardsUrl = monitoring.requireOutput("grafanaUrl") as pulumi.Output<string>;
export const teamFolderUid = team.folderUid;
export const teamDashboards = team.dashboardUrls;
