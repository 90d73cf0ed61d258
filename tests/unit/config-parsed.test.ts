// The tests' stacks (tests/fixtures/stacks) parse into exactly the checked-in StackConfig (tests/fixtures/stack-config-*.json, reviewed
// against the README's defaults), and the defaults and cross-key checks hold for literal inputs.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { isEmptyValue } from "../../model/config/parse";
import { parseStackConfig } from "../../model/config/parse";
import { fakeSecrets, readStackFile } from "../support/stack-files";
import { configProblems } from "../support/config-problems";

const plain = (value: unknown) => JSON.parse(JSON.stringify(value));
/** tests/fixtures/stack-config-<stack>.json, first rewritten from `parsed` when UPDATE_GOLDEN=1 (`npm run golden:update`). */
function fixture(stack: string, parsed: unknown): unknown {
    const file = path.join(__dirname, "..", "fixtures", `stack-config-${stack}.json`);
    if (process.env.UPDATE_GOLDEN === "1") fs.writeFileSync(file, `${JSON.stringify(parsed, null, 2)}\n`);
    return JSON.parse(fs.readFileSync(file, "utf8"));
}

const problemsOf = (raw: Record<string, string>, stack = "dev"): string[] => configProblems(raw, stack);

describe("stack config, parsed whole", () => {
    const dev = readStackFile("dev");
    const prod = { ...readStackFile("prod"), ...fakeSecrets };

    it("reads Pulumi.dev.yaml into exactly tests/fixtures/stack-config-dev.json", () => {
        const parsed = plain(parseStackConfig(dev, "dev"));
        assert.deepEqual(parsed, fixture("dev", parsed));
    });

    it("reads Pulumi.prod.yaml into exactly tests/fixtures/stack-config-prod.json", () => {
        const parsed = plain(parseStackConfig(prod, "prod"));
        assert.deepEqual(parsed, fixture("prod", parsed));
    });

    it("treats Pulumi.yaml's empty defaults as unset", () => {
        assert.deepEqual(
            ["", 0, [], {}, "x", 1, [0], { a: 1 }, null, false].map((v) => isEmptyValue(v)),
            [true, true, true, true, false, false, false, false, false, false],
        );
    });

    it("scrapes the platform's three jobs on the Docker host, or as Services on Kubernetes, when platformTargets is unset", () => {
        const { "monitoring:platformTargets": _unused, ...withoutTargets } = dev;
        assert.deepEqual(plain(parseStackConfig(withoutTargets, "dev").platformTargets), [
            { job: "provisioning-orchestrator", targets: ["host.docker.internal:8080"], metricsPath: "/metrics", scheme: "http", scrapeInterval: "2s" },
            { job: "provisioning-control-center", targets: ["host.docker.internal:8081"], metricsPath: "/metrics", scheme: "http", scrapeInterval: "2s" },
            { job: "provisioning-vault-service", targets: ["host.docker.internal:8085"], metricsPath: "/metrics", scheme: "http", scrapeInterval: "2s" },
        ]);
        const { "monitoring:platformTargets": _unusedToo, ...prodWithoutTargets } = prod;
        assert.deepEqual(
            parseStackConfig(prodWithoutTargets, "prod").platformTargets.map((t) => t.targets[0]),
            ["provisioning-orchestrator:8080", "provisioning-control-center:8081", "provisioning-vault-service:8085"],
        );
    });

    it("fills a Grafana Ingress's controller namespace and sorts its annotations", () => {
        const ingress = parseStackConfig(
            {
                ...prod,
                "monitoring:grafanaIngress": JSON.stringify({ host: "g.example.com", tlsSecretName: "t", annotations: { "z.io/b": "1", "a.io/a": "2" } }),
            },
            "prod",
        ).grafanaIngress;
        assert.deepEqual(plain(ingress), {
            host: "g.example.com",
            tlsSecretName: "t",
            controllerNamespace: "ingress-nginx",
            annotations: { "a.io/a": "2", "z.io/b": "1" },
        });
    });

    it("checks keys against each other, each once", () => {
        assert.deepEqual(problemsOf({ ...prod, "monitoring:namespace": "n".repeat(59) }, "prod"), [
            `monitoring:namespace: at most 58 characters, since the node agents run in <namespace>-node (got "${"n".repeat(58)}… (61 characters))`,
        ]);
        assert.deepEqual(problemsOf({ ...prod, "monitoring:namespace": "n".repeat(58) }, "prod"), []);
        assert.deepEqual(problemsOf({ ...prod, "monitoring:storageSizes": '{"prometheus":"50Gi"}' }, "prod"), [
            "monitoring:storageSizes.prometheus: the claim (50Gi) must be larger than prometheusRetentionSize (50GB), with room for the WAL and compaction",
        ]);
        assert.deepEqual(problemsOf({ ...prod, "monitoring:storageSizes": '{"prometheus":"51Gi"}' }, "prod"), []);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:alertmanagerReplicas": "3" }), [
            "monitoring:alertmanagerReplicas: the docker platform runs one Alertmanager; more need platform kubernetes (got 3)",
        ]);
        const { "monitoring:grafanaIngress": _ingress, ...noIngress } = prod;
        assert.deepEqual(problemsOf(noIngress, "prod"), [
            "monitoring:grafanaUrl: on kubernetes the Pulumi CLI must reach Grafana to manage its dashboards and alerts; set grafanaUrl (e.g. http://localhost:3000 through kubectl port-forward), grafanaIngress or grafanaHttpRoute (not set)",
        ]);
        assert.deepEqual(problemsOf({ ...noIngress, "monitoring:grafanaUrl": "http://localhost:3000" }, "prod"), []);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:notificationChannels": '["email"]', "monitoring:alertEmailTo": "a@b.example" }), [
            "monitoring:alertEmailFrom: required because notificationChannels includes email (not set)",
            "monitoring:smtpSmarthost: required because notificationChannels includes email (not set)",
        ]);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:components": '["grafana"]', "monitoring:platformAlertsEvaluator": "prometheus" }), [
            'monitoring:platformAlertsEvaluator: prometheus needs the prometheus component (got "prometheus")',
        ]);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:resources": '{"loki":{"requests":{"cpu":"2"},"limits":{"cpu":"1"}}}' }), [
            "monitoring:resources.loki: CPU request 2 is above its limit 1; a request must not exceed the limit",
        ]);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:ports": "[1" }), [
            'monitoring:ports: expected {prometheus?, grafana?, loki?, alertmanager?, nodeExporter?, tempo?, tempoOtlpGrpc?, tempoOtlpHttp?, promtail?, otlpGrpc?, otlpHttp?, otelCollector?} (got "[1")',
        ]);
        assert.deepEqual(problemsOf({ ...dev, "other:key": "x" }), []);
    });
});
