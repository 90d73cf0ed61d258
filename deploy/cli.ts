// `npm run deploy|destroy|preflight -- <stack>`: preflight first, then Pulumi's own up/preview/destroy on this project.
import { listStacks } from "../model/config/stack-file";
import { parseCommandLine, Request, usage } from "./args";
import { envPrefix } from "./backend";
import { describeFailure, destroy, existingStack, openStack, preview, previewSummary, up } from "./operations";
import { formatReport, hasFailures, PreflightOutcome, runPreflight } from "./preflight";
import { projectRoot } from "./project";
import { deploySummary, heartbeatNote, keptData } from "./summary";
import { askPassphrase, confirm } from "./terminal";

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`${line}\n`);

/** Environment for the Pulumi CLI: the chosen backend, and the passphrase when it had to be asked for. */
async function pulumiEnv(outcome: PreflightOutcome): Promise<{ env: Record<string, string> } | { error: string }> {
    const env: Record<string, string> = { ...outcome.backend.env };
    const fromEnvironment = process.env.PULUMI_CONFIG_PASSPHRASE !== undefined || process.env.PULUMI_CONFIG_PASSPHRASE_FILE !== undefined;
    if (outcome.passphraseNeeded && !fromEnvironment) {
        const passphrase = await askPassphrase(outcome.stackInitialised);
        if (typeof passphrase !== "string") return passphrase;
        env.PULUMI_CONFIG_PASSPHRASE = passphrase;
    }
    return { env };
}

async function deploy(request: Request, outcome: PreflightOutcome, env: Record<string, string>, interactive: boolean): Promise<number> {
    const stack = await openStack(request.stack, env);
    if (request.preview) {
        await preview(stack);
        previewSummary(request.stack, env);
        say(`preview only: nothing was changed. Deploy with: npm run deploy -- ${request.stack}`);
        return 0;
    }
    if (!request.yes) {
        await preview(stack);
        if (!interactive || !(await confirm(`Deploy these changes to stack ${request.stack}?`))) {
            say("nothing was changed");
            return 0;
        }
    }
    const outputs = await up(stack);
    [...deploySummary(request.stack, outputs, envPrefix(outcome.backend)), ...heartbeatNote(outcome.config!)].forEach(say);
    return 0;
}

async function destroyStack(request: Request, outcome: PreflightOutcome, env: Record<string, string>, interactive: boolean): Promise<number> {
    const stack = await existingStack(request.stack, env);
    if (!stack) {
        complain(`destroy: stack ${request.stack} does not exist on ${outcome.backend.description}; nothing to destroy`);
        return 1;
    }
    keptData(outcome.config!).forEach(say);
    if (!request.yes && !(interactive && (await confirm(`Destroy the resources of stack ${request.stack}?`)))) {
        say("nothing was changed");
        return 0;
    }
    await destroy(stack);
    say(`stack ${request.stack}: resources destroyed; the stack itself stays (${envPrefix(outcome.backend)}pulumi stack rm ${request.stack} removes it)`);
    keptData(outcome.config!).forEach(say);
    return 0;
}

async function main(argv: readonly string[]): Promise<number> {
    const request = parseCommandLine(argv, listStacks(projectRoot));
    const name = argv[0] ?? "deploy";
    if ("error" in request) {
        complain(`${name}: ${request.error}\n${usage}`);
        return 2;
    }
    const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
    const outcome = await runPreflight(request.stack, request.command === "destroy" ? "destroy" : "deploy", process.env, interactive);
    formatReport(request.stack, outcome.results).forEach(hasFailures(outcome.results) ? complain : say);
    if (hasFailures(outcome.results)) return 1;
    if (request.command === "preflight") return 0;
    if (!request.yes && !request.preview && !interactive) {
        complain(`${name}: no terminal to ask on before changing stack ${request.stack}: pass --yes (or --preview)\n${usage}`);
        return 2;
    }
    const prepared = await pulumiEnv(outcome);
    if ("error" in prepared) {
        complain(`${name}: ${prepared.error}`);
        return 1;
    }
    const env = prepared.env;
    say(`backend: ${outcome.backend.description}`);
    try {
        return request.command === "destroy" ? await destroyStack(request, outcome, env, interactive) : await deploy(request, outcome, env, interactive);
    } catch (err) {
        complain(`${name}: ${describeFailure(err)}`);
        return 1;
    }
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
        // A bug here must still read as one line, not a stack trace.
        complain(`${process.argv[2] ?? "deploy"}: ${(err as Error)?.message ?? String(err)}`);
        process.exit(1);
    },
);
