// The test tiers. `npm test`: type-check, lint, format, unused exports, then tests/unit (pure functions, the mock engine
// and the golden files: no daemons, no real tools, no CLI subprocesses) in parallel. `npm run test:live`: the pinned
// tools built, then bench/, the drills and tests/tools, tests/integration type-checked, linted and run. `npm run
// test:cluster`: tests/cluster on a real control plane. Each tier's spec is read from its mocha config and matched
// against the files on disk; the compile split is read from the tsconfig files and the imports.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../support/stack-files";

const scripts = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")).scripts as Record<string, string>;
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(projectRoot, file), "utf8"));
const specOf = (configFile: string): string[] => readJson(configFile).spec;

/** A mocha spec or tsconfig include glob (`**`, `*`) as a regular expression over project-relative paths. */
function globRegExp(glob: string): RegExp {
    const body = glob
        .split(/(\*\*\/|\*)/)
        .map((part) => (part === "**/" ? "(?:.*/)?" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
        .join("");
    return new RegExp(`^${body}$`);
}

/** Project-relative paths of the files under `dir` whose names end with `suffix`; node_modules and dot folders left out. */
function filesUnder(dir: string, suffix: string): string[] {
    return fs
        .readdirSync(path.join(projectRoot, dir), { withFileTypes: true })
        .filter((e) => e.name !== "node_modules" && !e.name.startsWith("."))
        .flatMap((e) => {
            const relative = dir === "." ? e.name : `${dir}/${e.name}`;
            return e.isDirectory() ? filesUnder(relative, suffix) : e.name.endsWith(suffix) ? [relative] : [];
        })
        .sort();
}
const testFiles = (dir: string) => filesUnder(dir, ".test.ts");

const matchedBy = (spec: string[], files: string[]) => files.filter((f) => spec.some((g) => globRegExp(g).test(f)));

const importCache = new Map<string, string[]>();
/** Relative imports (static, dynamic and require) of a repository file, resolved to repository files. */
function importsOf(file: string): string[] {
    const known = importCache.get(file);
    if (known) return known;
    const text = fs.readFileSync(path.join(projectRoot, file), "utf8");
    const found = [...text.matchAll(/(?:from|import|require)\s*\(?\s*["'](\.{1,2}\/[^"']*)["']/g)].flatMap((m) => {
        const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]));
        return (
            [`${base}.ts`, `${base}/index.ts`, base].find((c) => fs.existsSync(path.join(projectRoot, c)) && fs.statSync(path.join(projectRoot, c)).isFile()) ??
            []
        );
    });
    importCache.set(file, found);
    return found;
}

/** Every repository file `files` load, themselves included, following relative imports. */
function loadedBy(files: readonly string[]): Set<string> {
    const seen = new Set(files);
    const queue = [...files];
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
        const unseen = importsOf(file).filter((target) => !seen.has(target));
        unseen.forEach((target) => seen.add(target));
        queue.push(...unseen);
    }
    return seen;
}

/**
 * Modules that start daemons, servers, real tools or CLI subprocesses: tests/unit must not load them, not even through
 * another import. Paths, checked to exist, so that a moved module fails here instead of silently never matching.
 */
const heavyModules = [
    "tests/support/daemon.ts",
    "tests/support/local-daemons.ts",
    "tests/support/run-tool.ts",
    "tests/support/webhook-receiver.ts",
    "tests/support/platform-stand-in.ts",
    "tests/support/control-plane.ts",
    "tests/support/run-ops.ts",
];
/** Lines in a tests/unit file that start a real tool or the project's CLIs under ts-node (each a subprocess suite). */
const heavyCalls = /\btoolPath\(|ts-node\/register/;

/** The modules in `files` that load a heavy module, each as "<file> loads <module>". */
function heavyLoads(files: readonly string[]): string[] {
    return files.flatMap((f) => [...loadedBy([f])].filter((m) => heavyModules.includes(m)).map((m) => `${f} loads ${m}`));
}

describe("test tiers (package.json, .mocharc*.json, tsconfig*.json)", () => {
    const unit = testFiles("tests/unit");
    const live = [...testFiles("tests/tools"), ...testFiles("tests/integration")];
    const cluster = testFiles("tests/cluster");

    it("npm test checks types, lints, checks the format and unused exports side by side, then runs the fast tier; test:live builds the tools, checks bench/ and the live tests, then runs them", () => {
        assert.equal(
            scripts.test,
            'echo "node $(node --version) from $(command -v node)" && { tsc --noEmit & t=$!; eslint . --max-warnings 0 & e=$!; prettier --check --log-level warn . & p=$!; knip & k=$!; s=0; for j in $t $e $p $k; do wait $j || s=1; done; [ $s = 0 ]; } && mocha',
        );
        assert.equal(scripts.lint, "eslint . --max-warnings 0 && prettier --check . && knip");
        assert.equal(scripts["test:unit"], "mocha");
        assert.equal(
            scripts["test:live"],
            "npm run --silent tools -- --for tests && tsc --noEmit -p tsconfig.live.json && eslint -c eslint.live.config.mjs --max-warnings 0 bench tests/tools tests/integration && mocha --config .mocharc.live.json",
        );
    });

    it("test:cluster builds the control plane and runs exactly the tests/cluster files", () => {
        assert.equal(
            scripts["test:cluster"],
            "npm run --silent tools -- etcd kubernetes kwok prometheus prometheus-operator pulumi pulumi-kubernetes && mocha --config .mocharc.cluster.json",
        );
        assert.deepEqual(matchedBy(specOf(".mocharc.cluster.json"), [...unit, ...live, ...cluster]), cluster);
    });

    it("npm test's mocha runs every tests/unit file and nothing else, in parallel on both cores", () => {
        assert.deepEqual(matchedBy(specOf(".mocharc.json"), [...unit, ...live, ...cluster]), unit, "widen or narrow the spec in .mocharc.json");
        assert.equal(readJson(".mocharc.json").parallel, true);
        assert.equal(readJson(".mocharc.json").jobs, 2);
    });

    it("test:live runs every tests/tools and tests/integration file and nothing else", () => {
        assert.deepEqual(matchedBy(specOf(".mocharc.live.json"), [...unit, ...live, ...cluster]), live, "widen or narrow the spec in .mocharc.live.json");
    });

    it("every test file is in a tier", () => {
        assert.deepEqual(testFiles("tests"), [...unit, ...live, ...cluster].sort());
    });

    it("keeps daemons, real tools and CLI subprocess suites out of tests/unit, directly or through imports (move such a test to tests/tools or tests/integration)", () => {
        const missing = heavyModules.filter((m) => !fs.existsSync(path.join(projectRoot, m)));
        assert.deepEqual(missing, [], "a guarded module moved: name its new path in heavyModules");
        assert.deepEqual(heavyLoads(unit), []);
        assert.deepEqual(
            unit.filter((f) => heavyCalls.test(fs.readFileSync(path.join(projectRoot, f), "utf8"))),
            [],
        );
    });

    it("finds a heavy module through imports (the guard on the live tier's files, which load them)", () => {
        assert.ok(heavyLoads(["tests/integration/live-alerting.test.ts"]).includes("tests/integration/live-alerting.test.ts loads tests/support/daemon.ts"));
        assert.ok(heavyLoads(["tests/tools/bench-queries.test.ts"]).includes("tests/tools/bench-queries.test.ts loads tests/support/run-tool.ts"));
    });

    it("npm test's tsc leaves bench/, the drills and the live tests to tsconfig.live.json, which test:live type-checks", () => {
        const rootProgram = loadedBy(matchedBy(readJson("tsconfig.json").include, filesUnder(".", ".ts")));
        const leaked = [...rootProgram].filter((f) => f.startsWith("bench/") || /^tests\/(tools|integration)\/.*\.test\.ts$/.test(f));
        assert.deepEqual(leaked, [], "a file of npm test's program imports these: move what it needs out of bench/ or the live tests");
        assert.deepEqual(readJson("tsconfig.live.json"), {
            extends: "./tsconfig.json",
            include: ["bench/**/*.ts", "tests/tools/**/*.ts", "tests/integration/**/*.ts"],
        });
    });

    it("matches globs as mocha and tsc do for these patterns (literal checks of the matcher)", () => {
        assert.equal(globRegExp("tests/unit/**/*.test.ts").test("tests/unit/a.test.ts"), true);
        assert.equal(globRegExp("tests/unit/**/*.test.ts").test("tests/unit/x/a.test.ts"), true);
        assert.equal(globRegExp("tests/unit/**/*.test.ts").test("tests/tools/a.test.ts"), false);
        assert.equal(globRegExp("tests/unit/*.test.ts").test("tests/unit/x/a.test.ts"), false);
        assert.equal(globRegExp("index.ts").test("index.ts"), true);
    });
});
