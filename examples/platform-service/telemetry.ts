// What a platform service needs from the monitoring stack, derived from its outputs.
import * as pulumi from "@pulumi/pulumi";

export type MonitoringEndpoints = Record<"otlpGrpcEndpoint" | "lokiPushUrl", pulumi.Input<string>>;

export function serviceTelemetrySettings(serviceName: string, endpoints: MonitoringEndpoints) {
    const otlp = pulumi.output(endpoints.otlpGrpcEndpoint);
    return {
        environment: pulumi.all([otlp, endpoints.lokiPushUrl]).apply(([grpc, loki]) => ({
            // One endpoint for all three signals: the monitoring stack's OTLP collector sends each to its store.
            OTEL_EXPORTER_OTLP_ENDPOINT: `http://${grpc}`,
            OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
            OTEL_TRACES_EXPORTER: "otlp",
            OTEL_METRICS_EXPORTER: "otlp",
            OTEL_LOGS_EXPORTER: "otlp",
            OTEL_SERVICE_NAME: serviceName,
            LOKI_PUSH_URL: loki,
        })),
        tracingToml: otlp.apply((grpc) => `[tracing]\nenabled = true\nexporter = "otlp"\nendpoint = "${grpc}"\nservice_name = "${serviceName}"\n`),
    };
}
