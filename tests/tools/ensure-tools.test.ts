// scripts/ensure-tools.sh: silent when every tool is there, a clear failure naming each missing tool otherwise.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { makeTempDir, removeDir } from "../../support/run-tool";
import { projectRoot } from "../../support/stack-files";

const script = path.join(projectRoot, "scripts", "ensure-tools.sh");

function run(env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
    // bash by absolute path, so a PATH without the tools still finds the shell.
    const result = spawnSync("/bin/bash", [script], { env, encoding: "utf8", timeout: 120_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("scripts/ensure-tools.sh", () => {
    it("is valid bash", () => {
        const result = spawnSync("/bin/bash", ["-n", script], { encoding: "utf8" });
        assert.equal(result.status, 0, result.stderr);
    });

    it("prints nothing and exits 0 when every tool is installed", () => {
        const result = run(process.env);
        assert.deepEqual(result, { status: 0, stdout: "", stderr: "" }, "the tests need promtool, amtool and the daemons installed");
    });

    it("fails naming every missing tool and the apt-get command when it may not install", () => {
        const emptyBin = makeTempDir("no-tools");
        try {
            const result = run({ PATH: emptyBin, ENSURE_TOOLS_INSTALL: "never" });
            assert.equal(result.status, 1);
            for (const tool of ["promtool", "prometheus", "amtool", "prometheus-alertmanager", "prometheus-node-exporter"]) {
                assert.match(result.stderr, new RegExp(`missing: .*\\b${tool}\\b`));
            }
            assert.match(result.stderr, /apt-get install -y --no-install-recommends prometheus prometheus-alertmanager prometheus-node-exporter/);
        } finally {
            removeDir(emptyBin);
        }
    });
});
