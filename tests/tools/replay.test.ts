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
import { assertSucceeded, makeTempDir, removeDir, runTool } from "../../support/run-tool";

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
