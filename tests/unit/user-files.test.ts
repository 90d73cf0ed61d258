// The user's own dashboards and rule files (user/): read from the project, checked one line per problem naming the file,
// the entry and the fix, deployed with nothing half-applied. Expected lines are literals: they are the contract.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { buildDashboards, parseUserDashboard, userDashboardFolder, userDashboards } from "../../dashboards";
import { folders } from "../../model/folders";
import { readUserFiles, UserFile } from "../../model/user-files";
import { userRuleFileName, userRuleFiles } from "../../render/prometheus/user-rules";
import { userContent, userContentProblems, UserFilesError } from "../../render/user-content";
import { checkUserFiles } from "../../deploy/checks";
import { runWithMocks, ofType } from "../support/mock-run";
import { fixtureStacksDir, readStackFile } from "../support/stack-files";

const file = (p: string, text: string): UserFile => ({ path: p, text });
const dashboard = (p: string, model: Record<string, unknown>) => file(p, JSON.stringify(model));
const rules = (p: string, text: string) => userRuleFiles([file(p, text)], new Set(["OrchestratorDown"]));

const paymentsRules = `groups:
  - name: payments
    rules:
      - alert: PaymentsDown
        expr: up{job="payments"} == 0
        for: 2m
        labels:
          severity: critical
        annotations:
          summary: Payments is down
      - record: job:payments_requests:rate5m
        expr: sum by (job) (rate(payments_requests_total[5m]))
`;

describe("user files: reading user/", () => {
    it("reads dashboards (top level and one folder down) and rule files, and nothing else", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "user-files-"));
        try {
            const put = (p: string, text = "x") => {
                fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
                fs.writeFileSync(path.join(dir, p), text);
            };
            for (const p of ["user/dashboards/a.json", "user/dashboards/Team A/b.json", "user/dashboards/README.md", "user/rules/r.yml", "user/rules/s.yaml"])
                put(p);
            put("user/rules/README.md");
            put("user/rules/old/t.yml");
            const read = readUserFiles(dir);
            assert.deepEqual(
                read.dashboards.map((f) => f.path),
                ["user/dashboards/a.json", "user/dashboards/Team A/b.json"],
            );
            assert.deepEqual(
                read.rules.map((f) => f.path),
                ["user/rules/r.yml", "user/rules/s.yaml"],
            );
            assert.equal(read.rules[0].text, "x");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        assert.deepEqual(readUserFiles(path.join(os.tmpdir(), "no-such-project")), { dashboards: [], rules: [] });
    });
});

describe("user files: dashboards (user/dashboards/)", () => {
    it("loads the test project's dashboard, Grafana's {dashboard: ...} form, into the custom dashboards' folder", () => {
        const [example] = userDashboards(readUserFiles(fixtureStacksDir).dashboards).dashboards;
        assert.equal(example.uid, "custom-infrastructure");
        assert.equal(example.title, "Custom Infrastructure Dashboard");
        assert.equal(example.folder, folders.custom);
    });

    it("puts a dashboard of a subfolder into a Grafana folder of that name", () => {
        assert.deepEqual(userDashboardFolder("user/dashboards/Payments team/p.json"), { uid: "user-payments-team", title: "Payments team" });
        assert.equal(userDashboardFolder("user/dashboards/p.json"), folders.custom);
    });

    it("accepts a bare dashboard model, keeps its uid, drops the exporting Grafana's id and version, and may query any metric", () => {
        const model = { id: 17, version: 4, uid: "abc_DEF-1", title: "Payments", panels: [{ targets: [{ expr: "rate(payments_total[5m])" }] }] };
        const d = parseUserDashboard("user/dashboards/p.json", JSON.stringify(model));
        assert.deepEqual(d.json, { uid: "abc_DEF-1", title: "Payments", panels: [{ targets: [{ expr: "rate(payments_total[5m])" }] }] });
    });

    it("refuses each bad file with one line naming it and the fix, and deploys none of them", () => {
        const result = userDashboards(
            [
                file("user/dashboards/broken.json", '{"title": "x",}'),
                file("user/dashboards/list.json", "[]"),
                dashboard("user/dashboards/untitled.json", { uid: "u", panels: [] }),
                dashboard("user/dashboards/My Board.json", { title: "Mine" }),
                dashboard("user/dashboards/spaced.json", { uid: "has space", title: "t" }),
                dashboard("user/dashboards/panels.json", { uid: "p", title: "t", panels: {} }),
                dashboard("user/dashboards/one.json", { uid: "same", title: "1" }),
                dashboard("user/dashboards/two.json", { uid: "same", title: "2" }),
                dashboard("user/dashboards/mine.json", { uid: "prov-orchestrator", title: "Mine" }),
                dashboard("user/dashboards/good.json", { uid: "good", title: "Good" }),
            ],
            new Map([["prov-orchestrator", 'the built-in dashboard "Orchestrator Performance"']]),
        );
        assert.deepEqual(result.dashboards, []);
        assert.deepEqual(result.problems, [
            'user/dashboards/My Board.json: the dashboard has no "uid"; add "uid": "my-board" (1-40 characters of A-Z, a-z, 0-9, _ and -), unique among the dashboards',
            "user/dashboards/broken.json: not valid JSON (Expected double-quoted property name in JSON at position 14 (line 1 column 15)); export it again from Grafana (Share → Export → Save to file)",
            'user/dashboards/list.json: expected a JSON object (a dashboard model or {"dashboard": {...}})',
            'user/dashboards/mine.json: uid prov-orchestrator is already used by the built-in dashboard "Orchestrator Performance"; give this dashboard another "uid"',
            'user/dashboards/panels.json: "panels" must be an array',
            'user/dashboards/spaced.json: "uid" "has space" must be 1-40 characters of A-Z, a-z, 0-9, _ and -',
            'user/dashboards/two.json: uid same is already used by user/dashboards/one.json; give this dashboard another "uid"',
            'user/dashboards/untitled.json: the dashboard has no "title"; add "title": "<what it shows>"',
        ]);
    });
});

describe("user files: rule files (user/rules/)", () => {
    it("copies a good file into Prometheus' rules directory as user-<name>.yml, the owner label filled in, severity kept", () => {
        const result = rules("user/rules/payments.yml", paymentsRules);
        assert.deepEqual(result.problems, []);
        assert.deepEqual(result.alerts, ["PaymentsDown"]);
        assert.deepEqual(Object.keys(result.files), ["user-payments.yml"]);
        assert.equal(
            result.files["user-payments.yml"],
            [
                "# Copied from user/rules/payments.yml by the monitoring Pulumi program (owner label filled in); edit that file, not this one.",
                "groups:",
                "  - name: payments",
                "    rules:",
                "      - alert: PaymentsDown",
                '        expr: up{job="payments"} == 0',
                "        for: 2m",
                "        labels:",
                "          owner: platform",
                "          severity: critical",
                "        annotations:",
                "          summary: Payments is down",
                "      - record: job:payments_requests:rate5m",
                "        expr: sum by (job) (rate(payments_requests_total[5m]))",
                "",
            ].join("\n"),
        );
        assert.equal(userRuleFileName("user/rules/team.yaml"), "user-team.yml");
        const own = parse(
            rules("user/rules/x.yml", paymentsRules.replace("severity: critical", "severity: critical\n          owner: payments")).files["user-x.yml"],
        );
        assert.equal(own.groups[0].rules[0].labels.owner, "payments", "an owner the file gives stays");
    });

    it("refuses each problem with one line naming the file, the rule and the fix, and deploys no file", () => {
        const bad = `groups:
  - name: payments
    interval: soon
    rules:
      - alert: PaymentsDown
        expr: up{job="payments"} ==
        for: 2 minutes
        labels: {team: payments}
      - alert: OrchestratorDown
        expr: up == 0
        labels: {severity: page}
        annotations: {summary: Mine}
      - record: bad name
        expr: up
        colour: red
      - expr: up
  - name: payments
    rules: []
`;
        const result = userRuleFiles(
            [
                file("user/rules/payments.yml", bad),
                file("user/rules/broken.yml", "groups:\n  - name: a\n   rules: []\n"),
                file("user/rules/flat.yml", "- alert: X\n"),
                file("user/rules/my rules.yml", paymentsRules),
                file("user/rules/good.yml", paymentsRules),
                file("user/rules/good.yaml", paymentsRules),
            ],
            new Set(["OrchestratorDown"]),
        );
        assert.deepEqual(result.files, {});
        assert.deepEqual(result.problems, [
            "user/rules/broken.yml: not valid YAML: Sequence item without - indicator at line 3, column 1; fix the YAML there",
            "user/rules/flat.yml: expected Prometheus' rule file format, a map with `groups:` (a list of {name, rules})",
            "user/rules/good.yml: user/rules/good.yaml becomes user-good.yml too; rename one of them",
            "user/rules/my rules.yml: rename it to letters, digits, _ and - ending in .yml (Prometheus' rules directory and a ConfigMap key take it as it is)",
            'user/rules/payments.yml: group payments: interval "soon" is not a duration; write e.g. 30s or 1m',
            'user/rules/payments.yml: group payments, rules[0] (alert PaymentsDown): expr is not valid PromQL (syntax error at 21: "ments\\"} =="); fix the expression (Prometheus\' expression browser shows the error too)',
            'user/rules/payments.yml: group payments, rules[0] (alert PaymentsDown): for "2 minutes" is not a duration; write e.g. 5m',
            "user/rules/payments.yml: group payments, rules[0] (alert PaymentsDown): labels.severity is missing; set severity: critical (pages), warning (chat) or info (e-mail)",
            "user/rules/payments.yml: group payments, rules[0] (alert PaymentsDown): annotations.summary is missing; add summary: <one line saying what is wrong> (every notification shows it)",
            "user/rules/payments.yml: group payments, rules[1] (alert OrchestratorDown): the project's own alert catalogue has an alert named OrchestratorDown; name yours differently",
            'user/rules/payments.yml: group payments, rules[1] (alert OrchestratorDown): labels.severity "page" is not one the routing knows; set severity: critical (pages), warning (chat) or info (e-mail)',
            'user/rules/payments.yml: group payments, rules[2] (record bad name): record name "bad name" must be letters, digits, _ and :',
            "user/rules/payments.yml: group payments, rules[2] (record bad name): unknown key colour; accepted: alert, record, expr, for, keep_firing_for, labels, annotations",
            "user/rules/payments.yml: group payments, rules[3]: a rule has either alert: <AlertName> or record: <level:metric:operations>, not both nor neither",
            "user/rules/payments.yml: group payments: another group of this file has the same name; rename one",
        ]);
    });
});

describe("user files: checked together, before any resource (mock engine)", function () {
    this.timeout(120_000);

    it("lists every problem of every user file at once, and the program declares nothing", async () => {
        const files = {
            dashboards: [dashboard("user/dashboards/x.json", { title: "No uid" })],
            rules: [file("user/rules/r.yml", "groups: {}\n")],
        };
        assert.deepEqual(userContentProblems(files, buildDashboards()), [
            'user/dashboards/x.json: the dashboard has no "uid"; add "uid": "x" (1-40 characters of A-Z, a-z, 0-9, _ and -), unique among the dashboards',
            "user/rules/r.yml: expected Prometheus' rule file format, a map with `groups:` (a list of {name, rules})",
        ]);
        assert.throws(() => userContent(files, buildDashboards()), UserFilesError);
        const run = await runWithMocks("dev", readStackFile("dev"), [], { userFiles: files });
        assert.ok(run.error, "the program stops");
        assert.equal(
            run.error.message,
            [
                "Invalid files in user/ (nothing was deployed):",
                '  - user/dashboards/x.json: the dashboard has no "uid"; add "uid": "x" (1-40 characters of A-Z, a-z, 0-9, _ and -), unique among the dashboards',
                "  - user/rules/r.yml: expected Prometheus' rule file format, a map with `groups:` (a list of {name, rules})",
            ].join("\n"),
        );
        assert.deepEqual(
            run.resources.map((r) => r.type),
            [],
        );
    });

    it("deploys a user dashboard in its own folder and a rule file into Prometheus' rules directory", async () => {
        const files = {
            dashboards: [dashboard("user/dashboards/Payments team/payments.json", { uid: "payments", title: "Payments", panels: [] })],
            rules: [file("user/rules/payments.yml", paymentsRules)],
        };
        const run = await runWithMocks("dev", readStackFile("dev"), [], { userFiles: files });
        assert.ifError(run.error);
        const folder = ofType(run, "grafana:oss/folder:Folder").find((f) => f.inputs.uid === "user-payments-team");
        assert.deepEqual(folder?.inputs, { uid: "user-payments-team", title: "Payments team" });
        const board = ofType(run, "grafana:oss/dashboard:Dashboard").find((d) => JSON.parse(d.inputs.configJson).uid === "payments");
        assert.equal(board?.inputs.folder, "user-payments-team");
        const prometheus = ofType(run, "docker:index/container:Container").find((c) => c.name.endsWith("prometheus"));
        const uploads = (prometheus?.inputs.uploads ?? []) as { file: string; content: string }[];
        const upload = uploads.find((u) => u.file === "/etc/prometheus/rules/user-payments.yml");
        assert.ok(upload, uploads.map((u) => u.file).join(", "));
        assert.match(upload.content, /alert: PaymentsDown/);
    });
});

describe("user files: the preflight's lines (deploy/checks.ts)", () => {
    const one = { dashboards: [dashboard("user/dashboards/p.json", { uid: "p", title: "P" })], rules: [file("user/rules/r.yml", paymentsRules)] };

    it("says nothing without user files, the program's problems when there are any, and promtool's verdict otherwise", () => {
        assert.deepEqual(checkUserFiles({ dashboards: [], rules: [] }, [], undefined), []);
        assert.deepEqual(checkUserFiles(one, ["user/rules/r.yml: no expr; add expr: <PromQL>"], undefined), [
            { status: "fail", message: "user files: user/rules/r.yml: no expr; add expr: <PromQL>" },
        ]);
        assert.deepEqual(checkUserFiles({ ...one, rules: [] }, [], undefined), [
            { status: "ok", message: "1 dashboard(s) and 0 rule file(s) in user/ are valid" },
        ]);
        assert.deepEqual(checkUserFiles(one, [], { found: false }), [
            {
                status: "warn",
                message:
                    "1 dashboard(s) and 1 rule file(s) in user/: structure and PromQL syntax checked; promtool not found (in the tools cache or on PATH), so the rules' types and templates are checked by Prometheus only when it loads them: install promtool, or run npm run tools -- prometheus",
            },
        ]);
        assert.deepEqual(checkUserFiles(one, [], { found: true, path: "/x/promtool", exitCode: 0, stdout: "", stderr: "" }), [
            { status: "ok", message: "1 dashboard(s) and 1 rule file(s) in user/ are valid (promtool check rules: /x/promtool)" },
        ]);
        // promtool 3.13.2's own words for a refused rule (tests/tools/user-rules-promtool.test.ts runs it for real).
        const stderr = '  FAILED:\nuser/rules/r.yml: 5:15: group "payments", rule 1, "PaymentsDown": could not parse expression: 1:6: parse error: x\n';
        assert.deepEqual(checkUserFiles(one, [], { found: true, path: "/x/promtool", exitCode: 1, stdout: "Checking user/rules/r.yml\n", stderr }), [
            {
                status: "fail",
                message:
                    'user files: user/rules/r.yml: 5:15: group "payments", rule 1, "PaymentsDown": could not parse expression: 1:6: parse error: x (promtool check rules)',
            },
        ]);
    });
});
