// Golden renders: every file `npm run render` writes for the tests' dev and prod stacks, and every resource the mock
// engine records for them (URN, inputs, the options that change a deployment) and the stack outputs, committed under
// tests/golden/. A refactor leaves them unchanged; an intended change is rewritten on purpose, then read in the diff:
//   npm run golden:update
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { MockRun, RecordedResource, runWithMocks } from "../support/mock-run";
import { isSecretWrapper } from "../support/secrets";
import { fixtureStacksDir, projectRoot, readStackFile } from "../support/stack-files";
import { renderToDirectory } from "../../scripts/render";
import { runProd } from "../support/prod-run";
import { dependsOnUrns, UrnIndex } from "../support/urns";

const goldenRoot = path.join(projectRoot, "tests", "golden");
const secretMarker = "[secret]";
/** Options the program sets that change what is deployed or how; `version` and `pluginDownloadURL` come from the provider SDKs. */
const deployOptions = ["protect", "retainOnDelete", "deleteBeforeReplace", "ignoreChanges", "replaceOnChanges", "additionalSecretOutputs", "customTimeouts"];

type Tree = Record<string, string>;

/** JSON text that is exactly its own compact serialisation, parsed (its key order kept: it is part of the string). */
function compactJson(text: string): unknown {
    if (!/^[[{]/.test(text)) return undefined;
    try {
        const parsed = JSON.parse(text);
        return JSON.stringify(parsed) === text ? parsed : undefined;
    } catch {
        return undefined;
    }
}

/** A value as a golden file holds it: secrets masked, keys sorted, multi-line text as its lines, compact JSON text expanded (both reversible). */
function goldenValue(value: unknown): unknown {
    if (isSecretWrapper(value)) return secretMarker;
    if (Array.isArray(value)) return value.map(goldenValue);
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        return Object.fromEntries(
            Object.keys(record)
                .sort()
                .map((k) => [k, goldenValue(record[k])]),
        );
    }
    if (typeof value === "string" && value.includes("\n")) return { $lines: value.split("\n") };
    const json = typeof value === "string" ? compactJson(value) : undefined;
    return json === undefined ? value : { $json: json };
}

const jsonFile = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Aliases name their parent as a resource: as its URN here. */
async function plainAliases(index: UrnIndex, aliases: unknown[]): Promise<unknown[]> {
    return Promise.all(
        aliases.map(async (alias) => {
            if (typeof alias !== "object" || alias === null) return alias;
            const { parent, ...rest } = alias as Record<string, unknown>;
            return pulumi.Resource.isInstance(parent) ? { ...rest, parent: await index.urnOfResource(parent) } : alias;
        }),
    );
}

async function resourceFile(stack: string, run: MockRun, index: UrnIndex, r: RecordedResource): Promise<string> {
    const o = r.options;
    const options: Record<string, unknown> = Object.fromEntries(deployOptions.filter((k) => (o as any)[k] !== undefined).map((k) => [k, (o as any)[k]]));
    if (o.parent) options.parent = await index.urnOfResource(o.parent);
    if (o.provider) options.provider = await index.urnOfResource(o.provider);
    const dependsOn = o.dependsOn ? await dependsOnUrns(stack, run, r) : [];
    if (dependsOn.length > 0) options.dependsOn = dependsOn;
    if (o.aliases) options.aliases = await plainAliases(index, o.aliases as unknown[]);
    return jsonFile({ urn: await index.urn(r), ...(r.readId ? { readId: r.readId } : {}), inputs: goldenValue(r.inputs), options: goldenValue(options) });
}

/** resources/<type, ':' and '/' as '.'>/<name>.json per resource, and outputs.json (secret outputs masked). */
async function mockRunTree(stack: string, run: MockRun): Promise<Tree> {
    assert.ifError(run.error);
    const index = new UrnIndex(stack, run);
    const tree: Tree = {};
    for (const r of run.resources) {
        const file = `resources/${r.type.replace(/[:/]/g, ".")}/${r.name}.json`;
        assert.ok(!(file in tree), `two resources would share ${file}`);
        tree[file] = await resourceFile(stack, run, index, r);
    }
    const outputs = Object.fromEntries(Object.entries(run.outputs).map(([k, v]) => [k, run.outputSecrets[k] ? secretMarker : v]));
    tree["outputs.json"] = jsonFile(goldenValue(outputs));
    return tree;
}

function readTree(dir: string, under = ""): Tree {
    if (!fs.existsSync(path.join(dir, under))) return {};
    const tree: Tree = {};
    for (const entry of fs.readdirSync(path.join(dir, under), { withFileTypes: true })) {
        const relative = under ? `${under}/${entry.name}` : entry.name;
        if (entry.isDirectory()) Object.assign(tree, readTree(dir, relative));
        else tree[relative] = fs.readFileSync(path.join(dir, relative), "utf8");
    }
    return tree;
}

/** What `npm run render -- --stack <stack> --project tests/fixtures/stacks` writes, by relative path. */
function renderTree(stack: string): Tree {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), `golden-${stack}-`));
    try {
        renderToDirectory(fixtureStacksDir, stack, out);
        return readTree(out);
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
    }
}

/** Where two texts first differ: line number and a short excerpt of each around the first differing character. */
function diffHint(golden: string, now: string): string {
    const a = golden.split("\n");
    const b = now.split("\n");
    let line = 0;
    while (line < Math.min(a.length, b.length) && a[line] === b[line]) line++;
    const [x, y] = [a[line] ?? "", b[line] ?? ""];
    let column = 0;
    while (column < Math.min(x.length, y.length) && x[column] === y[column]) column++;
    const excerpt = (s: string) => JSON.stringify(s.slice(Math.max(0, column - 30), column + 50));
    const where = line >= a.length ? "after the last line" : line >= b.length ? "at a line the code no longer writes" : `column ${column + 1}`;
    return `line ${line + 1}, ${where}: golden ${excerpt(x)}, now ${excerpt(y)}`;
}

/** Compares `actual` with tests/golden/<dir>; rewrites that folder instead when UPDATE_GOLDEN=1. */
function compareWithGolden(dir: string, actual: Tree): void {
    const root = path.join(goldenRoot, dir);
    if (process.env.UPDATE_GOLDEN === "1") {
        fs.rmSync(root, { recursive: true, force: true });
        for (const [relative, content] of Object.entries(actual)) {
            fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
            fs.writeFileSync(path.join(root, relative), content);
        }
    }
    const golden = readTree(root);
    const differing = [...new Set([...Object.keys(golden), ...Object.keys(actual)])].sort().filter((f) => golden[f] !== actual[f]);
    if (differing.length === 0) return;
    const first = differing[0];
    const what =
        golden[first] === undefined
            ? "is new: the code writes it, tests/golden has no such file"
            : actual[first] === undefined
              ? "is gone: tests/golden has it, the code no longer writes it"
              : `differs at ${diffHint(golden[first], actual[first])}`;
    assert.fail(
        `tests/golden/${dir}/${first} ${what}` +
            (differing.length > 1 ? ` (and ${differing.length - 1} more file(s) differ)` : "") +
            ".\nA refactor must not change it. An intended change: `npm run golden:update`, then review `git diff tests/golden`.",
    );
}

describe("golden renders and mock-run inputs (tests/golden/, npm run golden:update)", function () {
    this.timeout(120_000);

    for (const stack of ["dev", "prod"]) {
        it(`${stack}: every file npm run render writes`, () => compareWithGolden(`${stack}/render`, renderTree(stack)));
    }

    it("dev: every resource's URN, inputs and options, and the outputs (mock engine)", async () => {
        const run = await runWithMocks("dev", readStackFile("dev"));
        compareWithGolden("dev/mock-run", await mockRunTree("dev", run));
    });

    it("prod: every resource's URN, inputs and options, and the outputs (mock engine, fake secrets)", async () => {
        compareWithGolden("prod/mock-run", await mockRunTree("prod", await runProd()));
    });

    it("points at the first difference (literal checks of the hint)", () => {
        assert.equal(diffHint("a\nb: 1\nc", "a\nb: 2\nc"), 'line 2, column 4: golden "b: 1", now "b: 2"');
        assert.equal(diffHint("a\n", "a\nb\n"), 'line 2, column 1: golden "", now "b"');
        assert.equal(diffHint("a\nb", "a"), 'line 2, at a line the code no longer writes: golden "b", now ""');
    });
});
