// `npm run preview-summary` as a subprocess (ts-node per case, so not in the fast tier): output, one-line errors, exit 2.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { expectedChanges } from "../support/preview-expected";
import { projectRoot } from "../support/stack-files";

const fixture = (name: string) => path.join(projectRoot, "tests", "fixtures", name);

function cli(...args: string[]) {
    return spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(projectRoot, "scripts", "preview-summary.ts"), ...args], {
        cwd: projectRoot,
        encoding: "utf8",
    });
}

describe("npm run preview-summary (CLI)", function () {
    this.timeout(30_000);

    it("prints the summary of a preview file, with an optional title", () => {
        const result = cli(fixture("preview-dev-changes.json"), "--title", "dev");
        assert.equal(result.status, 0, result.stderr);
        assert.equal(result.stdout, expectedChanges.replace("### pulumi preview:", "### dev:"));
    });

    const badCases: [string[], RegExp][] = [
        [
            ["package.json"],
            /^preview-summary: package\.json is not a Pulumi preview: expected an object with steps\[\] of \{op, urn\} and changeSummary, as `pulumi preview --json` writes\n$/,
        ],
        [["README.md"], /^preview-summary: README\.md is not JSON; expected the output of `pulumi preview --json`\n$/],
        [["no-such.json"], /^preview-summary: no-such\.json: cannot read the file; usage: npm run preview-summary -- <preview\.json> \[--title <text>\]\n$/],
        [[], /^preview-summary: usage: npm run preview-summary -- <preview\.json> \[--title <text>\]\n$/],
        [["--stack", "dev"], /^preview-summary: unknown option --stack; usage/],
    ];
    for (const [args, message] of badCases) {
        it(`rejects ${JSON.stringify(args)} with one line and exit 2`, () => {
            const result = cli(...args);
            assert.equal(result.status, 2);
            assert.match(result.stderr, message);
            assert.equal(result.stdout, "");
        });
    }
});
