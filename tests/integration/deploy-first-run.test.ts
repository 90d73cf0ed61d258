// `npm run deploy -- dev` as a newcomer runs it on a machine without the Pulumi CLI and without a Docker engine (this
// build machine): it must stop in preflight, before any change, naming both with their fixes, exit 1, no stack trace.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectRoot } from "../../support/stack-files";

/** Runs an npm script exactly as a person would, in a clean environment: no Pulumi on PATH, no engine at DOCKER_HOST. */
function npmRun(args: string[], home: string, socket: string) {
    const pathDirs = [path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"];
    assert.ok(!pathDirs.some((d) => fs.existsSync(path.join(d, "pulumi"))), "precondition: no Pulumi CLI on this PATH");
    const result = spawnSync("npm", ["run", ...args], {
        cwd: projectRoot,
        env: { PATH: pathDirs.join(":"), HOME: home, DOCKER_HOST: `unix://${socket}` },
        encoding: "utf8",
        timeout: 60000,
    });
    return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe("npm run deploy -- dev on a machine without Pulumi and Docker", function () {
    this.timeout(60000);
    let home: string;
    const stackFiles = ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"];
    let before: string[];

    beforeEach(() => {
        home = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-first-run-"));
        before = stackFiles.map((f) => fs.readFileSync(path.join(projectRoot, f), "utf8"));
    });
    afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

    it("stops in preflight: exit 1, the missing Pulumi CLI and the unreachable engine named with their fixes, no stack trace, nothing changed", () => {
        const socket = path.join(home, "no-engine.sock");
        const { status, output } = npmRun(["deploy", "--", "dev"], home, socket);
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
            stackFiles.map((f) => fs.readFileSync(path.join(projectRoot, f), "utf8")),
            before,
        );
    });

    it("bad usage: one line and the usage, exit 2, before any probe", () => {
        const { status, output } = npmRun(["deploy", "--", "staging"], home, path.join(home, "none.sock"));
        assert.equal(status, 2, output);
        assert.match(
            output,
            /deploy: unknown stack "staging" \(stacks with a Pulumi\.<stack>\.yaml here: dev, prod\)\nusage: npm run deploy -- <stack> \[--yes\] \[--preview\]/,
        );
        assert.ok(!output.includes("preflight for stack"), output);
    });
});
