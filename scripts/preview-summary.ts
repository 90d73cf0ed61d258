// `npm run preview-summary -- <preview.json> [--title <text>]`: Markdown summary of `pulumi preview --json` output.
import * as fs from "fs";
import { asPreviewDigest, PreviewFormatError, previewMarkdown } from "./preview-markdown";

const usage = "usage: npm run preview-summary -- <preview.json> [--title <text>]";

function fail(message: string): never {
    process.stderr.write(`preview-summary: ${message}\n`);
    process.exit(2);
}

function main(argv: readonly string[]): void {
    const files = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--title");
    const titleAt = argv.indexOf("--title");
    const unknown = argv.filter((a) => a.startsWith("--") && a !== "--title");
    if (unknown.length > 0) fail(`unknown option ${unknown[0]}; ${usage}`);
    if (titleAt >= 0 && argv[titleAt + 1] === undefined) fail(`--title needs a value; ${usage}`);
    if (files.length !== 1) fail(usage);
    const file = files[0];
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        fail(`${file}: cannot read the file; ${usage}`);
    }
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        fail(`${file} is not JSON; expected the output of \`pulumi preview --json\``);
    }
    try {
        process.stdout.write(previewMarkdown(asPreviewDigest(value), titleAt >= 0 ? argv[titleAt + 1] : undefined));
    } catch (error) {
        if (error instanceof PreviewFormatError) fail(`${file} is not a Pulumi preview: ${error.message}`);
        throw error;
    }
}

main(process.argv.slice(2));
