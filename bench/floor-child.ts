// The floor of program time: a bare Pulumi program, loaded the same way, that registers `n` plain resources under the
// mock engine and nothing else. Prints the same JSON line as program-child.ts.
//
//   node -r ts-node/register/transpile-only bench/floor-child.ts <n>
import * as pulumi from "@pulumi/pulumi";

const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

/** A resource with one plain input: what the engine is asked to register, and nothing more. */
class PlainResource extends pulumi.CustomResource {
    constructor(name: string, value: string) {
        super("bench:index:Plain", name, { value });
    }
}

async function main(): Promise<void> {
    const n = Number(process.argv[2]);
    if (!Number.isInteger(n) || n < 1) throw new Error("usage: floor-child.ts <n>");
    let resources = 0;
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                resources++;
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: (args) => args.inputs,
        },
        "monitoring",
        "floor",
        false,
    );
    for (let i = 0; i < n; i++) new PlainResource(`plain-${i}`, `value-${i}`);
    await waitForRPCs();
    process.stdout.write(`${JSON.stringify({ resources, seconds: process.uptime(), maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
});
