// The lint step of `npm test` (which runs before mocha) really guards what docs/verification.md says: ESLint with this
// repository's eslint.config.mjs refuses an Output in a template literal, `any` in the config model and unused variables.
import { strict as assert } from "assert";
import * as path from "path";
import { ESLint } from "eslint";

const root = path.join(__dirname, "..", "..");
/** Files that exist only as text handed to ESLint; the type-aware rules type them through a default project. */
const probes = ["components/lint-probe.ts", "model/config/lint-probe.ts", "render/lint-probe.ts"];

describe("lint and format (eslint.config.mjs, .prettierrc.json)", function () {
    this.timeout(120_000);
    const eslint = new ESLint({
        cwd: root,
        overrideConfig: { languageOptions: { parserOptions: { projectService: { allowDefaultProject: probes } } } },
    });
    const ruleIds = async (code: string, filePath: string): Promise<(string | null)[]> =>
        (await eslint.lintText(code, { filePath: path.join(root, filePath) }))[0].messages.map((m) => m.ruleId);

    it("refuses an Output in a template literal (it renders as a warning text, not its value)", async () => {
        const code = 'import * as pulumi from "@pulumi/pulumi";\nexport const host = pulumi.output(`prometheus`);\nexport const url = `http://${host}:9090`;\n';
        assert.deepEqual(await ruleIds(code, "components/lint-probe.ts"), ["@pulumi/no-output-in-template-literal"]);
    });

    it("refuses `any` in the config model, and allows it elsewhere (tests and provider inputs read untyped JSON)", async () => {
        const code = "export function parse(value: any): string {\n    return String(value);\n}\n";
        assert.deepEqual(await ruleIds(code, "model/config/lint-probe.ts"), ["@typescript-eslint/no-explicit-any"]);
        assert.deepEqual(await ruleIds(code, "render/lint-probe.ts"), []);
    });

    it("refuses an unused variable", async () => {
        assert.deepEqual(await ruleIds("export function f(): number {\n    const unused = 1;\n    return 2;\n}\n", "render/lint-probe.ts"), [
            "@typescript-eslint/no-unused-vars",
        ]);
    });
});
