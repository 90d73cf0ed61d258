import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { runWithMocks } from "../support/mock-run";
import { runProd } from "../support/prod-run";
import { readStackFile } from "../support/stack-files";
import { urnLines } from "../support/urns";

// Pins every resource's URN (type chain, name, parent) for dev and prod: a refactor that would replace live
// resources fails here. Regenerate after an intended addition or removal (never in a normal run):
//   npm run urns:update
const fixture = (stack: string) => path.join(__dirname, "..", "fixtures", `urns-${stack}.txt`);

function compare(stack: string, actual: string[]): void {
    const file = fixture(stack);
    if (process.env.UPDATE_URNS === "1") fs.writeFileSync(file, `${actual.join("\n")}\n`);
    const expected = fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l !== "");
    const gone = expected.filter((l) => !actual.includes(l));
    const added = actual.filter((l) => !expected.includes(l));
    assert.ok(
        gone.length === 0 && added.length === 0,
        `the ${stack} stack's URNs changed (tests/fixtures/urns-${stack}.txt).\n` +
            `Gone (a live resource would be deleted):\n  ${gone.join("\n  ") || "none"}\nNew (would be created):\n  ${added.join("\n  ") || "none"}\n` +
            "An intended rename or move: keep the old URN with `aliases` on the resource (e.g. aliases: [{ name: <old name> }] or " +
            "[{ parent: <old parent> }]), so Pulumi moves it instead of replacing it. An intended addition or removal: update the fixture with " +
            "npm run urns:update",
    );
}

describe("URNs: every resource's type, name and parent, pinned", function () {
    this.timeout(120_000);

    it("dev (Pulumi.dev.yaml)", async () => {
        const run = await runWithMocks("dev", readStackFile("dev"));
        assert.ifError(run.error);
        compare("dev", await urnLines("dev", run));
    });

    it("prod (Pulumi.prod.yaml with its secrets set)", async () => {
        const run = await runProd();
        assert.ifError(run.error);
        compare("prod", await urnLines("prod", run));
    });
});
