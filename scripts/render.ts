// `npm run render -- --stack <name> --out <dir> [--project <dir>]`: writes every generated file of a stack from its Pulumi.<stack>.yaml (here or in --project).
import * as fs from "fs";
import * as path from "path";
import { parseStackConfig } from "../model/config/parse";
import { readStackFileConfig, secretsNeededBy } from "../model/config/stack-file";
import { readUserFiles } from "../model/user-files";
import { renderDashboardFiles, renderStackFiles, stackDashboards } from "../render/stack-files";
import { userContent } from "../render/user-content";
import { buildDashboards } from "../dashboards";

const usage = "usage: npm run render -- --stack <stack> --out <dir> [--project <folder with Pulumi.<stack>.yaml>]";
const flags = ["--stack", "--out", "--project"];

function parseArgs(argv: readonly string[]): { stack: string; out: string; project?: string } {
    const values: Record<string, string> = {};
    for (let i = 0; i < argv.length; i += 2) {
        const [flag, value] = [argv[i], argv[i + 1]];
        if (!flags.includes(flag)) throw new Error(`unknown argument ${JSON.stringify(flag)} (accepted: ${flags.join(", ")})\n${usage}`);
        if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value\n${usage}`);
        values[flag.slice(2)] = value;
    }
    const missing = ["stack", "out"].find((required) => !values[required]);
    if (missing) throw new Error(`--${missing} is required\n${usage}`);
    return { stack: values.stack, out: values.out, project: values.project };
}

export function renderToDirectory(projectDir: string, stack: string, outDir: string): string[] {
    const { raw, secureKeys } = readStackFileConfig(projectDir, stack);
    // Secrets render as placeholders: the stack file's `secure:` keys and whatever its channels and platform need count as set.
    const secrets = [...secureKeys, ...secretsNeededBy(raw).map((key) => `monitoring:${key}`)].map((key) => [key, "<secret placeholder>"]);
    const config = parseStackConfig({ ...raw, ...Object.fromEntries(secrets) }, stack, { plainTextKeys: Object.keys(raw) });
    // The project's own dashboards and rule files (user/), checked as `pulumi up` checks them.
    const user = userContent(readUserFiles(projectDir), buildDashboards(config.runbookBaseUrl));
    const files = { ...renderStackFiles(config, user), ...renderDashboardFiles(config, stackDashboards(config, user)) };
    for (const [relative, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(outDir, relative)), { recursive: true });
        fs.writeFileSync(path.join(outDir, relative), content);
    }
    return Object.keys(files);
}

if (require.main === module) {
    try {
        const { stack, out, project } = parseArgs(process.argv.slice(2));
        const written = renderToDirectory(path.resolve(project ?? path.join(__dirname, "..")), stack, path.resolve(out));
        process.stdout.write(`${written.map((f) => path.join(out, f)).join("\n")}\n`);
    } catch (err) {
        process.stderr.write(`render: ${(err as Error).message}\n`);
        process.exit(2);
    }
}
