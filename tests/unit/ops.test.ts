// The ops CLI's pure parts: matchers, durations, URL resolution, silences, status, test-alert bookkeeping, and the
// Grafana calls over samples of Grafana's documented responses (tests/fixtures/grafana/README.md says where from).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { normalizeDashboardJson, parseUserDashboard } from "../../dashboards";
import { dashboardRows, diffDashboards, exportTarget, exportText, GrafanaDashboardResponse, GrafanaSearchHit } from "../../ops/dashboards";
import { adminPasswordFromState, resolveEndpoints } from "../../ops/endpoints";
import { OpsError } from "../../ops/http";
import { colours, useColour } from "../../ops/format";
import { formatMatcher } from "../../alerts/routing";
import { parseDurationMs, parseMatcher, toApiMatcher } from "../../ops/matchers";
import { AmSilence, defaultMatchers, silenceAuthor, silenceBody, silenceRows } from "../../ops/silence";
import { assessStatus, grafanaHealthProblem, PromTarget, renderStatus } from "../../ops/status";
import { AmAlertGroup, receiversInGroups, sameReceivers, testAlertLabels } from "../../ops/test-alert";

const fixture = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "grafana", name), "utf8")) as T;

/** The error a function throws, for exact message and exit code checks. */
function thrown(fn: () => unknown): OpsError {
    try {
        fn();
    } catch (err) {
        assert.ok(err instanceof OpsError, `expected an OpsError, got ${String(err)}`);
        return err;
    }
    assert.fail("expected an error");
}

describe("ops: matchers and durations", () => {
    it("parses the four operators, quoted or not", () => {
        assert.deepEqual(["a=b", 'job=~"prov.*"', "x!=y", 'sev!~"info|none"', 'msg="a \\"q\\""'].map(parseMatcher).map(formatMatcher), [
            'a="b"',
            'job=~"prov.*"',
            'x!="y"',
            'sev!~"info|none"',
            'msg="a \\"q\\""',
        ]);
        assert.deepEqual(toApiMatcher(parseMatcher("sev!~info")), { name: "sev", value: "info", isRegex: true, isEqual: false });
    });

    it("rejects a bad matcher in one line naming it and the accepted forms, exit 2", () => {
        const e = thrown(() => parseMatcher("foo~bar"));
        assert.equal(e.message, 'bad matcher "foo~bar": expected label=value, label!=value, label=~regex or label!~regex (the value may be "quoted")');
        assert.equal(e.exitCode, 2);
        assert.match(thrown(() => parseMatcher("a=~(")).message, /^bad matcher "a=~\(": Invalid regular expression/);
    });

    it("reads durations in the stack config's syntax and rejects anything else with the accepted forms", () => {
        assert.equal(parseDurationMs("--duration", "2h"), 7_200_000);
        assert.equal(parseDurationMs("--duration", "1h30m"), 5_400_000);
        const e = thrown(() => parseDurationMs("--duration", "2 hours"));
        assert.equal(e.message, '--duration: bad duration "2 hours"; expected a duration such as 30s, 15m, 2h or 1h30m (units y, w, d, h, m, s, ms)');
        assert.equal(e.exitCode, 2);
        assert.equal(thrown(() => parseDurationMs("--resolve-after", "0s")).exitCode, 2);
    });
});

describe("ops: where the components are", () => {
    const outputs = {
        prometheusUrl: "http://localhost:9090",
        alertmanagerUrl: "http://localhost:9093",
        grafanaUrl: "http://localhost:3000",
        grafanaAdminUser: "admin",
        grafanaAdminPassword: "s3cret",
    };
    const never = () => assert.fail("the stack outputs were read although flags and environment sufficed");

    it("takes flags over environment, and reads no stack outputs when they suffice", () => {
        const e = resolveEndpoints(
            ["prometheus", "alertmanager"],
            { prometheus: "http://p:1/" },
            { ALERTMANAGER_URL: "http://a:2", PROMETHEUS_URL: "http://ignored:3" },
            "dev",
            never,
        );
        assert.deepEqual(e.urls, { prometheus: "http://p:1", alertmanager: "http://a:2" });
    });

    it("fills what is missing from the stack outputs, flags and environment still winning", () => {
        const e = resolveEndpoints(["grafana"], {}, { GRAFANA_PASSWORD: "from-env" }, "dev", (stack, missing) => {
            assert.deepEqual([stack, missing], ["dev", ["grafana"]]);
            return outputs;
        });
        assert.deepEqual(e, {
            urls: { prometheus: "http://localhost:9090", alertmanager: "http://localhost:9093", grafana: "http://localhost:3000" },
            grafanaUser: "admin",
            grafanaPassword: "from-env",
        });
    });

    it("reads Grafana's password from GRAFANA_PASSWORD, else from the stack outputs even when the URL came from a flag", () => {
        const own = resolveEndpoints(["grafana"], { grafana: "http://g:3000" }, { GRAFANA_PASSWORD: "pw" }, "dev", never);
        assert.deepEqual([own.urls.grafana, own.grafanaPassword], ["http://g:3000", "pw"]);
        const fromOutputs = resolveEndpoints(["grafana"], { grafana: "http://g:3000" }, {}, "dev", () => outputs);
        assert.deepEqual([fromOutputs.urls.grafana, fromOutputs.grafanaUser, fromOutputs.grafanaPassword], ["http://g:3000", "admin", "s3cret"]);
        assert.equal(
            thrown(() => resolveEndpoints(["grafana"], { grafana: "http://g:3000" }, {}, "dev", () => ({}))).message,
            "stack dev has no Grafana admin password to read; set GRAFANA_PASSWORD (and GRAFANA_USER if not admin)",
        );
    });

    it("names what is still missing and how to pass it", () => {
        const e = thrown(() => resolveEndpoints(["prometheus", "loki"], {}, {}, "prod", () => ({ prometheusUrl: "http://prometheus.monitoring.svc:9090" })));
        assert.equal(e.message, "stack prod has no output for Loki (not deployed?); pass --loki-url or set LOKI_URL");
        assert.equal(e.exitCode, 2);
    });

    it("rejects a URL that is not http(s), naming where it came from", () => {
        assert.equal(
            thrown(() => resolveEndpoints(["prometheus"], { prometheus: "localhost:9090" }, {}, "dev", never)).message,
            '--prometheus-url: expected an http(s) URL such as http://localhost:9090 (got "localhost:9090")',
        );
        assert.equal(
            thrown(() => resolveEndpoints(["prometheus"], {}, { PROMETHEUS_URL: "ftp://x" }, "dev", never)).message,
            'PROMETHEUS_URL: expected an http(s) URL such as http://localhost:9090 (got "ftp://x")',
        );
    });
});

describe("ops: Grafana's break-glass password, from the stack's state (no output carries it)", () => {
    // The shape of `pulumi stack export --show-secrets`: a secret output as {<signature>, plaintext: <JSON text>}.
    const state = (result: unknown, name = "monitoring-grafana-admin-password") => ({
        version: 3,
        deployment: {
            resources: [
                { urn: "urn:pulumi:dev::monitoring::pulumi:pulumi:Stack::monitoring-dev", type: "pulumi:pulumi:Stack" },
                {
                    urn: `urn:pulumi:dev::monitoring::monitoring:index:MonitoringStack$monitoring:index:Grafana$random:index/randomPassword:RandomPassword::${name}`,
                    type: "random:index/randomPassword:RandomPassword",
                    outputs: { length: 32, result },
                },
            ],
        },
    });

    it("reads the generated password, decrypted or plain; nothing from another random password or an empty state", () => {
        assert.equal(
            adminPasswordFromState(state({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: '"Gen3rated"' })),
            "Gen3rated",
        );
        assert.equal(adminPasswordFromState(state("plain-one")), "plain-one");
        assert.equal(adminPasswordFromState(state("other", "monitoring-something-else")), undefined);
        assert.equal(adminPasswordFromState({}), undefined);
    });
});

describe("ops: silences and test alerts", () => {
    it("silences every alert of the cluster but the Watchdog by default, with author, reason and end time", () => {
        const body = silenceBody(defaultMatchers("provisioning-dev"), Date.parse("2026-01-01T00:00:00Z"), 7_200_000, "jane", "maintenance");
        assert.deepEqual(body, {
            matchers: [
                { name: "cluster", value: "provisioning-dev", isRegex: false, isEqual: true },
                { name: "alertname", value: "Watchdog", isRegex: false, isEqual: false },
            ],
            startsAt: "2026-01-01T00:00:00.000Z",
            endsAt: "2026-01-01T02:00:00.000Z",
            createdBy: "jane",
            comment: "maintenance",
        });
    });

    it("lists active and pending silences soonest end first, expired ones only with --all", () => {
        const s = (id: string, state: "active" | "pending" | "expired", endsAt: string): AmSilence => ({
            id,
            matchers: [{ name: "job", value: "prov.*", isRegex: true, isEqual: true }],
            startsAt: "2026-01-01T00:00:00Z",
            endsAt,
            createdBy: "x",
            comment: "c",
            status: { state },
        });
        const all = [s("b", "active", "2026-01-01T05:00:00Z"), s("a", "pending", "2026-01-01T03:00:00Z"), s("c", "expired", "2026-01-01T01:00:00Z")];
        assert.deepEqual(
            silenceRows(all, false).map((r) => `${r.id} ${r.state} ${r.matchers}`),
            ['a pending job=~"prov.*"', 'b active job=~"prov.*"'],
        );
        assert.deepEqual(
            silenceRows(all, true).map((r) => r.id),
            ["c", "a", "b"],
        );
    });

    it("takes the author from git's user.name, else the login name", () => {
        assert.equal(
            silenceAuthor(
                () => "Jane Doe\n",
                () => "jdoe",
            ),
            "Jane Doe",
        );
        assert.equal(
            silenceAuthor(
                () => "  ",
                () => "jdoe",
            ),
            "jdoe",
        );
        assert.equal(
            silenceAuthor(
                () => undefined,
                () => "jdoe",
            ),
            "jdoe",
        );
    });

    it("labels a test alert so it is told apart, and reads its receivers from Alertmanager's groups", () => {
        assert.deepEqual(testAlertLabels("critical", "provisioning-dev", "t1"), {
            alertname: "TestAlert",
            cluster: "provisioning-dev",
            severity: "critical",
            source: "ops-test-alert",
            test_id: "t1",
        });
        const group = (receiver: string, testId: string): AmAlertGroup => ({
            labels: {},
            receiver: { name: receiver },
            alerts: [{ labels: { test_id: testId } } as never],
        });
        assert.deepEqual(receiversInGroups([group("team-email", "t1"), group("pagerduty", "t1"), group("slack", "t2")], "t1"), ["pagerduty", "team-email"]);
        assert.equal(sameReceivers(["pagerduty", "team-email"], ["team-email", "pagerduty"]), true);
        assert.equal(sameReceivers(["pagerduty", "team-email"], ["pagerduty"]), false);
    });
});

describe("ops: status", () => {
    const ok = { component: "Prometheus", url: "http://p", health: "ok" as const, detail: "/-/healthy ok" };
    const target = (job: string, health: PromTarget["health"], lastError = ""): PromTarget => ({
        labels: { job, instance: `${job}:1` },
        scrapeUrl: "",
        health,
        lastError,
    });

    it("exits 0 when everything is up, 1 when a target is down or not yet scraped or a rule fails, 3 when a component is unreachable", () => {
        assert.equal(assessStatus({ components: [ok], targets: [target("a", "up")], ruleGroups: [], alerts: [] }).exitCode, 0);
        const down = assessStatus({ components: [ok], targets: [target("node-exporter", "down", "connection refused"), target("a", "up")] });
        assert.equal(down.exitCode, 1);
        assert.deepEqual(down.problems, ["job node-exporter: 1 of 1 targets down (node-exporter:1: connection refused)"]);
        assert.equal(assessStatus({ components: [ok], targets: [target("a", "unknown")] }).exitCode, 1);
        const rules = assessStatus({
            components: [ok],
            ruleGroups: [{ name: "g", file: "f.yml", rules: [{ name: "R", type: "alerting", health: "err", lastError: "boom" }] }],
        });
        assert.deepEqual([rules.exitCode, rules.problems], [1, ["rule group g failing: R: boom"]]);
        const unreachable = assessStatus({
            components: [ok, { component: "Alertmanager", url: "http://a", health: "unreachable", detail: "ECONNREFUSED" }],
            targets: [target("a", "down")],
        });
        assert.equal(unreachable.exitCode, 3);
    });

    it("groups firing alerts by severity and leaves pending ones out", () => {
        const r = assessStatus({
            components: [ok],
            alerts: [
                { labels: { alertname: "Watchdog", severity: "none" }, state: "firing" },
                { labels: { alertname: "B", severity: "critical" }, state: "firing" },
                { labels: { alertname: "A", severity: "critical" }, state: "firing" },
                { labels: { alertname: "C", severity: "warning" }, state: "pending" },
            ],
        });
        assert.deepEqual(r.firing, { none: ["Watchdog"], critical: ["A", "B"] });
        assert.match(renderStatus(r, colours(false)), /Firing alerts:\n {2}critical: A, B\n {2}none: Watchdog/);
    });

    it("shows the Alertmanager cluster's members, or that gossip is off", () => {
        const status = (cluster: { status: "ready" | "disabled"; peers?: { name: string; address: string }[] }) =>
            renderStatus(assessStatus({ components: [ok], alertmanager: { cluster, config: { original: "" } } }), colours(false));
        assert.match(status({ status: "disabled" }), /^Alertmanager cluster: disabled, a single Alertmanager, no gossip$/m);
        assert.match(
            status({
                status: "ready",
                peers: [
                    { name: "B", address: "10.0.0.2:9094" },
                    { name: "A", address: "10.0.0.1:9094" },
                ],
            }),
            /^Alertmanager cluster: ready, 2 member\(s\): A 10\.0\.0\.1:9094, B 10\.0\.0\.2:9094$/m,
        );
    });

    it("colours only on a terminal without NO_COLOR and without --no-color", () => {
        assert.equal(useColour(true, {}, true), true);
        assert.equal(useColour(false, {}, true), false);
        assert.equal(useColour(true, { NO_COLOR: "1" }, true), false);
        assert.equal(useColour(true, {}, false), false);
        const report = assessStatus({ components: [{ ...ok, health: "unhealthy" }] });
        assert.match(renderStatus(report, colours(true)), /\u001b\[31munhealthy\u001b\[39m/);
        assert.doesNotMatch(renderStatus(report, colours(false)), /\u001b\[/);
    });

    it("reads Grafana's /api/health: healthy with database ok, else names what it said", () => {
        assert.equal(grafanaHealthProblem(JSON.stringify(fixture("health.json"))), undefined);
        assert.equal(grafanaHealthProblem('{"database":"failing"}'), 'database: "failing"');
        assert.equal(grafanaHealthProblem("<html>"), "/api/health answered no JSON: <html>");
    });
});

describe("ops: dashboards, over Grafana's documented response shapes", () => {
    const hits = fixture<GrafanaSearchHit[]>("search.json");
    const response = fixture<GrafanaDashboardResponse>("dashboard-by-uid.json");

    it("lists Grafana's dashboards (not folders) with where their code lives", () => {
        const rows = dashboardRows(hits, "http://localhost:3000/", new Set(["prov-orchestrator"]), new Set(["custom-infrastructure"]));
        assert.deepEqual(
            rows.map((r) => [r.uid, r.folder, r.origin, r.url]),
            [
                ["cIBgcSjkk", "Folder", "only in Grafana", "http://localhost:3000/d/cIBgcSjkk/production-overview"],
                ["custom-infrastructure", "Custom", "custom", "http://localhost:3000/d/custom-infrastructure/custom-infrastructure-dashboard"],
                ["prov-orchestrator", "Provisioning", "built-in", "http://localhost:3000/d/prov-orchestrator/orchestrator-performance"],
            ],
        );
    });

    it("exports the model as deployed: no id or version, sorted keys; loaded back from user/dashboards/ it deploys exactly Grafana's copy", () => {
        const text = exportText(response);
        assert.equal(
            text,
            [
                "{",
                '  "panels": [',
                "    {",
                '      "gridPos": {',
                '        "h": 8,',
                '        "w": 12,',
                '        "x": 0,',
                '        "y": 0',
                "      },",
                '      "targets": [',
                "        {",
                '          "expr": "sum(provisioning_workflows_active)",',
                '          "refId": "A"',
                "        }",
                "      ],",
                '      "title": "Active workflows",',
                '      "type": "timeseries"',
                "    }",
                "  ],",
                '  "schemaVersion": 41,',
                '  "tags": [',
                '    "templated"',
                "  ],",
                '  "timezone": "browser",',
                '  "title": "Ops <fixture> & export",',
                '  "uid": "prov-ops-fixture"',
                "}",
                "",
            ].join("\n"),
        );
        const loaded = parseUserDashboard("prov-ops-fixture.json", text);
        assert.equal(normalizeDashboardJson(loaded.json), normalizeDashboardJson(response.dashboard));
    });

    it("exports to user/dashboards/<uid>.json, refusing a built-in uid there and an existing file without --force", () => {
        const dir = "/repo/user/dashboards";
        const none = () => false;
        assert.equal(exportTarget("abc", undefined, dir, new Set(), none, false), "/repo/user/dashboards/abc.json");
        assert.equal(
            thrown(() => exportTarget("prov-orchestrator", undefined, dir, new Set(["prov-orchestrator"]), none, true)).message,
            "prov-orchestrator is a built-in dashboard (dashboards/*.ts): a copy in user/dashboards/ would clash with it; change its code, or pass --output <file> elsewhere",
        );
        assert.equal(exportTarget("prov-orchestrator", "/tmp/o.json", dir, new Set(["prov-orchestrator"]), none, false), "/tmp/o.json");
        const e = thrown(() => exportTarget("abc", undefined, dir, new Set(), () => true, false));
        assert.deepEqual([e.message, e.exitCode], ["/repo/user/dashboards/abc.json exists; pass --force to overwrite it", 2]);
        assert.equal(
            exportTarget("abc", undefined, dir, new Set(), () => true, true),
            "/repo/user/dashboards/abc.json",
        );
    });

    it("diffs Grafana's copy against the code's in the deployed form: id and version never count, a changed query does", () => {
        const code = { ...response.dashboard, id: undefined, version: undefined };
        assert.deepEqual(diffDashboards(code, response.dashboard), []);
        const edited = JSON.parse(JSON.stringify(response.dashboard)) as { panels: { targets: { expr: string }[] }[]; refresh?: string };
        edited.panels[0].targets[0].expr = "provisioning_workflows_active";
        edited.refresh = "5s";
        assert.deepEqual(diffDashboards(code, edited as never), [
            { path: "panels[0].targets[0].expr", code: "sum(provisioning_workflows_active)", grafana: "provisioning_workflows_active" },
            { path: "refresh", code: undefined, grafana: "5s" },
        ]);
    });
});
