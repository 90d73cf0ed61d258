// What the prod and dev end-to-end runs share: the failure they report, timed steps, the Pulumi environment of a
// run (file backend, no plugin downloads, the built CLI first on PATH), the project and stack files, plugin installs
// and the stand-in wrappers.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { parse, stringify } from "yaml";
import { fixtureStacksDir, projectRoot } from "../support/stack-files";

export class E2eFailed extends Error {}

export interface Timed {
    readonly step: string;
    readonly seconds: number;
}

/** Where a run's engine output goes (and, optionally, its events). */
export type Output = { onOutput: (o: string) => void; onEvent?: (e: EngineEvent) => void; color: "never" };

export type TimedFn = <T>(step: string, fn: () => Promise<T>) => Promise<T>;

/** A step runner that prints each step and its seconds, and the list it fills. */
export function timer(): { timed: TimedFn; timings: Timed[] } {
    const timings: Timed[] = [];
    const timed = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
        const started = Date.now();
        process.stdout.write(`e2e: ${step} ...`);
        const result = await fn();
        const seconds = Math.round((Date.now() - started) / 100) / 10;
        timings.push({ step, seconds });
        process.stdout.write(` ${seconds} s\n`);
        return result;
    };
    return { timed, timings };
}

export const mkdir = (dir: string): string => {
    fs.mkdirSync(dir, { recursive: true });
    return dir;
};

/** The environment of the run's Pulumi commands; the Automation API finds the CLI on this process's PATH, set here too. */
export function pulumiEnv(dir: string, pulumi: string, extra: Record<string, string> = {}): Record<string, string> {
    const env: Record<string, string> = {
        PULUMI_BACKEND_URL: `file://${mkdir(path.join(dir, "backend"))}`,
        PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "e2e-only-passphrase",
        PULUMI_HOME: path.join(dir, "pulumi-home"),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PATH: `${path.dirname(pulumi)}:${process.env.PATH}`,
        ...extra,
    };
    process.env.PATH = env.PATH;
    return env;
}

export function automation(): typeof import("@pulumi/pulumi/automation") {
    return require("@pulumi/pulumi/automation");
}

/** Runs the CLI in `cwd`, its output appended to `log`; a failure is one line. */
export function cli(pulumi: string, cwd: string, env: Record<string, string>, log: string) {
    return (args: string[]) => {
        const r = spawnSync(pulumi, args, { cwd, env: { ...process.env, ...env }, encoding: "utf8" });
        fs.appendFileSync(log, `$ pulumi ${args.join(" ")}\n${r.stdout}${r.stderr}`);
        if (r.status !== 0) throw new E2eFailed(`pulumi ${args.join(" ")}: exit ${r.status}: ${r.stderr.trim().split("\n").pop()}`);
    };
}

/**
 * The run's project folder: the project's own Pulumi.yaml (the CLI checks its config declarations) and the test copy of
 * the shipped stack file (not the user's) with `changes` (a key set to undefined left out). Returns that baseline and a
 * setter of later keys, which also removes `unset` and keeps the secrets as the CLI wrote them.
 */
export function projectFiles(project: string, stack: "dev" | "prod", changes: Record<string, unknown>) {
    fs.copyFileSync(path.join(projectRoot, "Pulumi.yaml"), path.join(project, "Pulumi.yaml"));
    const stackFile = path.join(project, `Pulumi.${stack}.yaml`);
    const shipped = parse(fs.readFileSync(path.join(fixtureStacksDir, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    const baseline = Object.fromEntries(Object.entries({ ...shipped.config, ...changes }).filter(([, value]) => value !== undefined));
    fs.writeFileSync(stackFile, stringify({ config: baseline }));
    const setConfig = (values: Record<string, unknown>, unset: readonly string[] = []) => {
        const file = parse(fs.readFileSync(stackFile, "utf8")) as { config: Record<string, unknown> };
        const config = { ...file.config, ...values };
        for (const key of unset) delete config[key];
        fs.writeFileSync(stackFile, stringify({ ...file, config }));
    };
    return { baseline, setConfig };
}

/** An executable that starts one of this repository's TypeScript programs (a stand-in provider) with this Node. */
export function tsWrapper(dir: string, name: string, script: string): string {
    const wrapper = path.join(dir, name);
    const register = require.resolve("ts-node/register/transpile-only");
    const tsconfig = path.join(projectRoot, "tsconfig.json");
    fs.writeFileSync(wrapper, `#!/bin/sh\nTS_NODE_PROJECT=${tsconfig} exec ${process.execPath} -r ${register} ${path.join(projectRoot, script)} "$@"\n`, {
        mode: 0o755,
    });
    return wrapper;
}

/** `pulumi up`, then a refresh-preview that must change nothing. */
export async function upClean(stack: Stack, step: string, timed: TimedFn, output: Output, check: () => Promise<void>) {
    const r = await timed(`pulumi up: ${step}`, () => stack.up(output));
    if (r.summary.result !== "succeeded") throw new E2eFailed(`pulumi up (${step}): ${r.summary.result}`);
    await check();
    const p = await timed(`pulumi preview --refresh --expect-no-changes: ${step}`, () =>
        stack.preview({ ...output, refresh: true, expectNoChanges: true, diff: true }),
    );
    const changed = Object.entries(p.changeSummary).filter(([op]) => op !== "same" && op !== "refresh" && op !== "read");
    if (changed.length > 0) throw new E2eFailed(`preview after ${step} is not clean: ${JSON.stringify(p.changeSummary)}`);
}
