// `npm run drills [-- --only <drill>[,<drill>...]] [--logs <dir>]`: reliability drills on the deployed versions of prometheus and
// alertmanager with the stack's rendered files. Prints each drill's checks and numbers; exits 1 if any
// drill failed, 2 on bad usage. Never part of `npm test`.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { requireTool } from "../../tests/support/run-tool";
import { Drill, drillLogs, Outcome, seconds } from "./drill";
import { allDrills } from "./list";

const usage = `usage: npm run drills [-- --only <drill>[,<drill>...]] [--logs <dir>]\ndrills: ${allDrills.map((d) => d.name).join(", ")}`;

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): { drills: Drill[]; logs: string } {
    let drills = [...allDrills];
    let logs = path.join(os.tmpdir(), `monitoring-drills-${new Date().toISOString().replace(/[:.]/g, "-")}`);
    for (let i = 0; i < argv.length; i += 2) {
        const [flag, value] = [argv[i], argv[i + 1]];
        if (value === undefined) throw new UsageError(`${flag} needs a value`);
        if (flag === "--only") {
            const names = value.split(",");
            const unknown = names.filter((n) => !allDrills.some((d) => d.name === n));
            if (unknown.length > 0) throw new UsageError(`unknown drill ${unknown.join(", ")} (accepted: ${allDrills.map((d) => d.name).join(", ")})`);
            drills = allDrills.filter((d) => names.includes(d.name));
        } else if (flag === "--logs") logs = path.resolve(value);
        else throw new UsageError(`unknown argument ${JSON.stringify(flag)} (accepted: --only, --logs)`);
    }
    return { drills, logs };
}

const out = (text: string): void => {
    process.stdout.write(text);
    drillLogs.runner = (drillLogs.runner ?? "") + text;
};

async function main(): Promise<number> {
    let options: { drills: Drill[]; logs: string };
    try {
        options = parseArgs(process.argv.slice(2));
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        process.stderr.write(`drills: ${e.message}\n${usage}\n`);
        return 2;
    }
    for (const tool of ["prometheus", "promtool", "alertmanager", "node_exporter"]) requireTool(tool);
    fs.mkdirSync(options.logs, { recursive: true });
    const results: { drill: Drill; outcome: Outcome; ms: number; error?: string }[] = [];
    for (const drill of options.drills) {
        out(`\n## ${drill.name}: ${drill.title}\n`);
        const outcome = new Outcome();
        const started = Date.now();
        let error: string | undefined;
        try {
            await drill.run(outcome);
        } catch (e) {
            error = (e as Error).message;
            outcome.check("the drill ran to the end", false, error);
        }
        const ms = Date.now() - started;
        for (const [name, text] of Object.entries(outcome.logs)) {
            drillLogs[name] = text;
            fs.writeFileSync(path.join(options.logs, `${name}.log`), text);
        }
        for (const change of outcome.changes) out(`  changed for the local run: ${change}\n`);
        for (const [name, value] of outcome.numbers) out(`  ${name}: ${value}\n`);
        for (const check of outcome.checks) out(`  ${check.ok ? "ok  " : "FAIL"} ${check.what}: ${check.detail}\n`);
        out(`${outcome.passed ? "PASS" : "FAIL"} ${drill.name} (${seconds(ms, 0)})\n`);
        results.push({ drill, outcome, ms, error });
    }
    out(`\n| drill | result | time |\n| --- | --- | --- |\n`);
    for (const r of results) out(`| ${r.drill.name} | ${r.outcome.passed ? "pass" : "FAIL"} | ${seconds(r.ms, 0)} |\n`);
    fs.writeFileSync(path.join(options.logs, "runner.log"), drillLogs.runner ?? "");
    out(`logs: ${options.logs}\n`);
    return results.every((r) => r.outcome.passed) ? 0 : 1;
}

main().then(
    (code) => process.exit(code),
    (err) => {
        process.stderr.write(`drills: ${(err as Error).message}\n`);
        process.exit(1);
    },
);
