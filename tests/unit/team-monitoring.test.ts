// TeamMonitoring (program/team-monitoring.ts), what a platform stack imports: its checks before any resource, and under
// the mock engine with a mocked StackReference, the team's provider on its token, its dashboard and rules in its folder.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { TeamMonitoring } from "../../program/team-monitoring";
import { teamContentProblems } from "../../render/team-content";
import { unwrapSecrets } from "../support/secrets";
import { mockTeamStack as mockTeamStackWith } from "../support/team-stack";

const monitoringOutputs = {
    grafanaUrl: "https://grafana.corp.internal",
    teams: { payments: { folderUid: "team-payments", token: "glsa_payments_token" }, search: { folderUid: "team-search", token: "glsa_search_token" } },
};

const mockTeamStack = (declare: (monitoring: pulumi.StackReference) => void, outputs: object = monitoringOutputs) => mockTeamStackWith(declare, outputs);

const dashboard = { uid: "payments-overview", title: "Payments overview", panels: [{ id: 3, type: "stat", title: "Up" }], id: 12, version: 4 };
const rule = { name: "PaymentsFailing", expr: "sum(rate(payments_failed_total[5m])) > 1", for: "10m", severity: "critical" as const, summary: "Payments fail" };

describe("TeamMonitoring: a team stack's dashboards and rules, with its own token", function () {
    this.timeout(30_000);

    it("bad content: one line per problem, naming the dashboard or rule and what is accepted", () => {
        assert.deepEqual(
            teamContentProblems("payments", {
                dashboards: [{ json: "not json" }, { json: { title: "no uid" } }, { json: dashboard, folderUid: "team-search" }, { json: dashboard }],
                alertRules: [
                    { ...rule, name: "payments failing" },
                    { ...rule, expr: "sum(rate(x[5m]) > 1", for: "ten minutes", severity: "page" as never, summary: "" },
                    { ...rule, labels: { team: "search", owner: "payments" }, folderUid: "provisioning-alerts" },
                ],
            }),
            [
                "dashboard [0]: expected Grafana's dashboard JSON (an object)",
                "dashboard [1]: expected a uid and a title",
                "dashboard payments-overview: folder team-search is not the folder of team payments; a team writes only to its own (team-payments)",
                "dashboard payments-overview: uid used twice; each dashboard needs its own",
                "alert rule [0]: expected a name of letters, digits and '_' such as PaymentsFailing (got \"payments failing\")",
                'alert rule PaymentsFailing: expr is not PromQL (syntax error at 19: "x[5m]) > 1")',
                'alert rule PaymentsFailing: for: expected a duration such as 5m (got "ten minutes")',
                'alert rule PaymentsFailing: severity: expected one of critical, warning, info (got "page")',
                "alert rule PaymentsFailing: expected a summary (what is wrong, for the person paged)",
                "alert rule PaymentsFailing: folder provisioning-alerts is not the folder of team payments; a team writes only to its own (team-payments)",
                "alert rule PaymentsFailing: named twice (or alike in its first 40 characters); name each rule once",
                "alert rule PaymentsFailing: label team is set by the stack (team, severity, cluster are); leave it out",
            ],
        );
        assert.deepEqual(teamContentProblems("Payments", {}), ['team "Payments": expected the team\'s name in monitoring:teams, such as payments']);
    });

    it("stops before any resource when its content is bad", async () => {
        const { resources, error } = await mockTeamStack(
            (monitoring) => new TeamMonitoring("payments", { monitoring, team: "payments", alertRules: [{ ...rule, severity: "page" as never }] }),
        );
        assert.equal(
            error?.message,
            'TeamMonitoring payments:\n  - alert rule PaymentsFailing: severity: expected one of critical, warning, info (got "page")',
        );
        assert.deepEqual(resources, []);
    });

    it("declares its provider on the team's token, its dashboard and rule group in the team's folder, the rules labelled with the team", async () => {
        const { resources, error } = await mockTeamStack(
            (monitoring) =>
                new TeamMonitoring("payments", { monitoring, team: "payments", dashboards: [{ json: JSON.stringify(dashboard) }], alertRules: [rule] }),
        );
        assert.ifError(error);
        const byType = (type: string) => resources.filter((r) => r.type === type);
        const [provider] = byType("pulumi:providers:grafana");
        assert.equal(unwrapSecrets(provider.inputs.auth), "glsa_payments_token");
        assert.equal(provider.inputs.url, "https://grafana.corp.internal");
        assert.ok(!JSON.stringify(resources).includes("admin"), "no admin credential anywhere");
        const [board] = byType("grafana:oss/dashboard:Dashboard");
        assert.deepEqual([board.name, board.inputs.folder, board.inputs.overwrite], ["payments-dashboard-payments-overview", "team-payments", true]);
        // Canonical JSON: sorted keys, no id or version, no panel ids (dashboards/normalize.ts).
        assert.equal(board.inputs.configJson, '{"panels":[{"title":"Up","type":"stat"}],"title":"Payments overview","uid":"payments-overview"}');
        const [group] = byType("grafana:alerting/ruleGroup:RuleGroup");
        assert.deepEqual([group.inputs.name, group.inputs.folderUid, group.inputs.intervalSeconds], ["team-payments", "team-payments", 60]);
        assert.deepEqual(
            group.inputs.rules.map((r: Record<string, unknown>) => [r.uid, r.name, r.for, r.labels, r.annotations, r.condition]),
            [["t-payments-payments-failing", "PaymentsFailing", "10m", { severity: "critical", team: "payments" }, { summary: "Payments fail" }, "C"]],
        );
        assert.equal(JSON.parse(group.inputs.rules[0].datas[0].model).expr, rule.expr);
    });

    it("a team the monitoring stack does not know: a clear error from the team stack's own preview", async () => {
        const { error } = await mockTeamStack((monitoring) => new TeamMonitoring("ledger", { monitoring, team: "ledger", alertRules: [rule] }));
        // The engine names the input it was resolving ("auth": the token), then the reason.
        assert.match(
            String(error?.message),
            /: team ledger is not in the monitoring stack's monitoring:teams \(it has: payments, search\); ask its owners to add it$/,
        );
    });
});
