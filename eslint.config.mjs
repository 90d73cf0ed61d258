// ESLint (flat config): typescript-eslint's recommended rules, and Pulumi's rules against Outputs in template literals.
// This is `npm test`'s lint of the program and its fast tests; eslint.live.config.mjs lints the live tier's code.
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

export const ignores = ["node_modules/", "bin/", "reports/", ".stryker-tmp/", "**/*.js", "**/*.cjs", "**/*.mjs"];
/** bench/, the drills and the tests that run real tools: type-checked (tsconfig.live.json) and linted by `npm run test:live`. */
export const liveTier = ["bench/**", "tests/tools/**", "tests/integration/**"];

/** The rules, with type information from `parserOptions` (the Pulumi rules need it). */
export const typeScriptRules = (parserOptions) => [
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: { parserOptions: { ...parserOptions, tsconfigRootDir: import.meta.dirname } },
        plugins: { "@pulumi": pulumi },
        rules: {
            // An Output in a plain template literal renders as a warning text, not its value: use pulumi.interpolate.
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            // Test code and provider inputs read untyped JSON; config parsing (below) must not.
            "@typescript-eslint/no-explicit-any": "off",
            // CommonJS project: ESM-only packages' CommonJS builds and the SDK's internal modules are loaded with require, each with its reason.
            "@typescript-eslint/no-require-imports": "off",
            // ANSI colour sequences (\x1b[...m) are matched on purpose in the terminal output code and its tests.
            "no-control-regex": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
        },
    },
    {
        files: ["model/config/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "error" },
    },
];

export default tseslint.config({ ignores: [...ignores, ...liveTier] }, ...typeScriptRules({ projectService: true }));
