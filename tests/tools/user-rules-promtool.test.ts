// The user's rule files through the real promtool (3.13.2, the deployed Prometheus' version, from the tools cache), as
// `npm run deploy`'s preflight runs it: what the program's own check cannot see (types, templates) is refused before
// anything deploys, one line naming the file and the rule; the copies Prometheus gets pass `promtool check rules` too.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { checkUserFiles } from "../../deploy/checks";
import { findPromtool, probePromtoolRules } from "../../deploy/probes";
import { buildDashboards } from "../../dashboards";
import { readUserFiles } from "../../model/user-files";
import { userContent, userContentProblems } from "../../render/user-content";
import { assertSucceeded, makeTempDir, removeDir, runTool, writeFiles } from "../support/run-tool";

const rules = (expr: string) => `groups:
  - name: payments
    rules:
      - alert: PaymentsDown
        expr: ${expr}
        for: 1m
        labels: {severity: critical}
        annotations: {summary: "Payments {{ $labels.instance }} is down"}
`;

describe("user rule files through promtool (preflight)", function () {
    this.timeout(60_000);
    let dir: string | undefined;
    beforeEach(() => (dir = makeTempDir("user-rules")));
    afterEach(() => removeDir(dir));

    const preflight = async (files: Record<string, string>) => {
        writeFiles(dir!, files);
        const user = readUserFiles(dir!);
        const problems = userContentProblems(user, buildDashboards());
        // The one `npm run tools` built wins over any other on PATH (this machine has Debian's 2.42 there).
        const env = { ...process.env, PATH: "/usr/bin:/bin" };
        assert.ok(findPromtool(env)?.endsWith("/prometheus/3.13.2/promtool"), "promtool 3.13.2 from the tools cache");
        const promtool =
            problems.length === 0
                ? await probePromtoolRules(
                      dir!,
                      user.rules.map((f) => f.path),
                      env,
                  )
                : undefined;
        return { problems, results: checkUserFiles(user, problems, promtool) };
    };

    it("refuses a rule the program's syntax check accepts but Prometheus would not load (a type error), naming the file and the rule", async () => {
        const { problems, results } = await preflight({ "user/rules/payments.yml": rules("rate(up)") });
        assert.deepEqual(problems, [], "valid PromQL syntax: the program's own check lets it through");
        assert.deepEqual(results, [
            {
                status: "fail",
                message:
                    'user files: user/rules/payments.yml: 5:15: group "payments", rule 1, "PaymentsDown": could not parse expression: 1:6: parse error: expected type range vector in call to function "rate", got instant vector (promtool check rules)',
            },
        ]);
    });

    it("accepts a good file, and Prometheus' copy of it (the owner label filled in) passes promtool too", async () => {
        const { results } = await preflight({ "user/rules/payments.yml": rules('up{job="payments"} == 0'), "user/dashboards/README.md": "not read" });
        assert.equal(results.length, 1);
        assert.equal(results[0].status, "ok");
        assert.match(results[0].message, /^0 dashboard\(s\) and 1 rule file\(s\) in user\/ are valid \(promtool check rules: .*promtool\)$/);
        const copies = userContent(readUserFiles(dir!), buildDashboards()).ruleFiles;
        writeFiles(dir!, Object.fromEntries(Object.entries(copies).map(([name, text]) => [path.join("prometheus-rules", name), text])));
        const checked = runTool("promtool", ["check", "rules", "prometheus-rules/user-payments.yml"], dir!);
        assertSucceeded(checked);
        assert.match(checked.stdout, /SUCCESS: 1 rules found/);
        assert.ok(fs.existsSync(path.join(dir!, "prometheus-rules/user-payments.yml")));
    });
});
