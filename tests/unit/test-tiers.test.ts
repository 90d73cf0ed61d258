// `npm run test:unit` is the fast tier (pure functions and the mock engine: no daemons, no CLI subprocesses); `npm test`
// is the full suite CI runs. Each tier's spec is read from its mocha config and matched against the files on disk.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../../support/stack-files";

const scripts = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")).scripts as Record<string, string>;
const specOf = (configFile: string): string[] => JSON.parse(fs.readFileSync(path.join(projectRoot, configFile), "utf8")).spec;

/** A mocha spec glob (`**`, `*`) as a regular expression over project-relative paths. */
function globRegExp(glob: string): RegExp {
    const body = glob
        .split(/(\*\*\/|\*)/)
        .map((part) => (part === "**/" ? "(?:.*/)?" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
        .join("");
    return new RegExp(`^${body}$`);
}

function testFiles(dir: string): string[] {
    return fs
        .readdirSync(path.join(projectRoot, dir), { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".test.ts"))
        .map((f) => `${dir}/${f.split(path.sep).join("/")}`)
        .sort();
}

const matchedBy = (spec: string[], files: string[]) => files.filter((f) => spec.some((g) => globRegExp(g).test(f)));

describe("test tiers (package.json, .mocharc.json, .mocharc.unit.json)", () => {
    const unit = testFiles("tests/unit");
    const slow = [...testFiles("tests/tools"), ...testFiles("tests/integration")];

    it("npm run test:unit runs mocha with the unit config; npm test type-checks, lints, checks the format, finds unused exports and runs the full one", () => {
        assert.equal(scripts["test:unit"], "mocha --config .mocharc.unit.json");
        assert.equal(
            scripts.test,
            'echo "node $(node --version) from $(command -v node)" && npm run --silent tools -- --for tests && tsc --noEmit && eslint . --max-warnings 0 && prettier --check . && knip && mocha',
        );
    });

    it("test:cluster builds the control plane and runs exactly the tests/cluster files, which npm test leaves out", () => {
        const cluster = testFiles("tests/cluster");
        assert.equal(scripts["test:cluster"], "npm run --silent tools -- etcd kubernetes kwok && mocha --config .mocharc.cluster.json");
        assert.deepEqual(matchedBy(specOf(".mocharc.cluster.json"), [...unit, ...slow, ...cluster]), cluster);
        assert.deepEqual(matchedBy(specOf(".mocharc.json"), cluster), []);
    });

    it("test:unit covers every tests/unit file and no tests/tools or tests/integration file", () => {
        const spec = specOf(".mocharc.unit.json");
        assert.deepEqual(matchedBy(spec, unit), unit, "a tests/unit file test:unit would not run: widen the spec in .mocharc.unit.json");
        assert.deepEqual(matchedBy(spec, slow), [], "test:unit must not run real tools or daemons: narrow the spec in .mocharc.unit.json");
    });

    it("npm test covers every test file", () => {
        assert.deepEqual(matchedBy(specOf(".mocharc.json"), [...unit, ...slow]), [...unit, ...slow]);
    });

    it("keeps daemons, real tools and CLI subprocess suites out of tests/unit (move such a test to tests/tools or tests/integration)", () => {
        const heavy =
            /from "(\.\.\/)+support\/(daemon|local-daemons|run-ops|webhook-receiver|platform-stand-in)"|\b(runTool|requireTool|toolPath)\(|ts-node\/register/;
        const offenders = unit.filter((f) => heavy.test(fs.readFileSync(path.join(projectRoot, f), "utf8")));
        assert.deepEqual(offenders, []);
    });

    it("matches globs as mocha does for these patterns (literal checks of the matcher)", () => {
        assert.equal(globRegExp("tests/unit/**/*.test.ts").test("tests/unit/a.test.ts"), true);
        assert.equal(globRegExp("tests/unit/**/*.test.ts").test("tests/unit/x/a.test.ts"), true);
        assert.equal(globRegExp("tests/unit/**/*.test.ts").test("tests/tools/a.test.ts"), false);
        assert.equal(globRegExp("tests/unit/*.test.ts").test("tests/unit/x/a.test.ts"), false);
    });
});
