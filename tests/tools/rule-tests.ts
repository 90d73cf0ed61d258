// Builds a promtool unit-test file (`promtool test rules`) from the alert fixtures: one firing and one healthy case per alert.
import { stringify } from "yaml";
import type { PlatformName } from "../../model/config/types";
import { groupEvalOrder } from "../../bench/replay/replay-file";
import { AlertFixture, SilentCase } from "./rule-fixture-types";
import { OwnedFixture } from "./rule-fixtures";

// Written out rather than imported from alerts/catalog.ts, so a changed runbook base shows up as a failing test.
const expectedRunbookBase = "https://runbooks.provisioning.example.com";

function firingCase(fixture: OwnedFixture): Record<string, unknown> {
    return {
        name: `${fixture.alert} fires`,
        interval: "1m",
        input_series: fixture.firing.series.map((s) => ({ series: s.series, values: s.values })),
        alert_rule_test: [
            {
                eval_time: fixture.firing.at,
                alertname: fixture.alert,
                exp_alerts: fixture.firing.expected.map((e) => ({
                    // Every rule carries owner and severity (alerts/catalog.ts); Prometheus adds cluster when it sends.
                    exp_labels: { ...e.labels, owner: fixture.owner },
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

function silentCase(fixture: AlertFixture, edge: SilentCase): Record<string, unknown> {
    return {
        name: `${fixture.alert} stays silent: ${edge.name}`,
        interval: "1m",
        input_series: edge.series.map((s) => ({ series: s.series, values: s.values })),
        alert_rule_test: [{ eval_time: edge.at, alertname: fixture.alert, exp_alerts: [] }],
    };
}

/** A promtool test file over `ruleFiles` (paths relative to the test file) for the given alerts' fixtures, on `platform`'s rules. */
export function renderRuleTestFile(
    ruleFiles: readonly string[],
    fixtures: readonly OwnedFixture[],
    evaluationInterval: string,
    platform: PlatformName,
): string {
    const edges = (f: AlertFixture) => (f.silentEdges ?? []).filter((e) => e.platforms === undefined || e.platforms.includes(platform));
    const tests = fixtures.flatMap((f) =>
        [firingCase(f), healthyCase(f), ...edges(f).map((e) => silentCase(f, e))].filter((t): t is Record<string, unknown> => t !== undefined),
    );
    return stringify(
        { rule_files: [...ruleFiles], evaluation_interval: evaluationInterval, group_eval_order: groupEvalOrder(ruleFiles), tests },
        { lineWidth: 0 },
    );
}
