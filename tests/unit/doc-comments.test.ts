// One doc comment per declaration: of two /** */ blocks stacked on one symbol, editors and TypeDoc show the second only,
// so the first says nothing to anyone (issue 25 found two on the Platform factory).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../support/stack-files";

const folders = ["model", "alerts", "render", "dashboards", "components", "platform", "program", "ops", "deploy", "policy", "scripts", "support"];

function sourceFiles(dir: string): string[] {
    return fs
        .readdirSync(path.join(projectRoot, dir), { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

/** "<file>:<line>" of every doc comment that directly follows another one. */
function stackedDocComments(file: string, text: string): string[] {
    return [...text.matchAll(/\*\/\n\s*\/\*\*/g)].map((m) => `${file}:${text.slice(0, m.index).split("\n").length + 1}`);
}

describe("doc comments", () => {
    it("finds a second /** */ block right after another, by its line", () => {
        assert.deepEqual(stackedDocComments("x.ts", "const a = 1;\n/** A. */\n/** B. */\nexport const b = 2;\n"), ["x.ts:3"]);
        assert.deepEqual(stackedDocComments("x.ts", "/** A. */\nconst a = 1;\n\n/** B. */\nconst b = 2;\n"), []);
    });

    it("gives every declaration of the program one doc comment at most", () => {
        const stacked = folders.flatMap(sourceFiles).flatMap((file) => stackedDocComments(file, fs.readFileSync(path.join(projectRoot, file), "utf8")));
        assert.deepEqual(stacked, [], `merge each into the one doc comment below it:\n${stacked.join("\n")}`);
    });
});
