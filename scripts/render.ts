// `npm run render -- --stack <name> --out <dir> [--project <dir>]`: writes every generated file of a stack, from its
// Pulumi.<stack>.yaml (in this checkout, or in the --project folder).
import * as fs from "fs";
import * as path from "path";
import { ConfigError, parseStackConfig } from "../model/config/parse";
import { channelRequirements, NotificationChannel } from "../model/config/schema";
import { readStackFileConfig } from "../model/config/stack-file";
import { renderDashboardFiles, renderStackFiles, stackDashboards } from "../render/stack-files";
import { buildDashboards } from "../dashboards";
import { readUserFiles } from "../model/user-files";
import { userContent, UserFilesError } from "../render/user-content";

const usage = "usage: npm run render -- --stack <stack> --out <dir> [--project <folder with Pulumi.<stack>.yaml>]";
const flags = ["--stack", "--out", "--project"];

function parseArgs(argv: readonly string[]): { stack: string; out: string; project?: string } {
    const values: Record<string, string> = {};
    for (let i = 0; i < argv.length; i += 2) {
        const flag = argv[i];
        if (!flags.includes(flag)) throw new Error(`unknown argument ${JSON.stringify(flag)} (accepted: ${flags.join(", ")})\n${usage}`);
        const value = argv[i + 1];
        if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value\n${usage}`);
        values[flag.slice(2)] = value;
    }
    for (const required of ["stack", "out"]) {
        if (!values[required]) throw new Error(`--${required} is required\n${usage}`);
    }
    return { stack: values.stack, out: values.out, project: values.project };
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
    // The project's own dashboards and rule files (user/), checked as `pulumi up` checks them.
    const user = userContent(readUserFiles(projectDir), buildDashboards(config.runbookBaseUrl));
    const files = { ...renderStackFiles(config, user), ...renderDashboardFiles(config, stackDashboards(config, user)) };
    for (const [relative, content] of Object.entries(files)) {
        const target = path.join(outDir, relative);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, content);
    }
    return Object.keys(files);
}

if (require.main === module) {
    try {
        const { stack, out, project } = parseArgs(process.argv.slice(2));
        const written = renderToDirectory(path.resolve(project ?? path.join(__dirname, "..")), stack, path.resolve(out));
        process.stdout.write(`${written.map((f) => path.join(out, f)).join("\n")}\n`);
    } catch (err) {
        process.stderr.write(`render: ${err instanceof ConfigError || err instanceof UserFilesError ? err.message : (err as Error).message}\n`);
        process.exit(2);
    }
}
