import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { unwrapSecrets } from "../support/secrets";

// Every resource registered, including those whose inputs wait on the StackReference (the team's token).
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/** The example's `provisioning-monitoring` dependency (`file:../..`) as npm links it: this repository, by its package name. */
function linkThisPackage(): () => void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "example-deps-"));
    fs.symlinkSync(path.resolve(__dirname, "..", ".."), path.join(dir, "provisioning-monitoring"));
    const Module = require("module") as { _initPaths(): void };
    const before = process.env.NODE_PATH;
    process.env.NODE_PATH = [dir, before].filter(Boolean).join(path.delimiter);
    Module._initPaths();
    return () => {
        process.env.NODE_PATH = before ?? "";
        Module._initPaths();
        fs.rmSync(dir, { recursive: true, force: true });
    };
}

describe("examples/platform-service (mock engine)", () => {
    let unlink: () => void;
    before(() => (unlink = linkThisPackage()));
    after(() => unlink());

    it("reads the monitoring stack's outputs through a StackReference, and adds its team's dashboard, rule and (dev) scrape target with the team's token", async () => {
        const referenced: string[] = [];
        const declared: { type: string; name: string; inputs: Record<string, any> }[] = [];
        await pulumi.runtime.setMocks(
            {
                newResource(args) {
                    if (args.type !== "pulumi:pulumi:StackReference") {
                        declared.push({ type: args.type, name: args.name, inputs: args.inputs });
                        return { id: `${args.name}-id`, state: args.inputs };
                    }
                    referenced.push(args.inputs.name);
                    const outputs = {
                        otlpGrpcEndpoint: "localhost:4317",
                        lokiPushUrl: "http://localhost:3100/loki/api/v1/push",
                        prometheusUrl: "http://localhost:9090",
                        grafanaUrl: "http://localhost:3000",
                        teams: { payments: { folderUid: "team-payments", token: "glsa_payments" } },
                        scrapeTargetsDir: "/home/ana/.local/state/provisioning-monitoring/dev/scrape-targets",
                    };
                    return { id: args.inputs.name, state: { name: args.inputs.name, outputs, secretOutputNames: ["teams"] } };
                },
                call: (args) => args.inputs,
            },
            "platform-service",
            "dev",
            false,
        );
        pulumi.runtime.setAllConfig({
            "platform-service:monitoringStack": "organization/monitoring/dev",
            "platform-service:scrapeTargets": JSON.stringify([{ targets: ["host.docker.internal:9464"] }]),
        });
        const example = require("../../examples/platform-service/index");
        const env = await new Promise<Record<string, string>>((done) => example.telemetryEnvironment.apply(done));
        const toml = await new Promise<string>((done) => example.tracingToml.apply(done));
        assert.deepEqual(referenced, ["organization/monitoring/dev"]);
        assert.deepEqual(env, {
            OTEL_EXPORTER_OTLP_ENDPOINT: "http://localhost:4317",
            OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
            OTEL_TRACES_EXPORTER: "otlp",
            OTEL_METRICS_EXPORTER: "otlp",
            OTEL_LOGS_EXPORTER: "otlp",
            OTEL_SERVICE_NAME: "provisioning-orchestrator",
            LOKI_PUSH_URL: "http://localhost:3100/loki/api/v1/push",
        });
        assert.equal(toml, '[tracing]\nenabled = true\nexporter = "otlp"\nendpoint = "localhost:4317"\nservice_name = "provisioning-orchestrator"\n');
        const dashboards = await new Promise<string>((done) => example.dashboardsUrl.apply(done));
        assert.equal(dashboards, "http://localhost:3000");
        const teamDashboards = await new Promise<string[]>((done) => example.teamDashboards.apply(done));
        assert.deepEqual(teamDashboards, ["http://localhost:3000/d/payments-orchestrator"]);
        await waitForRPCs();
        const provider = declared.find((r) => r.type === "pulumi:providers:grafana")!;
        assert.equal(unwrapSecrets(provider.inputs.auth), "glsa_payments");
        assert.deepEqual(
            declared.filter((r) => r.type.startsWith("grafana:")).map((r) => [r.type, r.inputs.folder ?? r.inputs.folderUid]),
            [
                ["grafana:oss/dashboard:Dashboard", "team-payments"],
                ["grafana:alerting/ruleGroup:RuleGroup", "team-payments"],
            ],
        );
        // Its service's target, in dev: the file in the monitoring stack's directory.
        assert.deepEqual(
            declared.filter((r) => r.type === "pulumi-nodejs:dynamic/team:TargetsFile").map((r) => [r.inputs.dir, r.inputs.file]),
            [["/home/ana/.local/state/provisioning-monitoring/dev/scrape-targets", "team-payments.json"]],
        );
        assert.ok(!("grafanaAdminPassword" in example), "the example reads no admin credential");
    });
});
