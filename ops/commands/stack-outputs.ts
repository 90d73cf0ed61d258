// The stack's outputs through the Pulumi CLI, for URLs and Grafana's credentials no flag or variable gave: on the backend
// and with the passphrase handling of `npm run deploy`, in the project the stack files are in.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { chooseBackend, needsPassphrase } from "../../deploy/backend";
import { projectRoot, readBackendFacts, readStackSecretsSettings } from "../../deploy/project";
import { ComponentKey, howToPassUrls } from "../endpoints";
import { usageError } from "../errors";
import { stackAccess } from "../stack-access";

/** `pulumi stack output --json --show-secrets --stack <stack>`; a usage error saying how to pass URLs when that fails. */
export function readStackOutputs(stack: string, missing: readonly ComponentKey[]): Record<string, unknown> {
    const instead = howToPassUrls(missing);
    const onPath = (process.env.PATH ?? "").split(path.delimiter).some((dir) => dir !== "" && fs.existsSync(path.join(dir, "pulumi")));
    if (!onPath) throw usageError(`cannot read the outputs of stack ${stack} (the Pulumi CLI is not installed); ${instead}`);
    const backend = chooseBackend(readBackendFacts(process.env));
    const access = stackAccess(stack, {
        backend,
        passphraseNeeded: needsPassphrase(backend.url, readStackSecretsSettings(stack).secretsProvider),
        env: process.env,
        interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    });
    if ("error" in access) throw usageError(`cannot read the outputs of stack ${stack}: ${access.error}; or ${instead}`);
    let text: string;
    try {
        text = execFileSync("pulumi", ["stack", "output", "--json", "--show-secrets", "--stack", stack], {
            cwd: projectRoot,
            env: { ...process.env, ...access.env },
            encoding: "utf8",
            // Pulumi asks for the passphrase itself, on the terminal, as `npm run deploy` does.
            stdio: [access.askOnTerminal ? "inherit" : "ignore", "pipe", access.askOnTerminal ? "inherit" : "pipe"],
            timeout: 300_000,
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
