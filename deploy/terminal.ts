// Asking a person on the terminal: a yes/no question, and a passphrase read without echo (as the Pulumi CLI reads it).
import * as readline from "readline";

/** Applies typed input to a hidden line: Enter ends it, Backspace deletes, Ctrl-C or Ctrl-D cancels. */
export function applyKeys(line: string, input: string): { line: string; done: boolean; cancelled: boolean } {
    for (const ch of input) {
        if (ch === "\r" || ch === "\n") return { line, done: true, cancelled: false };
        if (ch === "\u0003" || ch === "\u0004") return { line, done: true, cancelled: true };
        line = ch === "\u007f" || ch === "\b" ? line.slice(0, -1) : line + ch;
    }
    return { line, done: false, cancelled: false };
}

/** Reads one line from the terminal without showing it. */
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
export async function askPassphrase(stackInitialised: boolean): Promise<string | { error: string }> {
    const hint = "(set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE to remember)";
    if (stackInitialised) {
        const value = await askHidden(`Enter your passphrase to unlock config/secrets\n    ${hint}: `);
        return value === undefined ? { error: "cancelled" } : value;
    }
    const first = await askHidden(`Enter a passphrase to protect config/secrets of the new stack\n    ${hint}: `);
    if (first === undefined) return { error: "cancelled" };
    const second = await askHidden("Re-enter the passphrase to confirm: ");
    if (second === undefined) return { error: "cancelled" };
    return first === second ? first : { error: "the two passphrases differ; nothing was changed" };
}

/** A yes/no question; only "yes" or "y" agrees. */
export async function confirm(question: string): Promise<boolean> {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    const answer = await new Promise<string>((resolve) => rl.question(`${question} (yes/no) `, resolve));
    rl.close();
    return /^y(es)?$/i.test(answer.trim());
}
