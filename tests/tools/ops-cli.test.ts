// The ops CLI as on-call meets it, run as a subprocess: help on every command, and bad input answered with one line and
// the documented exit code (2 bad usage, 3 unreachable) before any request is sent.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { Command } from "commander";
import { buildProgram } from "../../ops/cli";
import { freePort } from "../support/daemon";
import { makeTempDir, removeDir } from "../support/run-tool";
import { describeRun, repoRoot, runOps } from "../support/run-ops";

/** PATH with node alone: no Pulumi CLI, as on this machine, whatever else is installed. */
const noPulumi = { PATH: path.dirname(process.execPath) };

const commands = [
    "status",
    "test-alert",
    "silence",
    "silence add",
    "silence list",
    "silence expire",
    "dashboards",
    "dashboards list",
    "dashboards export",
    "dashboards diff",
    "grafana-password",
];

describe("ops CLI: help and bad input", function () {
    this.timeout(60_000);

    it("prints --help (exit 0), with the exit codes and how to pass URLs", async () => {
        const top = await runOps(["--help"]);
        assert.equal(top.code, 0, describeRun(top));
        assert.match(top.stdout, /Exit codes: 0 fine, 1 something is unhealthy, 2 bad usage, 3 a component unreachable\./);
        const sub = await runOps(["silence", "add", "--help"]);
        assert.equal(sub.code, 0, describeRun(sub));
        assert.match(sub.stdout, /^Usage: ops silence add \[options\] \[matcher\.\.\.\]/);
    });

    it("has help, a description and nothing undocumented on every command (in process: one subprocess per command is slow)", () => {
        const seen: string[] = [];
        const walk = (cmd: Command, prefix: string[]) => {
            for (const sub of cmd.commands) {
                const name = [...prefix, sub.name()].join(" ");
                seen.push(name);
                assert.ok(sub.description().length > 10, `${name} has no description`);
                assert.match(sub.helpInformation(), new RegExp(`^Usage: ops ${name} `), name);
                assert.match(sub.helpInformation(), /-h, --help/, name);
                walk(sub, [...prefix, sub.name()]);
            }
        };
        walk(
            buildProgram(async () => undefined),
            [],
        );
        assert.deepEqual(seen.sort(), [...commands].sort());
    });

    const oneLine = (stderr: string) => stderr.trim().split("\n");
    const cases: readonly { args: string[]; env?: Record<string, string>; code: number; line: RegExp }[] = [
        {
            args: ["statsu"],
            code: 2,
            line: /^error: unknown command 'statsu' \(Did you mean status\?\) \(usage: npm run ops -- \[options\] \[command\]; add --help for more\)$/,
        },
        {
            args: ["status", "--verbose"],
            code: 2,
            line: /^error: unknown option '--verbose' \(usage: npm run ops -- status \[options\]; add --help for more\)$/,
        },
        {
            args: ["test-alert", "--severity", "page"],
            code: 2,
            line: /^error: option '--severity <severity>' argument 'page' is invalid\. Allowed choices are critical, warning, info\. \(usage: npm run ops -- test-alert \[options\]/,
        },
        {
            args: ["silence", "add", "--reason", "x"],
            code: 2,
            line: /^error: required option '--duration <duration>' not specified \(usage: npm run ops -- silence add \[options\] \[matcher\.\.\.\]/,
        },
        {
            args: ["silence", "add", "--duration", "2 hours", "--reason", "x"],
            code: 2,
            line: /^error: --duration: bad duration "2 hours"; expected a duration such as 30s, 15m, 2h or 1h30m/,
        },
        {
            args: ["silence", "add", "--duration", "2h", "--reason", "x", "job~x"],
            code: 2,
            line: /^error: bad matcher "job~x": expected label=value, label!=value, label=~regex or label!~regex/,
        },
        { args: ["silence", "expire", "42"], code: 2, line: /^error: bad silence id "42": expected the UUID/ },
        {
            args: ["status"],
            env: noPulumi,
            code: 2,
            line: /^error: cannot read the outputs of stack dev \(the Pulumi CLI is not installed\); pass --prometheus-url, --alertmanager-url or set PROMETHEUS_URL, ALERTMANAGER_URL$/,
        },
        {
            args: ["dashboards", "list", "--stack", "prod"],
            env: noPulumi,
            code: 2,
            line: /^error: cannot read the outputs of stack prod \(the Pulumi CLI is not installed\); pass --grafana-url or set GRAFANA_URL \(and GRAFANA_PASSWORD\)$/,
        },
        { args: ["dashboards", "export", "prov-orchestrator"], env: noPulumi, code: 2, line: /^error: prov-orchestrator is a built-in dashboard/ },
        {
            args: ["grafana-password", "--stack", "prod"],
            env: noPulumi,
            code: 2,
            line: /^error: cannot read Grafana's admin password of stack prod \(the Pulumi CLI is not installed\); set GRAFANA_PASSWORD$/,
        },
        // npm runs the script in the package root and passes the caller's directory as INIT_CWD: --output is relative to that.
        {
            args: ["dashboards", "export", "prov-orchestrator", "--output", "dashboards/prov-orchestrator.json"],
            env: { ...noPulumi, INIT_CWD: path.join(repoRoot, "user") },
            code: 2,
            line: /^error: prov-orchestrator is a built-in dashboard/,
        },
        {
            args: ["status", "--prometheus-url", "localhost:9090"],
            code: 2,
            line: /^error: --prometheus-url: expected an http\(s\) URL such as http:\/\/localhost:9090 \(got "localhost:9090"\)$/,
        },
    ];
    for (const c of cases) {
        it(`ops ${c.args.join(" ")}: exit ${c.code}, one line`, async () => {
            const run = await runOps(c.args, c.env);
            assert.equal(run.code, c.code, describeRun(run));
            assert.equal(oneLine(run.stderr).length, 1, describeRun(run));
            assert.match(run.stderr.trimEnd(), c.line);
            assert.equal(run.stdout, "");
        });
    }

    describe("with the stack outputs from the Pulumi CLI", () => {
        let dir: string | undefined;
        let port = 0;
        before(async () => {
            port = await freePort();
            dir = makeTempDir("ops-pulumi");
            // A stand-in for the Pulumi CLI: answers exactly the documented call for stack dev with outputs in the shape
            // program/program.ts exports, and fails like pulumi does for any other stack.
            const outputs = JSON.stringify({
                alertmanagerUrl: `http://127.0.0.1:${port}`,
                prometheusUrl: `http://127.0.0.1:${port}`,
                grafanaAdminPassword: "x",
            });
            const password = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: '"generated-pw"' };
            const state = JSON.stringify({
                deployment: {
                    resources: [
                        {
                            urn: "urn:pulumi:dev::monitoring::monitoring:index:MonitoringStack$monitoring:index:Grafana$random:index/randomPassword:RandomPassword::monitoring-grafana-admin-password",
                            type: "random:index/randomPassword:RandomPassword",
                            outputs: { result: password },
                        },
                    ],
                },
            });
            // It notes the backend, passphrase and directory it was run with: those of `npm run deploy`.
            fs.writeFileSync(
                path.join(dir, "pulumi"),
                `#!/bin/sh\necho "$PULUMI_BACKEND_URL|$PULUMI_CONFIG_PASSPHRASE|$(pwd)" > "${dir}/called-with"\n` +
                    `if [ "$*" = "stack output --json --show-secrets --stack dev" ]; then echo '${outputs}'; exit 0; fi\n` +
                    // No password in the stack's config: the generated one, in the state's RandomPassword, as exported.
                    `if [ "$*" = "config get monitoring:grafanaAdminPassword --stack dev" ]; then echo "error: configuration key not found" >&2; exit 255; fi\n` +
                    `if [ "$*" = "stack export --show-secrets --stack dev" ]; then echo '${state}'; exit 0; fi\n` +
                    `echo "error: no stack named '$6' found" >&2\nexit 255\n`,
                { mode: 0o755 },
            );
        });
        after(() => removeDir(dir));
        // No `pulumi login` in this HOME: deploy keeps the state in the local backend, under a passphrase.
        const cli = () => ({ PATH: `${dir}${path.delimiter}${path.dirname(process.execPath)}`, HOME: dir!, PULUMI_CONFIG_PASSPHRASE: "pass" });

        it("asks the backend npm run deploy uses, with its passphrase, in the project folder", async () => {
            const run = await runOps(["silence", "list"], cli());
            assert.equal(run.code, 3, describeRun(run));
            assert.equal(fs.readFileSync(path.join(dir!, "called-with"), "utf8"), `file://~|pass|${repoRoot}\n`);
        });

        it("a passphrase stack without PULUMI_CONFIG_PASSPHRASE and no terminal: exit 2, what to set, pulumi not run", async () => {
            fs.rmSync(path.join(dir!, "called-with"), { force: true });
            const { PULUMI_CONFIG_PASSPHRASE: _passphrase, ...noPassphrase } = cli();
            const run = await runOps(["silence", "list"], noPassphrase);
            assert.equal(run.code, 2, describeRun(run));
            assert.equal(
                run.stderr,
                "error: cannot read the outputs of stack dev: stack dev keeps its secrets under a passphrase (file://~ (no login: the local file backend)) and there is no terminal to ask for it: set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE, as for npm run deploy; or pass --alertmanager-url or set ALERTMANAGER_URL\n",
            );
            assert.ok(!fs.existsSync(path.join(dir!, "called-with")), "pulumi was not run");
        });

        it("grafana-password: the generated password from the stack's state (no output carries it), on deploy's backend", async () => {
            const run = await runOps(["grafana-password"], cli());
            assert.equal(run.code, 0, describeRun(run));
            assert.equal(run.stdout, "generated-pw\n");
            assert.equal(fs.readFileSync(path.join(dir!, "called-with"), "utf8"), `file://~|pass|${repoRoot}\n`);
        });

        it("reads the URLs with pulumi stack output --json --show-secrets --stack <stack>", async () => {
            const run = await runOps(["silence", "list"], cli());
            assert.equal(run.code, 3, describeRun(run));
            assert.equal(run.stderr, `error: Alertmanager is unreachable at http://127.0.0.1:${port}/api/v2/silences (ECONNREFUSED)\n`);
        });

        it("a flag still wins over the outputs", async () => {
            const other = await freePort();
            const run = await runOps(["silence", "list", "--alertmanager-url", `http://127.0.0.1:${other}`], cli());
            assert.equal(run.code, 3, describeRun(run));
            assert.match(run.stderr, new RegExp(`at http://127\\.0\\.0\\.1:${other}/`));
        });

        it("a failing pulumi: exit 2, its error and how to pass URLs instead", async () => {
            const run = await runOps(["silence", "list", "--stack", "qa"], cli());
            assert.equal(run.code, 2, describeRun(run));
            assert.equal(
                run.stderr,
                "error: cannot read the outputs of stack qa (pulumi stack output failed: error: no stack named 'qa' found); pass --alertmanager-url or set ALERTMANAGER_URL\n",
            );
        });
    });

    it("an unreachable Alertmanager: exit 3, one line naming it and the URL", async () => {
        const port = await freePort();
        const run = await runOps(["silence", "list", "--alertmanager-url", `http://127.0.0.1:${port}`]);
        assert.equal(run.code, 3, describeRun(run));
        assert.equal(run.stderr, `error: Alertmanager is unreachable at http://127.0.0.1:${port}/api/v2/silences (ECONNREFUSED)\n`);
    });

    it("a cluster-internal URL (prod's outputs) that does not resolve: says how to port-forward", async () => {
        const run = await runOps(["silence", "list"], { ALERTMANAGER_URL: "http://alertmanager.monitoring.svc:9093" });
        assert.equal(run.code, 3, describeRun(run));
        assert.match(
            run.stderr,
            /that is a cluster-internal address: run kubectl -n monitoring port-forward svc\/alertmanager <port> and pass --alertmanager-url http:\/\/localhost:<port>\n$/,
        );
    });
});
