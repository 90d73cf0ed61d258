// The replay of the platform's week (bench/replay/) in short: a healthy afternoon with its noise pages nobody, and a
// severe short incident pages once, within its bound. The whole week and every incident: `npm run bench -- --only replay`.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { receiversFor } from "../../ops/route-match";
import { renderAlertmanagerConfig } from "../../render/alertmanager/config";
import { minutesPerDay } from "../../bench/replay/platform-model";
import { noise, platformSeries } from "../../bench/replay/platform-week";
import { episodesChecks, firingMinuteQuery, ReplayGroup, replayTestFile } from "../../bench/replay/replay-file";
import { replayRuleFiles, replayStack } from "../../bench/replay/run";
import { incidentScenarios } from "../../bench/replay/scenarios";
import { parse, stringify } from "yaml";
import { ruleFileNames } from "../../alerts/groups";
import { renderPrometheusRuleFiles } from "../../render/prometheus/rule-files";
import { orchestrator, workflowDurations } from "./rule-fixtures-platform";
import { seriesName } from "./rule-fixture-types";
import { assertSucceeded, makeTempDir, removeDir, runTool } from "../support/run-tool";

const tuesday = 5 * minutesPerDay;

describe("a replay of the platform through the prod stack's rendered rules (promtool)", function () {
    this.timeout(120_000);
    let dir: string | undefined;
    after(() => removeDir(dir));

    it("pages nobody on a healthy Tuesday afternoon: the orchestrator's deploy at peak (14:00) and a 30-second burst of 5xx (15:00)", () => {
        assert.equal(noise.apiBurst, tuesday + 15 * 60);
        // 12:00 to 17:00: two hours of history, then the deploy, the burst and two hours after it.
        const start = tuesday + 12 * 60;
        const minutes = 5 * 60;
        const group: ReplayGroup = {
            name: "healthy Tuesday afternoon",
            series: platformSeries(start, minutes),
            minutes,
            // Nothing fires from 13:00 on (the Watchdog aside).
            checks: episodesChecks(60, minutes),
        };
        dir = makeTempDir("replay");
        const files = replayRuleFiles(replayStack());
        for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
        fs.writeFileSync(path.join(dir, "healthy.test.yml"), replayTestFile(Object.keys(files).sort(), [group]));
        assertSucceeded(runTool("promtool", ["test", "rules", "healthy.test.yml"], dir));
    });

    it("pages once, 6 minutes in, when 30% of workflows fail for 20 minutes on a Monday afternoon (bound: 10 minutes)", () => {
        const scenario = incidentScenarios[0];
        assert.equal(scenario.name, "30% of workflows fail for 20 minutes, Monday 15:00");
        const history = 120;
        const minutes = history + 180;
        const group: ReplayGroup = {
            name: scenario.name,
            series: platformSeries(scenario.at - history, minutes, scenario.incident),
            minutes,
            checks: [
                ...episodesChecks(0, minutes).map((c) => ({
                    ...c,
                    expected: [{ labels: '{alertname="ManyWorkflowsFailing", job="provisioning-orchestrator", severity="critical"}', value: 1 }],
                })),
                {
                    expr: firingMinuteQuery("min", minutes - 1, history),
                    at: minutes - 1,
                    expected: [{ labels: '{alertname="ManyWorkflowsFailing", job="provisioning-orchestrator"}', value: 6 }],
                },
            ],
        };
        dir ??= makeTempDir("replay");
        const config = replayStack();
        const files = replayRuleFiles(config);
        for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
        fs.writeFileSync(path.join(dir, "incident.test.yml"), replayTestFile(Object.keys(files).sort(), [group]));
        assertSucceeded(runTool("promtool", ["test", "rules", "incident.test.yml"], dir));
        // The rendered alertmanager.yml pages it (and files a copy by e-mail).
        assert.deepEqual(receiversFor(renderAlertmanagerConfig(config), { alertname: "ManyWorkflowsFailing", severity: "critical", cluster: config.cluster }), [
            "pagerduty",
            "team-email",
        ]);
    });
});

describe("SlowWorkflows against yesterday: the rendered rule and the recording rules it reads, alone (promtool)", function () {
    // A day of minutes: with every platform rule this case alone took longer than all other fixtures together.
    this.timeout(60_000);
    let dir: string | undefined;
    after(() => removeDir(dir));
    /** 10 workflows a minute, fast (under 30 s) until minute `from`, then slow (60 to 120 s, p95 117 s): cumulative buckets. */
    const slowdownFrom = (from: number, minutes: number) => {
        const fast = (m: number) => Math.min(m, from) * 10;
        const slowOnes = (m: number) => Math.max(0, m - from) * 10;
        const values = (count: (m: number) => number) => Array.from({ length: minutes + 1 }, (_, m) => count(m)).join(" ");
        const bucket = (le: string, count: (m: number) => number) => ({
            series: seriesName("provisioning_workflow_duration_seconds_bucket", { ...orchestrator, le }),
            values: values(count),
        });
        const all = (m: number) => fast(m) + slowOnes(m);
        return [
            bucket("30", fast),
            bucket("60", fast),
            bucket("120", all),
            bucket("+Inf", all),
            { series: seriesName("provisioning_workflow_duration_seconds_count", orchestrator), values: values(all) },
        ];
    };
    const firing = (at: number) => ({
        expr: 'ALERTS{alertname="SlowWorkflows", alertstate="firing"}',
        eval_time: `${at}m`,
        exp_samples: [] as { labels: string; value: number }[],
    });

    it("stays silent on the batch hour, as slow as at this time yesterday, and fires on a slowdown yesterday did not have", () => {
        const config = replayStack();
        const files = renderPrometheusRuleFiles(config);
        type Group = { name: string; interval: string; rules: Record<string, string>[] };
        const rules = (file: string) => (parse(files[file]).groups as Group[]).flatMap((g) => g.rules);
        const wanted = ["job:provisioning_workflow_duration_seconds:p95_rate5m", "job:provisioning_workflow_duration_seconds_count:rate5m"];
        const groups = [
            { name: "recording", interval: "1m", rules: rules(ruleFileNames.recording).filter((r) => wanted.includes(r.record)) },
            { name: "alerts", interval: "1m", rules: rules(ruleFileNames.platform).filter((r) => r.alert === "SlowWorkflows") },
        ];
        assert.deepEqual(
            groups.map((g) => g.rules.length),
            [2, 1],
        );
        // Slow all day, so slow yesterday at this time too (the batch hour); or fast until 23:00, then slow (a new slowdown).
        const test = stringify(
            {
                rule_files: ["slow.yml"],
                evaluation_interval: "1m",
                group_eval_order: ["recording", "alerts"],
                tests: [
                    { name: "the batch hour", interval: "1m", input_series: workflowDurations(0, 10, 1470), promql_expr_test: [firing(1465)] },
                    {
                        name: "a new slowdown",
                        interval: "1m",
                        input_series: slowdownFrom(1380, 1470),
                        promql_expr_test: [
                            {
                                ...firing(1465),
                                exp_samples: [
                                    {
                                        labels: '{__name__="ALERTS", alertname="SlowWorkflows", alertstate="firing", job="provisioning-orchestrator", owner="platform", severity="warning"}',
                                        value: 1,
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
            { lineWidth: 0 },
        );
        dir = makeTempDir("slow-workflows");
        fs.writeFileSync(path.join(dir, "slow.yml"), stringify({ groups }));
        fs.writeFileSync(path.join(dir, "slow.test.yml"), test);
        assertSucceeded(runTool("promtool", ["test", "rules", "slow.test.yml"], dir));
    });
});
