// The stack's outputs through the Pulumi CLI, for URLs and Grafana's credentials no flag or variable gave.
import { execFileSync } from "child_process";
import { ComponentKey, howToPassUrls } from "../endpoints";
import { usageError } from "../errors";

/** `pulumi stack output --json --show-secrets --stack <stack>`; a usage error saying how to pass URLs when that fails. */
export function readStackOutputs(stack: string, missing: readonly ComponentKey[]): Record<string, unknown> {
    const instead = howToPassUrls(missing);
    let text: string;
    try {
        text = execFileSync("pulumi", ["stack", "output", "--json", "--show-secrets", "--stack", stack], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
            timeout: 60_000,
        });
    } catch (err) {
        const e = err as NodeJS.ErrnoException & { stderr?: string };
        const why = e.code === "ENOENT" ? "the Pulumi CLI is not installed" : `pulumi stack output failed: ${(e.stderr ?? e.message).trim().split("\n")[0]}`;
        throw usageError(`cannot read the outputs of stack ${stack} (${why}); ${instead}`);
    }
    try {
        return JSON.parse(text) as Record<string, unknown>;
    } catch {
        throw usageError(`pulumi stack output for stack ${stack} is not JSON; ${instead}`);
    }
}
