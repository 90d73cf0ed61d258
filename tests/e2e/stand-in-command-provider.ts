// A stand-in for the `command` provider in the dev end-to-end run (tests/e2e/e2e-dev.ts), which cannot get the real one:
// the Go module proxy here serves no github.com/pulumi/pulumi-command (403). The dev stack without Grafana uses one
// command type, `local:Command` with `create` and `interpreter` (the Docker platform's `mkdir -p` of a shared folder);
// this serves exactly that, as the real provider does: `create` runs once at create as the last argument of
// `interpreter`, its stdout and stderr kept; a changed input replaces it; `delete`, when set, runs at delete. Any other
// type or input is refused by name.
import { spawnSync } from "child_process";
import * as provider from "@pulumi/pulumi/provider";
import commandPackage from "@pulumi/command/package.json";

const commandType = "command:local:Command";
const served = new Set(["create", "delete", "interpreter"]);

function refuseOthers(urn: string, inputs: Record<string, unknown>): void {
    const type = urn.split("::")[2].split("$").pop();
    if (type !== commandType) throw new Error(`the stand-in command provider serves only ${commandType}, not ${type}`);
    const unserved = Object.keys(inputs).filter((k) => !served.has(k) && !k.startsWith("__"));
    if (unserved.length > 0) throw new Error(`the stand-in command provider serves only ${[...served].join(", ")}, not ${unserved.join(", ")}`);
}

function run(command: string, interpreter: readonly string[] = ["/bin/sh", "-c"]): { stdout: string; stderr: string } {
    const [program, ...args] = interpreter;
    const r = spawnSync(program, [...args, command], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${interpreter.join(" ")} ${command}: exit ${r.status}: ${r.stderr.trim()}`);
    return { stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

const inputsOnly = (props: Record<string, unknown>) => Object.fromEntries(Object.entries(props).filter(([k]) => served.has(k)));

const standIn: provider.Provider = {
    version: commandPackage.version,
    async check(urn, _olds, news) {
        refuseOthers(urn, news);
        return { inputs: news };
    },
    async diff(_id, _urn, olds, news) {
        const changed = [...served].filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
        return { changes: changed.length > 0, replaces: changed, deleteBeforeReplace: false };
    },
    async create(urn, inputs) {
        refuseOthers(urn, inputs);
        const output = inputs.create === undefined ? { stdout: "", stderr: "" } : run(inputs.create, inputs.interpreter);
        return { id: `command-${Date.now()}`, outs: { ...inputs, ...output } };
    },
    async read(id, _urn, props) {
        return { id, props };
    },
    async delete(_id, _urn, props) {
        const inputs = inputsOnly(props);
        if (typeof inputs.delete === "string") run(inputs.delete, inputs.interpreter as string[] | undefined);
    },
};

if (require.main === module) void provider.main(standIn, process.argv.slice(2));
