// One cold run of the program under Pulumi's mock engine, as `pulumi up` would load it (ts-node with this project's
// tsconfig), for `program-time.ts`. Prints one JSON line: resources registered, time to the last one, peak memory.
//
//   node -r ts-node/register/transpile-only bench/program-child.ts <stack> <k>     (k = 0: the stack as it is)
import * as pulumi from "@pulumi/pulumi";
import { readStackFileConfig } from "../model/config/stack-file";
import { runProgram } from "../program/program";
import { scaledAlertRules, scaledDashboards, scaledPlatformTargets } from "./scale";

// Internal to the SDK but exported: resolves once every pending resource registration has finished.
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/** What the providers would compute: a generated password, an image id. */
const computed: Readonly<Record<string, Record<string, string>>> = {
    "random:index/randomPassword:RandomPassword": { result: "bench-generated-password" },
    "docker:index/remoteImage:RemoteImage": { imageId: "sha256:bench" },
};

/** Stand-ins for the secrets `pulumi config set --secret` would hold. */
const benchSecrets: Readonly<Record<string, string>> = {
    "monitoring:pagerdutyServiceKey": "bench-pagerduty-key",
    "monitoring:slackWebhookUrl": "https://hooks.slack.invalid/bench",
    "monitoring:smtpPassword": "bench-smtp-password",
};

async function main(): Promise<void> {
    const [stack, scale] = [process.argv[2], Number(process.argv[3])];
    if (!stack || !Number.isInteger(scale) || scale < 0) throw new Error("usage: program-child.ts <stack> <k>");
    const { raw } = readStackFileConfig(process.cwd(), stack);
    // The prod test stack keeps example.com placeholders, which the program refuses without the override.
    const config: Record<string, string> = { ...raw, ...benchSecrets, "monitoring:allowPlaceholders": "true" };
    if (scale > 0) config["monitoring:platformTargets"] = scaledPlatformTargets(JSON.parse(raw["monitoring:platformTargets"] ?? "[]"), scale);
    let resources = 0;
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                resources++;
                return { id: `${args.name}-id`, state: { ...args.inputs, ...(computed[args.type] ?? {}) } };
            },
            call: (args) => args.inputs,
        },
        "monitoring",
        stack,
        false,
    );
    pulumi.runtime.setAllConfig(config, Object.keys(benchSecrets));
    const outputs = runProgram(undefined, scale > 0 ? { alertRules: scaledAlertRules(scale), dashboards: scaledDashboards(scale) } : {});
    await Promise.all(
        Object.values(outputs)
            .filter((o) => o !== undefined)
            .map((o) => new Promise((done) => (o as pulumi.Output<unknown>).apply(done))),
    );
    await waitForRPCs();
    process.stdout.write(`${JSON.stringify({ resources, seconds: process.uptime(), maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
});
