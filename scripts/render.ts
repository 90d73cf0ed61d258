// `npm run render -- --stack <name> --out <dir>`: writes every generated file of a stack, from its real Pulumi.<stack>.yaml.
import * as fs from "fs";
import * as path from "path";
import { ConfigError, parseStackConfig } from "../model/config/parse";
import { channelRequirements, NotificationChannel } from "../model/config/schema";
import { readStackFileConfig } from "../model/config/stack-file";
import { renderDashboardFiles, renderStackFiles } from "../render/stack-files";

const usage = "usage: npm run render -- --stack <stack> --out <dir>";

function parseArgs(argv: readonly string[]): { stack: string; out: string } {
    const values: Record<string, string> = {};
    for (let i = 0; i < argv.length; i += 2) {
        const flag = argv[i];
        if (flag !== "--stack" && flag !== "--out") throw new Error(`unknown argument ${JSON.stringify(flag)} (accepted: --stack, --out)\n${usage}`);
        const value = argv[i + 1];
        if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value\n${usage}`);
        values[flag.slice(2)] = value;
    }
    for (const required of ["stack", "out"]) {
        if (!values[required]) throw new Error(`--${required} is required\n${usage}`);
    }
    return { stack: values.stack, out: values.out };
}

/** Secrets render as placeholders: the stack file's `secure:` keys and whatever its channels and platform need count as set. */
function withPlaceholderSecrets(raw: Record<string, string>, secureKeys: readonly string[]): Record<string, string> {
    const channels: NotificationChannel[] = (() => {
        try {
            return JSON.parse(raw["monitoring:notificationChannels"] ?? "[]");
        } catch {
            return []; // the parser reports the bad value with its key
        }
    })();
    const needed = channels.filter((c) => c in channelRequirements).flatMap((c) => channelRequirements[c].secrets.map((k) => `monitoring:${k}`));
    // A kubernetes stack needs the heartbeat unless it opts out (model/config/cross-checks.ts, checkHeartbeat).
    if (raw["monitoring:platform"] === "kubernetes" && raw["monitoring:allowNoHeartbeat"] !== "true") needed.push("monitoring:deadMansSwitchUrl");
    return { ...raw, ...Object.fromEntries([...secureKeys, ...needed].map((key) => [key, "<secret placeholder>"])) };
}

export function renderToDirectory(projectDir: string, stack: string, outDir: string): string[] {
    const { raw, secureKeys } = readStackFileConfig(projectDir, stack);
    const config = parseStackConfig(withPlaceholderSecrets(raw, secureKeys), stack, { plainTextKeys: Object.keys(raw) });
    const files = { ...renderStackFiles(config), ...renderDashboardFiles(config) };
    for (const [relative, content] of Object.entries(files)) {
        const target = path.join(outDir, relative);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, content);
    }
    return Object.keys(files);
}

if (require.main === module) {
    try {
        const { stack, out } = parseArgs(process.argv.slice(2));
        const written = renderToDirectory(path.resolve(__dirname, ".."), stack, path.resolve(out));
        process.stdout.write(`${written.map((f) => path.join(out, f)).join("\n")}\n`);
    } catch (err) {
        process.stderr.write(`render: ${err instanceof ConfigError ? err.message : (err as Error).message}\n`);
        process.exit(2);
    }
}
