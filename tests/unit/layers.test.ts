// Imports run one way: model -> render -> components -> platform -> entry points, with no cycle between folders, the
// model and the renderers free of Pulumi values, and the program free of tests/ (bench/ may use the tests' harness).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

const root = path.join(__dirname, "..", "..");

/** Each layer may import its own and earlier layers only (docs/architecture.md). */
const layers: readonly (readonly string[])[] = [
    ["model", "alerts"],
    ["render", "dashboards"],
    ["components"],
    ["platform"],
    ["program", "index.ts", "ops", "deploy", "policy", "scripts", "bench", "support"],
];
/** Folders split one level further, so that a cycle between, say, render/prometheus and render/format shows. */
const splitFolders = new Set(["model", "render", "components", "platform"]);

interface Import {
    readonly file: string;
    readonly spec: string;
    readonly target: string;
}

function sourceFiles(entry: string): string[] {
    const full = path.join(root, entry);
    if (fs.statSync(full).isFile()) return [entry];
    return fs
        .readdirSync(full, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(entry, e.name)) : e.name.endsWith(".ts") ? [path.join(entry, e.name)] : []));
}

/** Relative imports (static, dynamic and require) resolved to repository files. */
function importsOf(file: string, text: string): Import[] {
    const found: Import[] = [];
    for (const m of text.matchAll(/(?:from|import|require)\s*\(?\s*["'](\.{1,2}\/[^"']*)["']/g)) {
        const base = path.normalize(path.join(path.dirname(file), m[1]));
        const target = [`${base}.ts`, path.join(base, "index.ts"), base].find(
            (c) => fs.existsSync(path.join(root, c)) && fs.statSync(path.join(root, c)).isFile(),
        );
        if (target) found.push({ file, spec: m[1], target });
    }
    return found;
}

/** The folder a file belongs to in the cycle check: `render/prometheus` inside the split folders, else its top level. */
export function folderOf(file: string): string {
    const parts = file.split(/[\\/]/);
    return splitFolders.has(parts[0]) && parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
}

function layerOf(file: string): number {
    const top = file.split(/[\\/]/)[0];
    return layers.findIndex((l) => l.includes(top));
}

/** Imports that reach a later layer, as "file imports spec (from-layer -> to-layer)". */
export function upwardImports(imports: readonly Import[]): string[] {
    return imports
        .filter((i) => layerOf(i.target) >= 0 && layerOf(i.target) > layerOf(i.file))
        .map((i) => `${i.file} imports "${i.spec}" (${layers[layerOf(i.file)][0]} layer -> ${layers[layerOf(i.target)][0]} layer)`);
}

/** Every set of folders that import each other in a circle (Tarjan's strongly connected components), sorted. */
export function folderCycles(imports: readonly Import[]): string[][] {
    const graph = new Map<string, Set<string>>();
    for (const i of imports) {
        const [a, b] = [folderOf(i.file), folderOf(i.target)];
        if (!graph.has(a)) graph.set(a, new Set());
        if (!graph.has(b)) graph.set(b, new Set());
        if (a !== b) graph.get(a)!.add(b);
    }
    let counter = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (v: string) => {
        index.set(v, counter);
        low.set(v, counter++);
        stack.push(v);
        onStack.add(v);
        for (const w of graph.get(v)!) {
            if (!index.has(w)) {
                visit(w);
                low.set(v, Math.min(low.get(v)!, low.get(w)!));
            } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        }
        if (low.get(v) === index.get(v)) {
            const component: string[] = [];
            let w: string;
            do {
                w = stack.pop()!;
                onStack.delete(w);
                component.push(w);
            } while (w !== v);
            if (component.length > 1) cycles.push(component.sort());
        }
    };
    for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
    return cycles.sort((x, y) => x[0].localeCompare(y[0]));
}

describe("layers: imports run one way (docs/architecture.md)", () => {
    const files = layers.flat().flatMap(sourceFiles);
    const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(root, f), "utf8")]));
    const imports = files.flatMap((f) => importsOf(f, texts.get(f)!));

    it("sees the whole program: every layer's folders exist and hold files", () => {
        for (const entry of layers.flat()) assert.ok(sourceFiles(entry).length > 0, entry);
        assert.ok(imports.length > 300, `${imports.length} imports`);
    });

    it("never import a later layer (model -> render -> components -> platform -> entry points)", () => {
        assert.deepEqual(upwardImports(imports), []);
    });

    it("form no cycle between folders", () => {
        assert.deepEqual(folderCycles(imports), []);
    });

    it("keep Pulumi out of the model and the renderers (type-only imports aside)", () => {
        const withPulumi = files
            .filter((f) => [0, 1].includes(layerOf(f)))
            .filter((f) => /^import\s+(?!type\b)[^;]*from\s+["']@pulumi(verse)?\//m.test(texts.get(f)!) || /require\(["']@pulumi/.test(texts.get(f)!));
        assert.deepEqual(withPulumi, []);
    });

    it("keep the program out of tests/", () => {
        const intoTests = layers
            .flat()
            .filter((entry) => entry !== "bench")
            .flatMap(sourceFiles)
            .flatMap((f) => importsOf(f, texts.get(f)!))
            .filter((i) => i.target.startsWith(`tests${path.sep}`))
            .map((i) => `${i.file} imports "${i.spec}"`);
        assert.deepEqual(intoTests, []);
    });

    describe("the checks themselves", () => {
        const edge = (file: string, target: string): Import => ({ file, spec: target, target });

        it("name an import of a later layer with both layers", () => {
            assert.deepEqual(
                upwardImports([edge("render/prometheus/config.ts", "components/base/workload.ts"), edge("platform/docker.ts", "model/endpoints.ts")]),
                ['render/prometheus/config.ts imports "components/base/workload.ts" (render layer -> components layer)'],
            );
        });

        it("find a three-folder cycle and ignore imports inside one folder", () => {
            assert.deepEqual(
                folderCycles([
                    edge("render/format/yaml.ts", "render/promtail/config.ts"),
                    edge("render/promtail/config.ts", "dashboards/logql.ts"),
                    edge("dashboards/logql.ts", "render/format/yaml.ts"),
                    edge("model/config/parse.ts", "model/config/schema.ts"),
                    edge("model/endpoints.ts", "model/config/catalog.ts"),
                ]),
                [["dashboards", "render/format", "render/promtail"]],
            );
        });

        it("split the layered folders one level and keep the others whole", () => {
            assert.deepEqual(
                ["model/config/parse.ts", "model/endpoints.ts", "platform/kubernetes/pod.ts", "dashboards/custom/x.ts", "index.ts"].map(folderOf),
                ["model/config", "model", "platform/kubernetes", "dashboards", "index.ts"],
            );
        });
    });
});
