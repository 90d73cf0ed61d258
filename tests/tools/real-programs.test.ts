// Each rendered file and command line of dev and prod read by the program that reads it in the stack, at the deployed
// version (npm run tools), and the same with one typo refused by it. prometheus.yml and alertmanager.yml are in
// render.test.ts; this file holds the rule files and node_exporter's command line.
import { strict as assert } from "assert";
import { renderPrometheusRuleFiles } from "../../render/prometheus/rule-files";
import { nodeExporterWorkload } from "../../components/node-exporter";
import { startDaemon } from "../support/daemon";
import { makeTempDir, removeDir, runTool, writeFiles } from "../support/run-tool";
import { loadStackConfig, stackNames } from "../support/stack-files";

/** The rendered flags with the host's own /proc, /sys and / instead of the container's mounts, on a local port. */
const localNodeExporterArgs = (args: readonly string[]): string[] =>
    args
        .map((a) => a.replace("=/host/proc", "=/proc").replace("=/host/sys", "=/sys").replace("=/host/root", "=/"))
        .map((a) => (a.startsWith("--web.listen-address=") ? "--web.listen-address=127.0.0.1:{port}" : a));

for (const stack of stackNames()) {
    describe(`the real programs on ${stack}'s rule files and node_exporter flags`, function () {
        this.timeout(60_000);
        let dir: string | undefined;
        before(() => (dir = makeTempDir(`real-${stack}`)));
        after(() => removeDir(dir));

        it("promtool 3.13.2 refuses a rule file with a misspelt field", () => {
            const [name, text] = Object.entries(renderPrometheusRuleFiles(loadStackConfig(stack)))[0];
            assert.match(text, / expr: /);
            writeFiles(dir!, { [name]: text.replace(" expr: ", " exprr: ") });
            const result = runTool("promtool", ["check", "rules", name], dir!);
            assert.equal(result.status, 1);
            assert.match(result.stdout + result.stderr, /field exprr not found/);
        });

        it("node_exporter 1.12.1 starts with the rendered flags and serves the filesystem collector", async () => {
            const args = localNodeExporterArgs(nodeExporterWorkload(loadStackConfig(stack)).args);
            const daemon = await startDaemon("node_exporter", args, "/metrics");
            try {
                const metrics = await (await fetch(`${daemon.baseUrl}/metrics`)).text();
                assert.match(metrics, /^node_filesystem_avail_bytes\{/m);
            } finally {
                await daemon.stop();
            }
        });

        it("node_exporter 1.12.1 refuses the rendered flags with one misspelt", () => {
            const args = localNodeExporterArgs(nodeExporterWorkload(loadStackConfig(stack)).args).map((a) =>
                a.replace("--collector.filesystem.mount-points-exclude=", "--collector.filesystem.mount-point-exclude="),
            );
            const result = runTool(
                "node_exporter",
                args.map((a) => a.replace("{port}", "0")),
                dir!,
            );
            assert.equal(result.status, 1);
            assert.match(result.stderr, /unknown long flag '--collector\.filesystem\.mount-point-exclude'/);
        });
    });
}
