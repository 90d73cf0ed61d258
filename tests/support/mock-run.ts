// Runs the real program under Pulumi's mock engine and records every resource it declares.
import * as pulumi from "@pulumi/pulumi";
import { runProgram, StackOutputs } from "../../components/program";

export interface RecordedResource {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
}

export interface MockRun {
    readonly resources: RecordedResource[];
    readonly outputs: Record<string, unknown>;
    /** Whether each defined output is a secret. */
    readonly outputSecrets: Record<string, boolean>;
    readonly error?: Error;
}

/** The marker Pulumi's wire format puts on secret values (what the mock monitor receives). */
export const secretSignature = "1b47061264138c4ac30d75fd1eb44270";

/** Outputs a real provider computes, filled in with recognisable fakes. */
export const generatedPassword = "mock-generated-password-1f2e3d4c5b6a";
const computedOutputs: Record<string, (name: string) => Record<string, unknown>> = {
    "docker:index/remoteImage:RemoteImage": (name) => ({ imageId: `sha256:${name}` }),
    "random:index/randomPassword:RandomPassword": () => ({ result: generatedPassword }),
};

function resolve<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((done) => output.apply((v) => done(v)));
}

async function settle(resources: RecordedResource[]): Promise<void> {
    // Resources register asynchronously; wait until no new one has arrived for a while.
    let stableRounds = 0;
    let last = -1;
    while (stableRounds < 10) {
        await new Promise((r) => setTimeout(r, 5));
        stableRounds = resources.length === last ? stableRounds + 1 : 0;
        last = resources.length;
    }
}

/** Runs the program for `stack` with `config` (`monitoring:<key>` -> Pulumi string value). */
export async function runWithMocks(stack: string, config: Record<string, string>, secretKeys: string[] = []): Promise<MockRun> {
    const resources: RecordedResource[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                resources.push({ type: args.type, name: args.name, inputs: args.inputs });
                return { id: `${args.name}-id`, state: { ...args.inputs, ...(computedOutputs[args.type]?.(args.name) ?? {}) } };
            },
            call(args) {
                return args.inputs;
            },
        },
        "monitoring",
        stack,
        false,
    );
    pulumi.runtime.setAllConfig(config, secretKeys);
    let program: StackOutputs;
    try {
        program = runProgram();
    } catch (error) {
        await settle(resources);
        return { resources, outputs: {}, outputSecrets: {}, error: error as Error };
    }
    const outputs: Record<string, unknown> = {};
    const outputSecrets: Record<string, boolean> = {};
    for (const [key, value] of Object.entries(program)) {
        if (value === undefined) continue;
        outputs[key] = await resolve(value as pulumi.Output<unknown>);
        outputSecrets[key] = await pulumi.isSecret(value as pulumi.Output<unknown>);
    }
    await settle(resources);
    return { resources, outputs, outputSecrets };
}

export function ofType(run: MockRun, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}
