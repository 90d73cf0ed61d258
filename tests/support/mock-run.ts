// Runs the real program under Pulumi's mock engine and records every resource it declares.
import * as pulumi from "@pulumi/pulumi";
import { ProgramSources, runProgram } from "../../program/program";
import { readUserFiles } from "../../model/user-files";
import { fixtureStacksDir } from "./stack-files";

/** A declared resource with the options the program gave it (retainOnDelete, dependsOn, ...) and, for an object it only reads (`Resource.get`), its ID. */
export type RecordedResource = { type: string; name: string; inputs: Record<string, any>; options: pulumi.ResourceOptions; readId?: string };
/** Every resource, each output and whether it is a secret, and the error that stopped the program if one did. */
export type MockRun = { resources: RecordedResource[]; outputs: Record<string, unknown>; outputSecrets: Record<string, boolean>; error?: Error };

/** The marker Pulumi's wire format puts on secret values (what the mock monitor receives). */
export const secretSignature = "1b47061264138c4ac30d75fd1eb44270";

/** What RandomPassword generates unless a run says otherwise (a recognisable fake, as the image ids below). */
export const generatedPassword = "mock-generated-password-1f2e3d4c5b6a";

// Internal to the SDK but exported: resolves once every pending resource registration (RPC) has finished.
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/** What the engine would hold for a resource from an earlier `pulumi up` (its outputs), where it differs from the inputs. */
export type PriorState = (type: string, name: string, inputs: Record<string, any>) => Record<string, any> | undefined;

/** Runs the program for `stack` with `config` (`monitoring:<key>` -> string), and the tests' own user files unless `sources` names others. */
export async function runWithMocks(...args: Parameters<typeof recordRun>): Promise<MockRun> {
    // The SDK takes a stack trace for every promise it makes (for its leak report): through ts-node's source maps that is
    // two thirds of a run's time. No frames and V8's own format meanwhile; a run's error keeps its message, not its frames
    // (MOCK_RUN_STACK_FRAMES=1 keeps them, to find where a program error comes from).
    const [mapped, frames] = [Error.prepareStackTrace, Error.stackTraceLimit];
    Reflect.deleteProperty(Error, "prepareStackTrace");
    if (!process.env.MOCK_RUN_STACK_FRAMES) Error.stackTraceLimit = 0;
    try {
        return await recordRun(...args);
    } finally {
        [Error.prepareStackTrace, Error.stackTraceLimit] = [mapped, frames];
    }
}

async function recordRun(
    stack: string,
    config: Record<string, string>,
    secretKeys: string[] = [],
    sources: ProgramSources = {},
    generated: string = generatedPassword,
    priorState?: PriorState,
): Promise<MockRun> {
    const computed: Record<string, (name: string) => Record<string, unknown>> = {
        "docker:index/remoteImage:RemoteImage": (name) => ({ imageId: `sha256:${name}` }),
        "random:index/randomPassword:RandomPassword": () => ({ result: generated }),
        "grafana:oss/serviceAccountToken:ServiceAccountToken": (name) => ({ key: `glsa_mock_${name}` }),
    };
    const resources: RecordedResource[] = [];
    // A transformation on the stack reaches every resource under it and sees the options the program gave each one.
    const options = new Map<string, pulumi.ResourceOptions>();
    const recordOptions: pulumi.ResourceTransformation = (args) => void options.set(`${args.type}::${args.name}`, args.opts);
    const newResource = (args: pulumi.runtime.MockResourceArgs) => {
        const recorded = { type: args.type, name: args.name, inputs: args.inputs } as RecordedResource;
        // Not enumerable: comparisons and JSON of recorded resources stay about what the program declares.
        Object.defineProperty(recorded, "options", { value: options.get(`${args.type}::${args.name}`) ?? {}, enumerable: false });
        if (args.id) Object.defineProperty(recorded, "readId", { value: args.id, enumerable: false });
        resources.push(recorded);
        const prior = priorState?.(args.type, args.name, args.inputs);
        return { id: `${args.name}-id`, state: { ...args.inputs, ...(computed[args.type]?.(args.name) ?? {}), ...(prior ?? {}) } };
    };
    await pulumi.runtime.setMocks({ newResource, call: (args) => args.inputs }, "monitoring", stack, false);
    pulumi.runtime.setAllConfig(config, secretKeys);
    // An error thrown while an input resolves fails the real program through its unhandled-rejection handler: so here too.
    const rejected: Error[] = [];
    const onRejection = (reason: unknown) => rejected.push(reason as Error);
    process.on("unhandledRejection", onRejection);
    const settle = async () => {
        await waitForRPCs();
        await new Promise((resolve) => setImmediate(resolve));
        process.off("unhandledRejection", onRejection);
        return rejected[0];
    };
    let program: Record<string, pulumi.Output<unknown> | undefined>;
    try {
        program = { ...runProgram({ transformations: [recordOptions] }, { userFiles: readUserFiles(fixtureStacksDir), ...sources }) };
    } catch (error) {
        await settle();
        return { resources, outputs: {}, outputSecrets: {}, error: error as Error };
    }
    const outputs: Record<string, unknown> = {};
    const outputSecrets: Record<string, boolean> = {};
    for (const [key, value] of Object.entries(program)) {
        if (value === undefined) continue;
        outputs[key] = await new Promise((resolve) => value.apply(resolve));
        outputSecrets[key] = await pulumi.isSecret(value);
    }
    const failed = await settle();
    return { resources, outputs, outputSecrets, ...(failed ? { error: failed } : {}) };
}

export const ofType = (run: MockRun, type: string): RecordedResource[] => run.resources.filter((r) => r.type === type);
