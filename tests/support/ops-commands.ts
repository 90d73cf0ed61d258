// The ops CLI's command paths, read from the program itself, for tests that check docs name only commands that exist.
import { Command } from "commander";
import { buildProgram } from "../../ops/cli";

/** Every command path of the ops CLI: "status", "silence add", ... */
export function opsCommands(): Set<string> {
    const names = new Set<string>();
    const walk = (cmd: Command, prefix: string[]) => {
        for (const sub of cmd.commands) {
            names.add([...prefix, sub.name()].join(" "));
            walk(sub, [...prefix, sub.name()]);
        }
    };
    walk(
        buildProgram(async () => undefined),
        [],
    );
    return names;
}
