// Builds a promtool unit-test file (`promtool test rules`) from the alert fixtures: one firing and one healthy case per alert.
import { stringify } from "yaml";
import { AlertFixture } from "./rule-fixture-types";
import { kubernetesFixtures } from "./rule-fixtures-kubernetes";
import { platformFixtures } from "./rule-fixtures-platform";
import { stackFixtures } from "./rule-fixtures-stack";

/** Every fixture, by alert name. */
export const alertFixtures: readonly AlertFixture[] = [...platformFixtures, ...stackFixtures, ...kubernetesFixtures];

// Written out rather than imported from alerts/runbooks.ts, so a changed runbook base shows up as a failing test.
const expectedRunbookBase = "https://runbooks.provisioning.example.com";

function firingCase(fixture: AlertFixture): Record<string, unknown> {
    return {
        name: `${fixture.alert} fires`,
        interval: "1m",
        input_series: fixture.firing.series.map((s) => ({ series: s.series, values: s.values })),
        alert_rule_test: [
            {
                eval_time: fixture.firing.at,
                alertname: fixture.alert,
                exp_alerts: fixture.firing.expected.map((e) => ({
                    exp_labels: { ...e.labels },
                    exp_annotations: {
                        summary: e.summary,
                        description: e.description,
                        runbook_url: `${expectedRunbookBase}/${fixture.alert}.md`,
                    },
                })),
            },
        ],
    };
}

function healthyCase(fixture: AlertFixture): Record<string, unknown> | undefined {
    if (!fixture.healthy) return undefined;
    return {
        name: `${fixture.alert} stays silent when healthy`,
        interval: "1m",
        input_series: fixture.healthy.series.map((s) => ({ series: s.series, values: s.values })),
        alert_rule_test: [{ eval_time: fixture.healthy.at, alertname: fixture.alert, exp_alerts: [] }],
    };
}

/** A promtool test file over `ruleFiles` (paths relative to the test file) for the given alerts' fixtures. */
export function renderRuleTestFile(ruleFiles: readonly string[], fixtures: readonly AlertFixture[], evaluationInterval: string): string {
    const tests = fixtures.flatMap((f) => [firingCase(f), healthyCase(f)].filter((t): t is Record<string, unknown> => t !== undefined));
    return stringify({ rule_files: [...ruleFiles], evaluation_interval: evaluationInterval, tests }, { lineWidth: 0 });
}
