// `npm run tools [-- <tool>... | --for tests]`: builds the pinned upstream programs (support/toolchain.ts) into the tools cache, reusing
// those already built. Builds run one after the other: each `go build` already keeps both cores busy, two at once only double the memory.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { builtBinaries, Recipe, recipeDir, recipes, toolsDir } from "../support/toolchain";

class StepFailed extends Error {}

function step(recipe: Recipe, log: string, env: NodeJS.ProcessEnv, what: string, command: string, args: readonly string[], cwd: string) {
    fs.appendFileSync(log, `\n$ (cd ${cwd} && ${command} ${args.join(" ")})\n`);
    const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    fs.appendFileSync(log, `${result.stdout ?? ""}${result.stderr ?? ""}`);
    if (result.error || result.status !== 0) {
        const cause = result.error ? result.error.message : `exit ${result.status}`;
        throw new StepFailed(`${recipe.tool} ${recipe.version} (${recipe.module}@${recipe.moduleVersion}): ${what} failed (${cause}); log: ${log}`);
    }
    return { stdout: result.stdout, all: `${result.stdout}${result.stderr}` };
}

/** `replace X => ../folder` lines of a go.mod, as the module paths they replace. */
export function folderReplacements(goMod: string): string[] {
    const replaced = goMod.split("\n").map((line) => /^\s*(?:replace\s+)?(\S+)(?:\s+v\S+)?\s+=>\s+(\.\.?\/\S+)\s*$/.exec(line));
    return replaced.filter((m) => m !== null && !m[2].includes("FORBIDDEN")).map((m) => m![1]);
}

/** Builds a recipe's binaries into a temporary folder, puts it in place of the cached one, and checks each prints the pinned version. */
function build(recipe: Recipe, log: string, env: NodeJS.ProcessEnv): void {
    const work = fs.mkdtempSync(path.join(toolsDir(), `.build-${recipe.tool}-`));
    const run = (what: string, command: string, args: readonly string[], cwd: string, extraEnv = {}) =>
        step(recipe, log, { ...env, ...extraEnv }, what, command, args, cwd);
    try {
        const download = run("module download", "go", ["mod", "download", "-json", `${recipe.module}@${recipe.moduleVersion}`], work);
        const src = path.join(work, "src");
        fs.cpSync((JSON.parse(download.stdout) as { Dir: string }).Dir, src, { recursive: true });
        run("chmod of the module copy", "chmod", ["-R", "u+w", src], work);
        const replaced = folderReplacements(fs.readFileSync(path.join(src, "go.mod"), "utf8"));
        if (replaced.length > 0 && !recipe.siblingVersion) {
            throw new StepFailed(`${recipe.tool} ${recipe.version}: go.mod replaces ${replaced.join(", ")} with folders the module lacks`);
        }
        if (replaced.length > 0) {
            const edits = replaced.map((m) => `-replace=${m}=${m}@${recipe.siblingVersion!(m)}`);
            run("go mod edit (published modules for sibling folders)", "go", ["mod", "edit", ...edits], src);
        }
        const { generate, bridges, assembles } = recipe;
        if (generate) run(`go ${generate.args.join(" ")} (in ${generate.dir})`, "go", generate.args, path.join(src, generate.dir), generate.env);
        const out = path.join(work, "bin");
        const ldflags = `-ldflags=-s -w ${recipe.ldflags.map((f) => `-X ${f}`).join(" ")}`;
        const tags = recipe.tags ? [`-tags=${recipe.tags.join(",")}`] : [];
        const goBuild = (name: string) => ["build", "-trimpath", ldflags, "-o", path.join(out, name), ...tags];
        for (const binary of recipe.binaries) run(`go build ${binary.goPackage}`, "go", [...goBuild(binary.name), binary.goPackage], src);
        if (bridges) {
            for (const [file, content] of Object.entries(bridges.files)) {
                fs.mkdirSync(path.dirname(path.join(src, file)), { recursive: true });
                fs.writeFileSync(path.join(src, file), content);
            }
            // Beside src, as the committed go.mod's `replace ... => ../src` expects.
            const wrapper = path.join(work, "bridge");
            fs.cpSync(path.resolve(__dirname, "..", bridges.dir), wrapper, { recursive: true });
            run(`go build ${bridges.dir}`, "go", [...goBuild(bridges.binary), "."], wrapper);
        }
        if (assembles) {
            const manifest = path.resolve(__dirname, "..", assembles.manifest);
            const outputPath = (parse(fs.readFileSync(manifest, "utf8")) as { dist: { output_path: string } }).dist.output_path;
            run(`${recipe.binaries[0].name} --config ${assembles.manifest}`, path.join(out, recipe.binaries[0].name), [`--config=${manifest}`], work);
            fs.renameSync(path.join(work, outputPath, assembles.binary), path.join(out, assembles.binary));
        }
        const target = recipeDir(recipe);
        fs.rmSync(target, { recursive: true, force: true });
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.renameSync(out, target);
    } finally {
        spawnSync("chmod", ["-R", "u+w", work]);
        fs.rmSync(work, { recursive: true, force: true });
    }
    const { command, args, expect } = recipe.versionCheck;
    for (const name of builtBinaries(recipe)) {
        const file = path.join(recipeDir(recipe), name);
        const argv = args.map((a) => a.replace("{binary}", file));
        const printed = step(recipe, log, env, `${command ?? name} ${argv.join(" ")}`, command ?? file, argv, toolsDir());
        if (!printed.all.includes(expect)) throw new StepFailed(`${recipe.tool} ${recipe.version}: ${name} does not print "${expect}" (see ${log})`);
    }
}

const isBuilt = (recipe: Recipe): boolean => builtBinaries(recipe).every((name) => fs.existsSync(path.join(recipeDir(recipe), name)));

function selected(argv: readonly string[]): Recipe[] {
    if (argv.length === 0) return [...recipes];
    if (argv.length === 2 && argv[0] === "--for" && argv[1] === "tests") return recipes.filter((r) => !r.heavy);
    const unknown = argv.filter((a) => !recipes.some((r) => r.tool === a));
    if (unknown.length > 0) throw new StepFailed(`unknown tool ${unknown.join(", ")}: accepted are ${recipes.map((r) => r.tool).join(", ")}, or --for tests`);
    return recipes.filter((r) => argv.includes(r.tool));
}

function main(): number {
    try {
        const chosen = selected(process.argv.slice(2));
        fs.mkdirSync(path.join(toolsDir(), "logs"), { recursive: true });
        const env = { ...process.env, GOWORK: "off", CGO_ENABLED: "0", GOFLAGS: "-mod=mod -buildvcs=false" };
        for (const recipe of chosen.filter((r) => !isBuilt(r))) {
            const log = path.join(toolsDir(), "logs", `${recipe.tool}-${recipe.version}.log`);
            fs.writeFileSync(log, `${recipe.module}@${recipe.moduleVersion}\n`);
            const started = Date.now();
            build(recipe, log, env);
            const seconds = Math.round((Date.now() - started) / 1000);
            console.log(`tools: built ${recipe.tool} ${recipe.version} from ${recipe.module}@${recipe.moduleVersion} in ${seconds} s -> ${recipeDir(recipe)}`);
        }
        const ready = chosen.filter(isBuilt).map((r) => `${r.tool} ${r.version}`);
        console.log(`tools: ready in ${toolsDir()}: ${ready.join(", ")}`);
        return 0;
    } catch (error) {
        if (!(error instanceof StepFailed)) throw error;
        console.error(`tools: ${error.message}`);
        return 1;
    }
}

if (require.main === module) process.exitCode = main();
