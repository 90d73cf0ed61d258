// The Pulumi operations, through the Automation API on this project's own Pulumi.yaml (no second way of deploying).
import { spawnSync } from "child_process";
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

/** `npm run preview-summary -- --stack <stack>` when package.json has that script; false when it does not. */
export function previewSummary(stackName: string, env: Record<string, string>): boolean | number {
    if (!readScripts()["preview-summary"]) return false;
    const result = spawnSync("npm", ["run", "--silent", "preview-summary", "--", "--stack", stackName], {
        cwd: projectRoot,
        env: { ...process.env, ...env },
        stdio: "inherit",
    });
    return result.status ?? 1;
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
