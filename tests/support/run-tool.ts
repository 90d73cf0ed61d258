// Running the real command-line tools from tests: a missing tool is a failure that says how to build it, never a skip.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { builtBinaries, onPath, recipes, toolPath } from "../../support/toolchain";

/** A tool's exit status and output, and its command line for failure messages. */
export type ToolResult = { readonly status: number | null; readonly stdout: string; readonly stderr: string; readonly command: string };

/** A pinned upstream program from the tools cache (toolchain.ts), else a system command on PATH; one line naming what builds or installs it when missing. */
export function requireTool(tool: string): string {
    if (recipes.some((r) => builtBinaries(r).includes(tool))) return toolPath(tool);
    if (!onPath(tool)) throw new Error(`${tool} is not installed (not found on PATH)`);
    return tool;
}

/** Runs `tool args...` in `cwd` and returns its exit status and output (never throws on a non-zero exit). */
export function runTool(tool: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): ToolResult {
    const result = spawnSync(requireTool(tool), args, { cwd, encoding: "utf8", timeout: 300_000, env: { ...process.env, ...env } });
    if (result.error) throw new Error(`${tool} ${args.join(" ")}: ${result.error.message}`);
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, command: [tool, ...args].join(" ") };
}

export function assertSucceeded(result: ToolResult): void {
    if (result.status !== 0) throw new Error(`\`${result.command}\` exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
}

export const makeTempDir = (prefix: string): string => fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));

export function removeDir(dir: string | undefined): void {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes each `name -> content` into `dir` and returns the file names, sorted. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): string[] {
    for (const [name, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), content);
    }
    return Object.keys(files).sort();
}
