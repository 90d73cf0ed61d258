// `npm run deploy -- dev` as a newcomer runs it on a machine without the Pulumi CLI and without a Docker engine (this
// build machine): it must stop in preflight, before any change, naming both with their fixes, exit 1, no stack trace.
// It runs on the tests' stacks: a project folder holding this Pulumi.yaml and tests/fixtures/stacks' stack files, where
// the deploy command finds its project as the Pulumi CLI does (the working directory), whatever Pulumi.dev.yaml says.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fixtureStacksDir, projectRoot } from "../support/stack-files";

/** The deploy command's PATH: Node.js's own folder and the system's. */
const pathDirs = [path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"];
// Where a Pulumi CLI is installed in one of them, preflight rightly finds it: the case without one cannot run there.
const installedPulumi = pathDirs.map((d) => path.join(d, "pulumi")).find((f) => fs.existsSync(f));
const withoutPulumi = installedPulumi ? it.skip : it;
const stopsInPreflight =
    "stops in preflight: exit 1, the missing Pulumi CLI and the unreachable engine named with their fixes, no stack trace, nothing changed" +
    (installedPulumi ? ` (skipped: a Pulumi CLI is installed at ${installedPulumi})` : "");

/** Runs `npm run <script>`'s command exactly as npm would, in a clean environment: that PATH, no engine at DOCKER_HOST. */
function deployCli(args: string[], project: string, home: string, socket: string) {
    const tsNode = require.resolve("ts-node/register/transpile-only");
    const result = spawnSync(process.execPath, ["-r", tsNode, path.join(projectRoot, "deploy", "cli.ts"), ...args], {
        cwd: project,
        // ts-node reads this checkout's tsconfig.json, as `npm run` started here would.
        env: { PATH: pathDirs.join(":"), HOME: home, DOCKER_HOST: `unix://${socket}`, TS_NODE_PROJECT: path.join(projectRoot, "tsconfig.json") },
        encoding: "utf8",
        timeout: 60000,
    });
    return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe("npm run deploy -- dev on a machine without Pulumi and Docker", function () {
    this.timeout(60000);
    let home: string;
    let project: string;
    const stackFiles = ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"];
    let before: string[];

    beforeEach(() => {
        home = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-first-run-"));
        project = path.join(home, "project");
        fs.mkdirSync(project);
        fs.copyFileSync(path.join(projectRoot, "Pulumi.yaml"), path.join(project, "Pulumi.yaml"));
        for (const f of stackFiles.slice(1)) fs.copyFileSync(path.join(fixtureStacksDir, f), path.join(project, f));
        before = stackFiles.map((f) => fs.readFileSync(path.join(project, f), "utf8"));
    });
    afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

    withoutPulumi(stopsInPreflight, () => {
        const socket = path.join(home, "no-engine.sock");
        const { status, output } = deployCli(["deploy", "dev"], project, home, socket);
        assert.equal(status, 1, output);
        const lines = output.split("\n");
        assert.ok(
            lines.some((l) => /FAIL {2}Pulumi CLI not found on PATH: install Pulumi \d+\.\d+\.\d+ or newer: curl -fsSL https:\/\/get\.pulumi\.com/.test(l)),
            output,
        );
        assert.ok(
            lines.some((l) => l.includes(`FAIL  Docker engine not reachable at unix://${socket} (`) && l.includes("start Docker")),
            output,
        );
        assert.ok(
            lines.some((l) => /^preflight: \d+ problems to fix first; nothing was changed$/.test(l)),
            output,
        );
        assert.ok(!lines.some((l) => /^\s+at .+[:(].*\d+:\d+\)?$/.test(l)), `no stack trace:\n${output}`);
        // Nothing changed: no Pulumi state or login in HOME, the stack files as they were.
        assert.ok(!fs.existsSync(path.join(home, ".pulumi")), "no ~/.pulumi created");
        assert.deepEqual(
            stackFiles.map((f) => fs.readFileSync(path.join(project, f), "utf8")),
            before,
        );
    });

    it("bad usage: one line and the usage, exit 2, before any probe", () => {
        const { status, output } = deployCli(["deploy", "staging"], project, home, path.join(home, "none.sock"));
        assert.equal(status, 2, output);
        assert.match(
            output,
            /deploy: unknown stack "staging" \(stacks with a Pulumi\.<stack>\.yaml here: dev, prod\)\nusage: npm run deploy -- <stack> \[--yes\] \[--preview\]/,
        );
        assert.ok(!output.includes("preflight for stack"), output);
    });
});
