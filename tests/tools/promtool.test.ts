// The rendered rule files, checked and unit-tested by the real promtool, for every stack file and a minimal stack.
import { strict as assert } from "assert";
import { durationSeconds } from "../../components/config/durations";
import { parseStackConfig } from "../../components/config/parse";
import { StackConfig } from "../../components/config/types";
import { prometheusEvaluatedAlerts } from "../../alerts/catalog";
import { renderPrometheusRuleFiles } from "../../alerts/render-prometheus-rules";
import { alertFixtures, renderRuleTestFile } from "./rule-tests";
import { assertSucceeded, makeTempDir, removeDir, runTool, ToolResult, writeFiles } from "./run-tool";
import { loadRawStackConfig, loadStackConfig, secretsNeededBy, stackNames } from "../support/stack-files";

// Stacks whose rule and test files are byte-identical (dev and prod today) share one `promtool test rules` run.
const testRunsByInput = new Map<string, ToolResult>();

function checkStack(label: string, load: () => StackConfig): void {
    describe(`promtool on the ${label} rule files`, () => {
        let dir: string | undefined;
        let config: StackConfig;
        let ruleFiles: string[];

        before(() => {
            config = load();
            dir = makeTempDir(`rules-${config.stack}`);
            ruleFiles = writeFiles(dir, renderPrometheusRuleFiles(config));
        });
        after(() => removeDir(dir));

        it("passes `promtool check rules`", () => {
            const result = runTool("promtool", ["check", "rules", ...ruleFiles], dir!);
            assertSucceeded(result);
            assert.doesNotMatch(result.stdout + result.stderr, /WARNING|FAILED/);
        });

        it("has a fixture for every deployed alert, evaluated after the alert's `for`", () => {
            const missing = prometheusEvaluatedAlerts(config)
                .map((a) => a.alert)
                .filter((name) => !alertFixtures.some((f) => f.alert === name));
            assert.deepEqual(missing, [], `alerts without a promtool fixture: ${missing.join(", ")}`);
            for (const rule of prometheusEvaluatedAlerts(config)) {
                const fixture = alertFixtures.find((f) => f.alert === rule.alert)!;
                const holdFor = rule.for ? durationSeconds(rule.for) : 0;
                assert.ok(durationSeconds(fixture.firing.at) > holdFor, `${rule.alert}: firing case at ${fixture.firing.at} is not after for: ${rule.for}`);
                assert.equal(fixture.healthy === undefined, rule.alert === "Watchdog", `${rule.alert}: only the Watchdog may lack a healthy case`);
            }
        });

        it("passes `promtool test rules`: every alert fires with exact labels and annotations, and stays silent when healthy", function () {
            // promtool evaluates every group (the critical one each second) up to each case's time; a claim's trend needs over an hour.
            this.timeout(90_000);
            const deployed = new Set(prometheusEvaluatedAlerts(config).map((a) => a.alert));
            const testFile = renderRuleTestFile(
                ruleFiles,
                alertFixtures.filter((f) => deployed.has(f.alert)),
                config.evaluationInterval,
            );
            const files = { ...renderPrometheusRuleFiles(config), "rules.test.yml": testFile };
            writeFiles(dir!, files);
            const input = JSON.stringify(Object.entries(files).sort());
            const result = testRunsByInput.get(input) ?? runTool("promtool", ["test", "rules", "rules.test.yml"], dir!);
            testRunsByInput.set(input, result);
            assertSucceeded(result);
        });
    });
}

for (const stack of stackNames()) {
    checkStack(`Pulumi.${stack}.yaml`, () => loadStackConfig(stack));
    // Grafana evaluates the platform's alerts by default; their expressions are the same, so promtool tests them here.
    checkStack(`Pulumi.${stack}.yaml with platformAlertsEvaluator: prometheus`, () =>
        parseStackConfig(
            { ...loadRawStackConfig(stack, secretsNeededBy(loadRawStackConfig(stack))), "monitoring:platformAlertsEvaluator": "prometheus" },
            stack,
        ),
    );
}
// Prometheus alone, no platform targets: fewest rules, and groups left empty must not break the files.
checkStack("Prometheus-only", () =>
    parseStackConfig({ "monitoring:components": JSON.stringify(["prometheus"]), "monitoring:platformTargets": "[]" }, "minimal"),
);
