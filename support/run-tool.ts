// Running the real command-line tools from tests: a missing tool is a failure that says how to install it, never a skip.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The Debian package that provides each tool (see scripts/ensure-tools.sh). */
const packageOf: Readonly<Record<string, string>> = {
    promtool: "prometheus",
    prometheus: "prometheus",
    amtool: "prometheus-alertmanager",
    "prometheus-alertmanager": "prometheus-alertmanager",
    "prometheus-node-exporter": "prometheus-node-exporter",
};

export interface ToolResult {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
    /** The command line, for failure messages. */
    readonly command: string;
}

/** Throws unless `tool` is on PATH, naming the package and the script that installs it. */
export function requireTool(tool: string): void {
    const found = (process.env.PATH ?? "").split(path.delimiter).some((dir) => dir !== "" && fs.existsSync(path.join(dir, tool)));
    if (!found) {
        const pkg = packageOf[tool] ?? tool;
        throw new Error(
            `${tool} is not installed (not found on PATH). Install it with scripts/ensure-tools.sh as root, ` +
                `or: apt-get install -y --no-install-recommends ${pkg}`,
        );
    }
}

/** Runs `tool args...` in `cwd` and returns its exit status and output (never throws on a non-zero exit). */
export function runTool(tool: string, args: readonly string[], cwd: string): ToolResult {
    requireTool(tool);
    const result = spawnSync(tool, args, { cwd, encoding: "utf8", timeout: 60_000 });
    if (result.error) throw new Error(`${tool} ${args.join(" ")}: ${result.error.message}`);
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, command: [tool, ...args].join(" ") };
}

/** Fails with the tool's whole output unless it exited 0. */
export function assertSucceeded(result: ToolResult): void {
    if (result.status !== 0) {
        throw new Error(`\`${result.command}\` exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
    }
}

/** A fresh temporary directory; remove it with removeDir. */
export function makeTempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export function removeDir(dir: string | undefined): void {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes each `name -> content` into `dir` and returns the file names, sorted. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): string[] {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    return Object.keys(files).sort();
}
