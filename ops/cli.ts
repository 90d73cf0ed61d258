// The command line (commander): commands, flags and help, what every command gets (its context), and every failure as one line and an exit code.
import { Command, CommanderError, Option } from "commander";
import { ComponentKey, componentKeys, componentTitle, Endpoints, flagOf, readAdminPassword, readStackOutputs, resolveEndpoints, urlEnv } from "./endpoints";
import { Endpoint, exitCodes, OpsError } from "./http";
import { colours, useColour } from "./format";
import { durationForms, matcherForms } from "./matchers";
import { dashboardsDiffCommand, dashboardsExportCommand, dashboardsListCommand } from "./dashboards";
import { silenceAddCommand, silenceExpireCommand, silenceListCommand } from "./silence";
import { statusCommand } from "./status";
import { testAlertCommand, testSeverities } from "./test-alert";

type GlobalOptions = { readonly stack: string; readonly json: boolean; readonly color: boolean } & Partial<Record<`${ComponentKey}Url`, string>>;

export type Context = ReturnType<typeof makeContext>;

function makeContext(options: GlobalOptions) {
    const flags = Object.fromEntries(componentKeys.map((k) => [k, options[`${k}Url`]]));
    // The outputs are read once: `pulumi stack output` takes seconds.
    let outputs: Record<string, unknown> | undefined;
    const endpoints = (needed: readonly ComponentKey[]): Endpoints =>
        resolveEndpoints(needed, flags, process.env, options.stack, (stack, missing) => (outputs ??= readStackOutputs(stack, missing)), readAdminPassword);
    return {
        options,
        colours: colours(!options.json && useColour(process.stdout.isTTY === true, process.env, options.color)),
        endpoints,
        /** The API of `key`, resolved with `also` (so that one message names everything missing); Grafana's with its login. */
        endpoint: (key: ComponentKey, also: readonly ComponentKey[] = []): Endpoint => {
            // resolveEndpoints has refused a needed URL or Grafana password it could not find.
            const { urls, grafanaUser, grafanaPassword } = endpoints([key, ...also]);
            const auth = key === "grafana" ? { basicAuth: { user: grafanaUser ?? "admin", password: grafanaPassword! } } : {};
            return { component: componentTitle(key), baseUrl: urls[key]!, ...auth };
        },
        /** The command's result: `value` as one JSON document on stdout with --json, else the text (lines) for people. */
        show: (value: unknown, text: () => string | string[]) =>
            void process.stdout.write(`${options.json ? JSON.stringify(value, null, 2) : [text()].flat().join("\n")}\n`),
    };
}

const exitCodeHelp = `
Exit codes: 0 fine, 1 something is unhealthy, 2 bad usage, 3 a component unreachable.
URLs: ${componentKeys.map((k) => `${flagOf(k)} / ${urlEnv(k)}`).join(", ")}; otherwise the stack's outputs
(pulumi stack output --stack <stack>). Grafana's login: GRAFANA_USER (default admin) and GRAFANA_PASSWORD, else the stack's config or state (break-glass admin).`;

export function buildProgram(runner: (run: (ctx: Context) => Promise<number>, globals: GlobalOptions) => Promise<void>): Command {
    const program = new Command("ops")
        .description("On-call commands for the monitoring stack: status, test alerts, silences, dashboards.")
        .option("--stack <stack>", "Pulumi stack whose outputs give the URLs", "dev")
        .option("--json", "print one JSON document instead of text", false)
        .option("--no-color", "never colour the output (NO_COLOR does the same)")
        .addHelpText("after", exitCodeHelp);
    for (const key of componentKeys) program.option(`${flagOf(key)} <url>`, `${key} URL (env ${urlEnv(key)})`);

    // commander calls an action with the arguments, the options and the command; `run` gets the arguments and the options.
    const action =
        (run: (ctx: Context, args: any[], opts: any) => Promise<number>) =>
        (...args: any[]) => {
            const cmd = args[args.length - 1] as Command;
            return runner((ctx) => run(ctx, args.slice(0, -2), cmd.opts()), cmd.optsWithGlobals() as GlobalOptions);
        };

    program
        .command("status")
        .description(
            "health of every component, targets down by job, failing rule groups, firing alerts, silences, Alertmanager cluster; exit 1 when anything is down",
        )
        .action(action(statusCommand));

    program
        .command("test-alert")
        .description("post a test alert through Alertmanager, print the receivers the routing tree sends it to, let it resolve itself")
        .addOption(new Option("--severity <severity>", "severity label of the test alert").choices(testSeverities).makeOptionMandatory())
        .option("--resolve-after <duration>", `when Alertmanager resolves it: ${durationForms}`, "5m")
        .option("--cluster <cluster>", "cluster label (default: Prometheus' external label)")
        .action(action((ctx, _, opts) => testAlertCommand(ctx, opts)));

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
        .action(action((ctx, [matchers], opts) => silenceAddCommand(ctx, matchers ?? [], opts)));
    silence
        .command("list")
        .description("active and pending silences")
        .option("--all", "include expired silences", false)
        .action(action((ctx, _, opts) => silenceListCommand(ctx, opts)));
    silence
        .command("expire")
        .description("end a silence now")
        .argument("<id>", "silence id (silence list shows it)")
        .action(action((ctx, [id]) => silenceExpireCommand(ctx, id)));

    program
        .command("grafana-password")
        .description("print Grafana's break-glass admin password from the stack's config or state (no stack output carries it)")
        .action(
            action(async (ctx) => {
                const password = readAdminPassword(ctx.options.stack);
                ctx.show({ password }, () => password);
                return 0;
            }),
        );

    const dashboards = program.command("dashboards").description("list Grafana's dashboards, export one into the code, diff Grafana's copy against the code's");
    dashboards
        .command("list")
        .description("every dashboard in Grafana, with whether it is built-in, custom (user/dashboards/) or only in Grafana")
        .action(action(dashboardsListCommand));
    dashboards
        .command("export")
        .description("write a dashboard normalised as the program deploys it, to user/dashboards/<uid>.json by default")
        .argument("<uid>", "dashboard uid (dashboards list shows it)")
        .option("--output <file>", "write here instead of user/dashboards/<uid>.json")
        .option("--force", "overwrite an existing file", false)
        .action(action((ctx, [uid], opts) => dashboardsExportCommand(ctx, uid, opts)));
    dashboards
        .command("diff")
        .description("how Grafana's copy of a dashboard differs from the code's; exit 1 when it does")
        .argument("<uid>", "dashboard uid")
        .action(action((ctx, [uid]) => dashboardsDiffCommand(ctx, uid)));

    // Every command: errors on stderr as one line plus its own usage line, exit 2 (commander's default is 1).
    const configure = (cmd: Command, parents: string[]) => {
        const name = [...parents, cmd.name()].filter((n) => n !== "ops").join(" ");
        const usage = `npm run ops -- ${name}${name ? " " : ""}${cmd.usage()}`;
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
    try {
        await buildProgram(async (run, globals) => void (code = await run(makeContext(globals)))).parseAsync(argv as string[], { from: "user" });
        return code;
    } catch (err) {
        // --help is not an error; everything else commander rejects (a group without its subcommand too) is bad usage.
        if (err instanceof CommanderError) return err.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
        // Anything else is a bug, not an expected failure: keep the trace for the report, still one recognisable first line.
        const bug = `unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
        process.stderr.write(`error: ${err instanceof OpsError ? err.message : bug}\n`);
        return err instanceof OpsError ? err.exitCode : 1;
    }
}
