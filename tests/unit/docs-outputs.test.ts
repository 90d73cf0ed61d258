// docs/configuration.md's outputs table lists every output the program exports, with the dev and prod values the mock
// runs give; examples/platform-service reads only outputs that exist and pins its own dependencies.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { MockRun, runWithMocks } from "../support/mock-run";
import { projectRoot, readStackFile } from "../support/stack-files";
import { runProd } from "../support/prod-run";

const read = (file: string) => fs.readFileSync(path.join(projectRoot, file), "utf8");

/** output -> [dev cell, prod cell] of the table under "## Stack outputs". */
function outputsTable(): Map<string, [string, string]> {
    const section = read("docs/configuration.md").split("## Stack outputs")[1];
    const rows = section.split("\n").filter((l) => /^\| `[A-Za-z]+` \|/.test(l));
    return new Map(
        rows.map((r) => {
            const cells = r.split(" | ").map((c) => c.replace(/^\| |\s*\|$/g, ""));
            return [cells[0].replace(/`/g, ""), [cells[1], cells[2]]];
        }),
    );
}

const defined = (run: MockRun) =>
    Object.keys(run.outputs)
        .filter((k) => run.outputs[k] !== undefined)
        .sort();

describe("stack outputs in the docs and the example", function () {
    this.timeout(60_000);
    let dev: MockRun;
    let prod: MockRun;
    before(async () => {
        dev = await runWithMocks("dev", readStackFile("dev"));
        prod = await runProd();
        assert.ifError(dev.error);
        assert.ifError(prod.error);
    });

    it("lists exactly the outputs the program exports (all fifteen), dev and prod alike", () => {
        const table = outputsTable();
        assert.deepEqual(
            [...table.keys()].sort(),
            defined(dev),
            "docs/configuration.md, Stack outputs: add a row | `<output>` | <dev value> | <prod value> | per output",
        );
        assert.deepEqual(defined(prod), defined(dev));
        assert.equal(table.size, 15);
    });

    it("exports them from index.ts, the module the Pulumi CLI's Node.js host requires (its exports become the stack outputs)", () => {
        // The mock engine and the prod config of the last run above are still set: loading the entry runs the program again.
        const entry = require("../../index") as Record<string, unknown>;
        const exported = Object.keys(entry).filter((k) => entry[k] !== undefined);
        assert.deepEqual(exported.sort(), [...outputsTable().keys()].sort());
    });

    it("gives each plain string output's dev and prod value as the runs give it", () => {
        const table = outputsTable();
        for (const [name, [devCell, prodCell]] of table) {
            const [d, p] = [dev.outputs[name], prod.outputs[name]];
            if (typeof d !== "string" || dev.outputSecrets[name]) continue;
            assert.ok(devCell.startsWith(`\`${d}\``), `${name}: dev value ${d}, the table says ${devCell}`);
            assert.ok(prodCell.startsWith(`\`${p}\``), `${name}: prod value ${p}, the table says ${prodCell}`);
        }
    });

    it("has examples/platform-service read only outputs the program exports", () => {
        const used = [...read("examples/platform-service/index.ts").matchAll(/\.(?:requireOutput|getOutput)\("([A-Za-z]+)"\)/g)].map((m) => m[1]);
        // TeamMonitoring reads `teams` and `grafanaUrl` itself (program/team-monitoring.ts); no admin credential is read.
        assert.deepEqual(used.sort(), ["grafanaUrl", "lokiPushUrl", "otlpGrpcEndpoint"]);
        assert.deepEqual(
            used.filter((o) => !defined(dev).includes(o)),
            [],
            "examples/platform-service/index.ts reads an output monitoring does not export",
        );
    });

    it("gives examples/platform-service its own exactly pinned dependencies, @pulumi/pulumi as the main program's, and a lock", () => {
        const example = JSON.parse(read("examples/platform-service/package.json"));
        const main = JSON.parse(read("package.json"));
        const all = { ...example.dependencies, ...example.devDependencies } as Record<string, string>;
        // This repository itself (TeamMonitoring), linked as npm links a local folder.
        assert.equal(all["provisioning-monitoring"], "file:../..");
        for (const [name, version] of Object.entries(all).filter(([n]) => n !== "provisioning-monitoring"))
            assert.match(version, /^\d+\.\d+\.\d+$/, `${name} ${version} is not pinned exactly`);
        assert.equal(all["@pulumi/pulumi"], main.dependencies["@pulumi/pulumi"]);
        assert.equal(all.typescript, main.devDependencies.typescript);
        const lock = JSON.parse(read("examples/platform-service/package-lock.json"));
        assert.equal(lock.packages["node_modules/@pulumi/pulumi"].version, all["@pulumi/pulumi"]);
        assert.deepEqual(JSON.parse(read("examples/platform-service/tsconfig.json")).files, ["index.ts", "telemetry.ts"]);
    });
});
