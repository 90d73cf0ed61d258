// Command line of `npm run deploy|destroy|preflight -- <stack> [flags]` (pure: argv in, a request or one usage error out).
import { parseArgs } from "util";

export type Command = "deploy" | "destroy" | "preflight";

export interface Request {
    readonly command: Command;
    readonly stack: string;
    /** Do not ask before changing anything. */
    readonly yes: boolean;
    /** deploy only: show what would change, change nothing. */
    readonly preview: boolean;
}

export const usage = [
    "usage: npm run deploy -- <stack> [--yes] [--preview]",
    "       npm run destroy -- <stack> [--yes]",
    "       npm run preflight -- <stack>",
].join("\n");

const flagsOf: Record<Command, readonly ("yes" | "preview")[]> = { deploy: ["yes", "preview"], destroy: ["yes"], preflight: [] };

/** `argv` is the command followed by the user's arguments; `stacks` are the stacks that have a Pulumi.<stack>.yaml. */
export function parseCommandLine(argv: readonly string[], stacks: readonly string[]): Request | { error: string } {
    const [command, ...rest] = argv;
    if (command !== "deploy" && command !== "destroy" && command !== "preflight") {
        return { error: `unknown command ${JSON.stringify(command ?? "")} (accepted: deploy, destroy, preflight)` };
    }
    const allowed = flagsOf[command];
    const accepted = `accepted: ${allowed.map((f) => `--${f}`).join(", ") || "no flags"}`;
    let parsed;
    try {
        parsed = parseArgs({ args: [...rest], options: { yes: { type: "boolean" }, preview: { type: "boolean" } }, allowPositionals: true, strict: true });
    } catch (err) {
        // Node's messages run long; keep the flag it names.
        const flag = /'(-[^']+)'/.exec((err as Error).message)?.[1] ?? "";
        const what = (err as { code?: string }).code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" ? `${flag} takes no value` : `unknown flag ${flag}`;
        return { error: `${what} (${accepted})` };
    }
    for (const flag of ["yes", "preview"] as const) {
        if (parsed.values[flag] && !allowed.includes(flag)) return { error: `${command} does not take --${flag} (${accepted})` };
    }
    const known = `stacks with a Pulumi.<stack>.yaml here: ${stacks.join(", ") || "none"}`;
    if (parsed.positionals.length !== 1) return { error: `expected exactly one stack name (${known})` };
    const stack = parsed.positionals[0];
    if (!stacks.includes(stack)) return { error: `unknown stack ${JSON.stringify(stack)} (${known})` };
    return { command, stack, yes: parsed.values.yes ?? false, preview: parsed.values.preview ?? false };
}
