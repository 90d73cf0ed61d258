// The rendered rule files, checked and unit-tested by the real promtool, for every stack file and a minimal stack.
import { strict as assert } from "assert";
import { durationSeconds } from "../../model/config/durations";
import { parseStackConfig } from "../../model/config/parse";
import { StackConfig } from "../../model/config/types";
import { alertsEvaluatedBy } from "../../alerts/catalog";
import { ruleFileNames } from "../../alerts/groups";
import { renderPrometheusRuleFiles } from "../../render/prometheus/rule-files";
import { alertFixtures } from "./rule-fixtures";
import { renderRuleTestFile } from "./rule-tests";
import { assertSucceeded, makeTempDir, removeDir, runTool, ToolResult, writeFiles } from "../support/run-tool";
import { loadRawStackConfig, loadStackConfig, secretsNeededBy, stackNames } from "../support/stack-files";
import { fixtureToAdd } from "../support/where-to-fix";

// The fixtures' samples are a minute apart, so evaluating more often sees nothing new; promtool evaluates every group
// at this step (whatever its interval), and the SLOs' recording rules make a finer step cost minutes of CPU.
const fixtureEvaluationInterval = "1m";

// Stacks whose rule and test files are byte-identical (dev and prod today) share one `promtool test rules` run.
const testRunsByInput = new Map<string, ToolResult>();

function checkStack(label: string, load: () => StackConfig): void {
    describe(`promtool on the ${label} rule files`, function () {
        // The SLOs' fixtures span up to an hour and a half of evaluations over every recording rule: tens of seconds.
        this.timeout(120_000);
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
            const missing = alertsEvaluatedBy("prometheus", config)
                .map((a) => a.alert)
                .filter((name) => !alertFixtures.some((f) => f.alert === name));
            assert.deepEqual(missing.map(fixtureToAdd), [], "alerts without a promtool fixture");
            for (const rule of alertsEvaluatedBy("prometheus", config)) {
                const fixture = alertFixtures.find((f) => f.alert === rule.alert)!;
                const holdFor = rule.for ? durationSeconds(rule.for) : 0;
                assert.ok(
                    durationSeconds(fixture.firing.at) > holdFor,
                    `${rule.alert}: firing case at ${fixture.firing.at} is not after for: ${rule.for}; move its firing.at later in tests/tools/rule-fixtures-*.ts`,
                );
                assert.equal(
                    fixture.healthy === undefined,
                    rule.alert === "Watchdog",
                    `${rule.alert}: only the Watchdog may lack a healthy case; add healthy: {series, at} to its fixture in tests/tools/rule-fixtures-*.ts`,
                );
            }
        });

        it("passes `promtool test rules`: every alert fires with exact labels and annotations, and stays silent when healthy", function () {
            // promtool evaluates every group (the critical one each second) up to each case's time; a claim's trend needs over an hour.
            this.timeout(90_000);
            const deployed = new Set(alertsEvaluatedBy("prometheus", config).map((a) => a.alert));
            // promtool evaluates every rule of a test's files at every step: the stack's alerts need neither the
            // platform's rules nor the SLO recording rules, so they are tested against their own file, which is 3x cheaper.
            const suites = [
                { file: "platform.test.yml", rules: [ruleFileNames.platform, ruleFileNames.recording], owner: "platform" },
                { file: "stack.test.yml", rules: [ruleFileNames.stack], owner: "monitoring" },
            ].map((suite) => ({ ...suite, fixtures: alertFixtures.filter((f) => deployed.has(f.alert) && f.owner === suite.owner) }));
            // Every deployed alert is tested (DiskSpaceLow twice: a host path and a claim).
            assert.deepEqual([...new Set(suites.flatMap((suite) => suite.fixtures.map((f) => f.alert)))].sort(), [...deployed].sort());
            const testFiles = Object.fromEntries(
                suites
                    .filter((suite) => suite.fixtures.length > 0)
                    .map((suite) => [suite.file, renderRuleTestFile(suite.rules, suite.fixtures, fixtureEvaluationInterval, config.platform)]),
            );
            const ruleTexts = renderPrometheusRuleFiles(config);
            writeFiles(dir!, { ...ruleTexts, ...testFiles });
            for (const suite of suites.filter((x) => testFiles[x.file] !== undefined)) {
                // Keyed by the test file and the rule files it reads: identical suites of other stacks run once.
                const input = JSON.stringify([testFiles[suite.file], ...suite.rules.map((r) => ruleTexts[r])]);
                const result = testRunsByInput.get(input) ?? runTool("promtool", ["test", "rules", suite.file], dir!);
                testRunsByInput.set(input, result);
                assertSucceeded(result);
            }
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
// A remote-write entry adds the remote-write alerts to the stack's rules.
checkStack("Pulumi.dev.yaml with a remoteWrite entry", () =>
    parseStackConfig({ ...loadRawStackConfig("dev"), "monitoring:remoteWrite": '[{"url":"https://mimir.corp.internal/api/v1/push"}]' }, "dev"),
);
// Thanos on (with the object store it needs) adds the Thanos alerts.
checkStack("Pulumi.prod.yaml with object storage and Thanos", () =>
    parseStackConfig(
        {
            ...loadRawStackConfig("prod", secretsNeededBy(loadRawStackConfig("prod"))),
            "monitoring:objectStorageCredentials": '{"accessKeyId":"AKIAFAKE","secretAccessKey":"fake-secret-key"}',
            "monitoring:objectStorage": JSON.stringify({
                endpoint: "https://s3.eu-west-1.amazonaws.com",
                region: "eu-west-1",
                buckets: { metrics: "corp-metrics" },
            }),
            "monitoring:thanos": JSON.stringify({ enabled: true }),
        },
        "prod",
    ),
);
// Prometheus alone, no platform targets: fewest rules, and groups left empty must not break the files.
checkStack("Prometheus-only", () =>
    parseStackConfig({ "monitoring:components": JSON.stringify(["prometheus"]), "monitoring:platformTargets": "[]" }, "minimal"),
);
