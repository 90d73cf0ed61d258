// A team's stack under the mock engine (TeamMonitoring's tests): a StackReference that answers with the monitoring
// stack's outputs, every other resource recorded, and the first error, thrown or raised while an input resolved.
import * as pulumi from "@pulumi/pulumi";

export type Recorded = { type: string; name: string; inputs: Record<string, any> };

/** Runs `declare` under the mock engine on stack `stack` with a StackReference answering `outputs` (`teams` secret). */
export async function mockTeamStack(declare: (monitoring: pulumi.StackReference) => void, outputs: object, stack = "prod") {
    const resources: Recorded[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                if (args.type === "pulumi:pulumi:StackReference")
                    return { id: args.inputs.name, state: { name: args.inputs.name, outputs, secretOutputNames: ["teams"] } };
                resources.push({ type: args.type, name: args.name, inputs: args.inputs });
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: (args) => args.inputs,
        },
        "payments-service",
        stack,
        false,
    );
    const errors: unknown[] = [];
    const onRejection = (reason: unknown) => errors.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
        declare(new pulumi.StackReference(`organization/monitoring/${stack}`));
    } catch (err) {
        errors.push(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.off("unhandledRejection", onRejection);
    return { resources, error: errors[0] as Error | undefined };
}
