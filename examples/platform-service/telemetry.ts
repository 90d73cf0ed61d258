// What a platform service needs from the monitoring stack, derived from its outputs.
import * as pulumi from "@pulumi/pulumi";

export interface MonitoringEndpoints {
    otlpGrpcEndpoint: pulumi.Input<string>;
    lokiPushUrl: pulumi.Input<string>;
    prometheusUrl: pulumi.Input<string>;
    grafanaUrl: pulumi.Input<string>;
}

export function serviceTelemetrySettings(serviceName: string, endpoints: MonitoringEndpoints) {
    const otlp = pulumi.output(endpoints.otlpGrpcEndpoint);
    return {
        environment: pulumi.all([otlp, endpoints.lokiPushUrl]).apply(([grpc, loki]) => ({
            OTEL_EXPORTER_OTLP_ENDPOINT: `http://${grpc}`,
            OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
            OTEL_SERVICE_NAME: serviceName,
            LOKI_PUSH_URL: loki,
        })),
        tracingToml: otlp.apply((grpc) => `[tracing]\nenabled = true\nexporter = "otlp"\nendpoint = "${grpc}"\nservice_name = "${serviceName}"\n`),
        grafanaUrl: pulumi.output(endpoints.grafanaUrl),
    };
}
