import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";

describe("examples/platform-service (mock engine)", () => {
    it("reads the monitoring stack's outputs through a StackReference", async () => {
        const referenced: string[] = [];
        await pulumi.runtime.setMocks(
            {
                newResource(args) {
                    if (args.type !== "pulumi:pulumi:StackReference") return { id: `${args.name}-id`, state: args.inputs };
                    referenced.push(args.inputs.name);
                    const outputs = {
                        otlpGrpcEndpoint: "localhost:4317",
                        lokiPushUrl: "http://localhost:3100/loki/api/v1/push",
                        prometheusUrl: "http://localhost:9090",
                        grafanaUrl: "http://localhost:3000",
                    };
                    return { id: args.inputs.name, state: { name: args.inputs.name, outputs, secretOutputNames: [] } };
                },
                call: (args) => args.inputs,
            },
            "platform-service",
            "dev",
            false,
        );
        pulumi.runtime.setAllConfig({ "platform-service:monitoringStack": "organization/monitoring/dev" });
        const example = require("../../examples/platform-service/index");
        const env = await new Promise<Record<string, string>>((done) => example.telemetryEnvironment.apply(done));
        const toml = await new Promise<string>((done) => example.tracingToml.apply(done));
        assert.deepEqual(referenced, ["organization/monitoring/dev"]);
        assert.deepEqual(env, {
            OTEL_EXPORTER_OTLP_ENDPOINT: "http://localhost:4317",
            OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
            OTEL_SERVICE_NAME: "provisioning-orchestrator",
            LOKI_PUSH_URL: "http://localhost:3100/loki/api/v1/push",
        });
        assert.equal(toml, '[tracing]\nenabled = true\nexporter = "otlp"\nendpoint = "localhost:4317"\nservice_name = "provisioning-orchestrator"\n');
        const dashboards = await new Promise<string>((done) => example.dashboardsUrl.apply(done));
        assert.equal(dashboards, "http://localhost:3000");
    });
});
