// The command line: commands, flags and help (commander), and the mapping of every failure to one line and an exit code.
import { Command, CommanderError, Option } from "commander";
import { componentKeys, flagOf, urlEnv } from "./endpoints";
import { exitCodes, OpsError } from "./errors";
import { matcherForms } from "./matchers";
import { durationForms } from "./duration";
import { testSeverities, TestSeverity } from "./test-alert";
import { Context, GlobalOptions, makeContext } from "./commands/context";
import { dashboardsDiffCommand, dashboardsExportCommand, dashboardsListCommand } from "./commands/dashboards";
import { silenceAddCommand, silenceExpireCommand, silenceListCommand } from "./commands/silence";
import { statusCommand } from "./commands/status";
import { testAlertCommand } from "./commands/test-alert";

type Run = (ctx: Context) => Promise<number>;

/** How the program is invoked, in usage lines. */
const invocation = "npm run ops --";

const exitCodeHelp = `
Exit codes: 0 fine, 1 something is unhealthy, 2 bad usage, 3 a component unreachable.
URLs: ${componentKeys.map((k) => `${flagOf(k)} / ${urlEnv[k]}`).join(", ")}; otherwise the stack's outputs
(pulumi stack output --stack <stack>). Grafana's login: GRAFANA_USER (default admin) and GRAFANA_PASSWORD, else the outputs.`;

export function buildProgram(runner: (run: Run, globals: GlobalOptions) => Promise<void>): Command {
    const program = new Command("ops")
        .description("On-call commands for the monitoring stack: status, test alerts, silences, dashboards.")
        .option("--stack <stack>", "Pulumi stack whose outputs give the URLs", "dev")
        .option("--json", "print one JSON document instead of text", false)
        .option("--no-color", "never colour the output (NO_COLOR does the same)")
        .addHelpText("after", exitCodeHelp);
    for (const key of componentKeys) program.option(`${flagOf(key)} <url>`, `${key} URL (env ${urlEnv[key]})`);

    const globals = (cmd: Command) => cmd.optsWithGlobals() as GlobalOptions;
    const action = (fn: (cmd: Command, ...args: never[]) => Run) =>
        function (this: Command, ...args: unknown[]) {
            const cmd = args[args.length - 1] as Command;
            return runner(fn(cmd, ...(args.slice(0, -2) as never[])), globals(cmd));
        };

    program
        .command("status")
        .description(
            "health of every component, targets down by job, failing rule groups, firing alerts, silences, Alertmanager cluster; exit 1 when anything is down",
        )
        .action(action(() => async (ctx) => statusCommand(ctx)));

    program
        .command("test-alert")
        .description("post a test alert through Alertmanager, print the receivers the routing tree sends it to, let it resolve itself")
        .addOption(new Option("--severity <severity>", "severity label of the test alert").choices(testSeverities).makeOptionMandatory())
        .option("--resolve-after <duration>", `when Alertmanager resolves it: ${durationForms}`, "5m")
        .option("--cluster <cluster>", "cluster label (default: Prometheus' external label)")
        .action(
            action((cmd) => async (ctx) => {
                const o = cmd.opts() as { severity: TestSeverity; resolveAfter: string; cluster?: string };
                return testAlertCommand(ctx, o);
            }),
        );

    const silence = program.command("silence").description("add, list and expire Alertmanager silences");
    silence
        .command("add")
        .description(
            `silence alerts matching [matcher...] (${matcherForms}); default: every alert of this cluster but the Watchdog (cluster="<cluster>", alertname!="Watchdog")`,
        )
        .argument("[matcher...]", "label matchers, all must match")
        .requiredOption("--duration <duration>", `how long: ${durationForms}`)
        .requiredOption("--reason <text>", "why (shown to everyone who sees the silence)")
        .option("--author <name>", "who silences (default: git config user.name, else the login name)")
        .option("--cluster <cluster>", "cluster label of the default matcher (default: Prometheus' external label)")
        .action(
            action((cmd, matchers: string[]) => async (ctx) => {
                const o = cmd.opts() as { duration: string; reason: string; author?: string; cluster?: string };
                return silenceAddCommand(ctx, matchers ?? [], o);
            }),
        );
    silence
        .command("list")
        .description("active and pending silences")
        .option("--all", "include expired silences", false)
        .action(action((cmd) => async (ctx) => silenceListCommand(ctx, cmd.opts() as { all: boolean })));
    silence
        .command("expire")
        .description("end a silence now")
        .argument("<id>", "silence id (silence list shows it)")
        .action(action((_cmd, id: string) => async (ctx) => silenceExpireCommand(ctx, id)));

    const dashboards = program.command("dashboards").description("list Grafana's dashboards, export one into the code, diff Grafana's copy against the code's");
    dashboards
        .command("list")
        .description("every dashboard in Grafana, with whether it is built-in, custom (user/dashboards/) or only in Grafana")
        .action(action(() => async (ctx) => dashboardsListCommand(ctx)));
    dashboards
        .command("export")
        .description("write a dashboard normalised as the program deploys it, to user/dashboards/<uid>.json by default")
        .argument("<uid>", "dashboard uid (dashboards list shows it)")
        .option("--output <file>", "write here instead of user/dashboards/<uid>.json")
        .option("--force", "overwrite an existing file", false)
        .action(action((cmd, uid: string) => async (ctx) => dashboardsExportCommand(ctx, uid, cmd.opts() as { output?: string; force: boolean })));
    dashboards
        .command("diff")
        .description("how Grafana's copy of a dashboard differs from the code's; exit 1 when it does")
        .argument("<uid>", "dashboard uid")
        .action(action((_cmd, uid: string) => async (ctx) => dashboardsDiffCommand(ctx, uid)));

    // Every command: errors on stderr as one line plus its own usage line, exit 2 (commander's default is 1).
    const configure = (cmd: Command, parents: string[]) => {
        const name = [...parents, cmd.name()].filter((n) => n !== "ops").join(" ");
        const usage = `${invocation} ${name}${name ? " " : ""}${cmd.usage()}`;
        cmd.exitOverride()
            .showSuggestionAfterError(true)
            .configureOutput({ outputError: (text, write) => write(`${text.trim().replace(/\s*\n\s*/g, " ")} (usage: ${usage}; add --help for more)\n`) });
        cmd.helpCommand(false);
        for (const sub of cmd.commands) configure(sub, [...parents, cmd.name()]);
    };
    configure(program, []);
    return program;
}

/** Parses argv, runs the command, and returns the exit code; writes nothing but its output and one-line errors. */
export async function main(argv: readonly string[]): Promise<number> {
    let code: number = exitCodes.ok;
    const program = buildProgram(async (run, globals) => {
        code = await run(makeContext(globals));
    });
    try {
        await program.parseAsync(argv as string[], { from: "user" });
        return code;
    } catch (err) {
        if (err instanceof CommanderError) {
            // --help is not an error; everything else commander rejects (a group without its subcommand too) is bad usage.
            return err.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
        }
        if (err instanceof OpsError) {
            process.stderr.write(`error: ${err.message}\n`);
            return err.exitCode;
        }
        throw err;
    }
}
