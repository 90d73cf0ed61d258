// The README's five "no false drift" guards, each pinned by literal values, so removing a guard fails a test here.
// Targets the pure helpers only (not the resources), so reworks of the Grafana resources keep these tests meaningful.
import { strict as assert } from "assert";
import { AlertRule } from "../../alerts/types";
import { parseStackConfig } from "../../model/config/parse";
import { grafanaGroupIntervalSeconds, grafanaRuleGroupSpecs } from "../../render/grafana-content/alert-rule-groups";
import { sortedMatchers } from "../../render/grafana-content/notifications";
import { normalizeDashboardJson } from "../../dashboards/normalize";
import { loadRawStackConfig } from "../support/stack-files";

const config = parseStackConfig(loadRawStackConfig("dev"), "dev");

/** A platform alert in a 30s group, written with a non-canonical `for`. */
const probe: AlertRule = {
    alert: "DriftProbe",
    group: "provisioning_alerts",
    owner: "platform",
    expr: "up == 0",
    for: "90m",
    severity: "warning",
    summary: "probe",
    description: "probe",
};

describe("no false drift: the guards, one by one", () => {
    const [group] = grafanaRuleGroupSpecs(config, [probe]);
    const [rule] = group.rules;

    it("sends intervalMs and maxDataPoints with the query and with both expressions", () => {
        assert.deepEqual(
            rule.data.map((d) => d.refId),
            ["A", "B", "C"],
        );
        assert.equal(
            rule.data[0].model,
            '{"datasource":{"type":"prometheus","uid":"prometheus"},"editorMode":"code","expr":"up == 0","instant":true,"intervalMs":1000,"maxDataPoints":43200,"range":false,"refId":"A"}',
        );
        for (const d of rule.data.slice(1)) {
            assert.match(d.model, /"intervalMs":1000,"maxDataPoints":43200,/, d.refId);
        }
    });

    it("writes a rule's `for` in the canonical form Grafana answers with (90m -> 1h30m)", () => {
        assert.equal(rule.for, "1h30m");
        const [noFor] = grafanaRuleGroupSpecs(config, [{ ...probe, for: undefined }])[0].rules;
        assert.equal(noFor.for, "0s");
    });

    it("sorts policy matchers given in any order (label, operator, value), as Grafana returns them", () => {
        const given = [
            { label: "severity", op: "=", value: "critical" },
            { label: "alertname", op: "=~", value: "Orchestrator.*" },
            { label: "cluster", op: "!=", value: "staging" },
            { label: "alertname", op: "!~", value: "Watchdog" },
        ] as const;
        assert.deepEqual(sortedMatchers(given), [
            { label: "alertname", match: "!~", value: "Watchdog" },
            { label: "alertname", match: "=~", value: "Orchestrator.*" },
            { label: "cluster", match: "!=", value: "staging" },
            { label: "severity", match: "=", value: "critical" },
        ]);
    });

    it("sends dashboard JSON as the provider stores it: sorted keys at every depth, no id or version, Go's escaping", () => {
        const model = {
            version: 7,
            title: "A <b> & c",
            uid: "drift",
            id: 42,
            panels: [
                {
                    type: "stat",
                    id: 3,
                    gridPos: { y: 0, x: 0, w: 6, h: 4 },
                    targets: [{ refId: "A", expr: "a > 1", datasource: { uid: "prometheus", type: "prometheus" } }],
                },
            ],
            templating: { list: [{ name: "job", current: { value: "x", text: "x" } }] },
        };
        assert.equal(
            normalizeDashboardJson(model),
            '{"panels":[{"gridPos":{"h":4,"w":6,"x":0,"y":0},"targets":[{"datasource":{"type":"prometheus","uid":"prometheus"},"expr":"a \\u003e 1","refId":"A"}],"type":"stat"}],' +
                '"templating":{"list":[{"current":{"text":"x","value":"x"},"name":"job"}]},"title":"A \\u003cb\\u003e \\u0026 c","uid":"drift"}',
        );
    });

    it("rounds a rule group's interval up to Grafana's 10s tick", () => {
        assert.equal(grafanaGroupIntervalSeconds("15s"), 20);
        assert.equal(grafanaGroupIntervalSeconds("1s"), 10);
        assert.equal(grafanaGroupIntervalSeconds("25s"), 30);
        assert.equal(grafanaGroupIntervalSeconds("30s"), 30);
        assert.equal(grafanaGroupIntervalSeconds("1m"), 60);
        assert.equal(group.intervalSeconds, 30);
    });
});
