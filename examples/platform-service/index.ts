// A platform service's stack: finds the monitoring stack through a StackReference and derives its own settings.
import * as pulumi from "@pulumi/pulumi";
import { serviceTelemetrySettings } from "./telemetry";

const config = new pulumi.Config();
const monitoring = new pulumi.StackReference(config.require("monitoringStack"));

const settings = serviceTelemetrySettings("provisioning-orchestrator", {
    otlpGrpcEndpoint: monitoring.requireOutput("otlpGrpcEndpoint") as pulumi.Output<string>,
    lokiPushUrl: monitoring.requireOutput("lokiPushUrl") as pulumi.Output<string>,
    prometheusUrl: monitoring.requireOutput("prometheusUrl") as pulumi.Output<string>,
    grafanaUrl: monitoring.requireOutput("grafanaUrl") as pulumi.Output<string>,
});

/** Environment for the service's container: where to send traces and logs. */
export const telemetryEnvironment = settings.environment;
/** The [tracing] block of the service's config.toml (the guide's format). */
export const tracingToml = settings.tracingToml;
export const dashboardsUrl = settings.grafanaUrl;
/** A secret output stays secret through the reference. */
export const grafanaAdminPassword = monitoring.getOutput("grafanaAdminPassword");
