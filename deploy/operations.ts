// The Pulumi operations, through the Automation API on this project's own Pulumi.yaml (no second way of deploying).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { OutputMap, Stack } from "@pulumi/pulumi/automation";
import { projectRoot, readScripts } from "./project";

// Loaded on first use: preflight and its test must not pay for the SDK's start-up.
function automation(): typeof import("@pulumi/pulumi/automation") {
    return require("@pulumi/pulumi/automation");
}

/** Pulumi's own progress, streamed as the CLI prints it. */
const streaming = {
    onOutput: (out: string) => process.stdout.write(out),
    onError: (err: string) => process.stderr.write(err),
    color: (process.stdout.isTTY ? "always" : "never") as "always" | "never",
};

/** The stack from Pulumi.<stack>.yaml, created on the backend when it is new (as `pulumi stack select --create`). */
export function openStack(stack: string, env: Record<string, string>): Promise<Stack> {
    return automation().LocalWorkspace.createOrSelectStack({ stackName: stack, workDir: projectRoot }, { envVars: env });
}

/** An existing stack only: destroying a stack that was never created must not create it. */
export async function existingStack(stack: string, env: Record<string, string>): Promise<Stack | undefined> {
    const auto = automation();
    try {
        return await auto.LocalWorkspace.selectStack({ stackName: stack, workDir: projectRoot }, { envVars: env });
    } catch (err) {
        if (err instanceof auto.StackNotFoundError) return undefined;
        throw err;
    }
}

export async function preview(stack: Stack): Promise<void> {
    await stack.preview({ ...streaming, diff: false });
}

export async function up(stack: Stack): Promise<OutputMap> {
    const result = await stack.up(streaming);
    return result.outputs;
}

export async function destroy(stack: Stack): Promise<void> {
    await stack.destroy(streaming);
}

/** The arguments of issue 10's summary: `npm run preview-summary -- <preview.json> [--title <text>]`. */
export function previewSummaryArgs(previewJsonFile: string, stackName: string): string[] {
    return ["run", "--silent", "preview-summary", "--", previewJsonFile, "--title", `Preview of stack ${stackName}`];
}

/**
 * When package.json has a `preview-summary` script: `pulumi preview --json` (a second, read-only preview: the Automation
 * API streams progress but has no JSON preview) into a temporary file, summarised by that script. False without the script.
 */
export function previewSummary(stackName: string, env: Record<string, string>): boolean {
    if (!readScripts()["preview-summary"]) return false;
    const childEnv = { ...process.env, ...env };
    const json = spawnSync("pulumi", ["preview", "--json", "--non-interactive", "--stack", stackName], {
        cwd: projectRoot,
        env: childEnv,
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
        stdio: ["ignore", "pipe", "inherit"],
    });
    if (json.status !== 0) throw new Error(`pulumi preview --json failed (exit ${json.status}); the streamed preview above still holds`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-"));
    try {
        const file = path.join(dir, "preview.json");
        fs.writeFileSync(file, json.stdout);
        spawnSync("npm", previewSummaryArgs(file, stackName), { cwd: projectRoot, env: childEnv, stdio: "inherit" });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
    return true;
}

/** One line for a failed Pulumi command: its own output above already says what went wrong. */
export function describeFailure(err: unknown): string {
    const auto = automation();
    if (err instanceof auto.ConcurrentUpdateError) return "another update of this stack is running; wait for it (or `pulumi cancel`) and retry";
    if (err instanceof auto.CommandError) {
        const lines = err.message.split("\n").map((l) => l.trim());
        const detail = lines.find((l) => /^error:/.test(l)) ?? lines.find((l) => l.startsWith("stderr:"))?.replace(/^stderr:\s*/, "");
        return `pulumi failed${detail ? `: ${detail}` : ""} (its output above has the details)`;
    }
    return (err as Error)?.message?.split("\n")[0] ?? String(err);
}
