// `npm run deploy|destroy|preflight -- <stack> [flags]`: preflight, then Pulumi's up/preview/destroy; asks on the terminal first, and for the passphrase.
import * as readline from "readline";
import { parseArgs } from "util";
import { listStacks } from "../model/config/stack-file";
import { deploySummary, describeFailure, existingStack, heartbeatNote, keptData, openStack, preview, previewSummary, streaming } from "./operations";
import { formatReport, hasFailures, PreflightOutcome, runPreflight } from "./preflight";
import { envPrefix, passphraseVariable, projectRoot } from "./project";

type Command = "deploy" | "destroy" | "preflight";

/** `yes`: do not ask before changing anything; `preview` (deploy only): show what would change, change nothing. */
type Request = { command: Command; stack: string; yes: boolean; preview: boolean };

const usage = "usage: npm run deploy -- <stack> [--yes] [--preview]\n       npm run destroy -- <stack> [--yes]\n       npm run preflight -- <stack>";

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
        parsed = parseArgs({ args: rest, options: { yes: { type: "boolean" }, preview: { type: "boolean" } }, allowPositionals: true, strict: true });
    } catch (err) {
        // Node's messages run long; keep the flag it names.
        const flag = /'(-[^']+)'/.exec((err as Error).message)?.[1] ?? "";
        const problem = (err as { code?: string }).code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" ? `${flag} takes no value` : `unknown flag ${flag}`;
        return { error: `${problem} (${accepted})` };
    }
    const refused = (["yes", "preview"] as const).find((flag) => parsed.values[flag] && !allowed.includes(flag));
    if (refused) return { error: `${command} does not take --${refused} (${accepted})` };
    const known = `stacks with a Pulumi.<stack>.yaml here: ${stacks.join(", ") || "none"}`;
    if (parsed.positionals.length !== 1) return { error: `expected exactly one stack name (${known})` };
    const stack = parsed.positionals[0];
    if (!stacks.includes(stack)) return { error: `unknown stack ${JSON.stringify(stack)} (${known})` };
    return { command, stack, yes: parsed.values.yes ?? false, preview: parsed.values.preview ?? false };
}

/** Applies typed input to a hidden line: Enter ends it, Backspace deletes, Ctrl-C or Ctrl-D cancels. */
export function applyKeys(line: string, input: string): { line: string; done: boolean; cancelled: boolean } {
    for (const ch of input) {
        if (ch === "\r" || ch === "\n") return { line, done: true, cancelled: false };
        if (ch === "\u0003" || ch === "\u0004") return { line, done: true, cancelled: true };
        line = ch === "\u007f" || ch === "\b" ? line.slice(0, -1) : line + ch;
    }
    return { line, done: false, cancelled: false };
}

function askHidden(prompt: string): Promise<string | undefined> {
    return new Promise((resolve) => {
        const stdin = process.stdin;
        process.stderr.write(prompt);
        let line = "";
        stdin.setRawMode(true);
        stdin.resume();
        stdin.setEncoding("utf8");
        const onData = (input: string) => {
            const next = applyKeys(line, input);
            line = next.line;
            if (!next.done) return;
            stdin.off("data", onData);
            stdin.setRawMode(false);
            stdin.pause();
            process.stderr.write("\n");
            resolve(next.cancelled ? undefined : line);
        };
        stdin.on("data", onData);
    });
}

/** Pulumi's own prompts: a new stack's passphrase is asked twice, an existing one's once. */
async function askPassphrase(stackInitialised: boolean): Promise<string | { error: string }> {
    const what = stackInitialised ? "your passphrase to unlock config/secrets" : "a passphrase to protect config/secrets of the new stack";
    const first = await askHidden(`Enter ${what}\n    (set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE to remember): `);
    if (first === undefined) return { error: "cancelled" };
    if (stackInitialised) return first;
    const second = await askHidden("Re-enter the passphrase to confirm: ");
    if (second === undefined) return { error: "cancelled" };
    return first === second ? first : { error: "the two passphrases differ; nothing was changed" };
}

async function confirm(question: string): Promise<boolean> {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    const answer = await new Promise<string>((resolve) => rl.question(`${question} (yes/no) `, resolve));
    rl.close();
    return /^y(es)?$/i.test(answer.trim());
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`${line}\n`);
function exit(code: number, line: string): number {
    (code === 0 ? say : complain)(line);
    return code;
}

async function deploy(request: Request, outcome: PreflightOutcome, env: Record<string, string>): Promise<number> {
    const stack = await openStack(request.stack, env);
    if (request.preview) {
        await preview(stack);
        previewSummary(request.stack, env);
        return exit(0, `preview only: nothing was changed. Deploy with: npm run deploy -- ${request.stack}`);
    }
    if (!request.yes) {
        await preview(stack);
        if (!(await confirm(`Deploy these changes to stack ${request.stack}?`))) return exit(0, "nothing was changed");
    }
    const { outputs } = await stack.up(streaming);
    [...deploySummary(request.stack, outputs, envPrefix(outcome.backend)), ...heartbeatNote(outcome.config!)].forEach(say);
    return 0;
}

async function destroyStack(request: Request, outcome: PreflightOutcome, env: Record<string, string>): Promise<number> {
    const stack = await existingStack(request.stack, env);
    if (!stack) return exit(1, `destroy: stack ${request.stack} does not exist on ${outcome.backend.description}; nothing to destroy`);
    keptData(outcome.config!).forEach(say);
    if (!request.yes && !(await confirm(`Destroy the resources of stack ${request.stack}?`))) return exit(0, "nothing was changed");
    await stack.destroy(streaming);
    say(`stack ${request.stack}: resources destroyed; the stack itself stays (${envPrefix(outcome.backend)}pulumi stack rm ${request.stack} removes it)`);
    keptData(outcome.config!).forEach(say);
    return 0;
}

async function main(argv: readonly string[]): Promise<number> {
    const request = parseCommandLine(argv, listStacks(projectRoot));
    const name = argv[0] ?? "deploy";
    if ("error" in request) return exit(2, `${name}: ${request.error}\n${usage}`);
    const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
    const outcome = await runPreflight(request.stack, request.command === "destroy" ? "destroy" : "deploy", process.env, interactive);
    formatReport(request.stack, outcome.results).forEach(hasFailures(outcome.results) ? complain : say);
    if (hasFailures(outcome.results)) return 1;
    if (request.command === "preflight") return 0;
    // deploy and destroy count on this: they ask only when there is a terminal.
    if (!request.yes && !request.preview && !interactive) {
        return exit(2, `${name}: no terminal to ask on before changing stack ${request.stack}: pass --yes (or --preview)\n${usage}`);
    }
    const env: Record<string, string> = { ...outcome.backend.env };
    if (outcome.passphraseNeeded && passphraseVariable(process.env) === undefined) {
        const passphrase = await askPassphrase(outcome.stackInitialised);
        if (typeof passphrase !== "string") return exit(1, `${name}: ${passphrase.error}`);
        env.PULUMI_CONFIG_PASSPHRASE = passphrase;
    }
    say(`backend: ${outcome.backend.description}`);
    try {
        return request.command === "destroy" ? await destroyStack(request, outcome, env) : await deploy(request, outcome, env);
    } catch (err) {
        return exit(1, `${name}: ${describeFailure(err)}`);
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err) => {
            // A bug here must still read as one line, not a stack trace.
            complain(`${process.argv[2] ?? "deploy"}: ${(err as Error)?.message ?? String(err)}`);
            process.exit(1);
        },
    );
}
