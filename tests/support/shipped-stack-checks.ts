// What the test suite checks of the stack files a project ships (Pulumi.<stack>.yaml in the project root): that each is
// valid, never what it says. They belong to the user; every expectation on a stack's values is pinned on the tests'
// own stacks (tests/fixtures/stacks). The only module that reads the project's stack files (tests/unit/stack-files-shipped.test.ts
// holds every other test and support file to that).
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ConfigError, parseStackConfig } from "../../model/config/parse";
import { listStacks, readStackFileConfig } from "../../model/config/stack-file";
import { renderStackFiles } from "../../render/stack-files";
import { projectRoot, secretsNeededBy } from "./stack-files";
import { isDeepStrictEqual } from "util";
import { buildDashboards } from "../../dashboards";
import { readUserFiles } from "../../model/user-files";
import { userContentProblems } from "../../render/user-content";

/** The stacks the project ships (Pulumi.<stack>.yaml in `projectDir`, default this checkout), sorted. */
export function shippedStackNames(projectDir: string = projectRoot): string[] {
    return listStacks(projectDir);
}

/** Each declared key's default from Pulumi.yaml, as the Pulumi CLI hands it to the program (a string). */
function declaredDefaults(): Record<string, string> {
    const project = parse(fs.readFileSync(path.join(projectRoot, "Pulumi.yaml"), "utf8")) as { config?: Record<string, { default?: unknown }> };
    return Object.fromEntries(Object.entries(project.config ?? {}).map(([k, d]) => [k, typeof d.default === "string" ? d.default : JSON.stringify(d.default)]));
}

/**
 * One line per reason the stack file `Pulumi.<stack>.yaml` in `projectDir` would not deploy, as far as the tests can
 * tell without Pulumi: its config is refused (secrets its channels need, and its `secure:` keys, count as set; the
 * documentation placeholders are refused by `pulumi up`, not here), Pulumi.yaml's declared defaults would change it, or
 * a file of its stack fails to render. [] for a valid stack file.
 */
export function shippedStackProblems(projectDir: string, stack: string): string[] {
    const { raw, secureKeys } = readStackFileConfig(projectDir, stack);
    const withSecrets = { ...raw, ...Object.fromEntries([...secureKeys, ...secretsNeededBy(raw).map((k) => `monitoring:${k}`)].map((k) => [k, "x"])) };
    const where = `Pulumi.${stack}.yaml`;
    let config;
    try {
        config = parseStackConfig(withSecrets, stack, { plainTextKeys: Object.keys(raw) });
    } catch (err) {
        if (err instanceof ConfigError) return err.problems.map((p) => `${where}: ${p}`);
        throw err;
    }
    const problems: string[] = [];
    const merged = { ...declaredDefaults(), ...withSecrets };
    if (!isDeepStrictEqual(parseStackConfig(merged, stack), config)) problems.push(`${where}: Pulumi.yaml's declared defaults change its config`);
    try {
        renderStackFiles(config);
    } catch (err) {
        problems.push(`${where}: its files do not render: ${(err as Error).message}`);
    }
    return problems;
}

/** One line per problem of the project's own user files (user/), as the program would refuse them; [] when valid. */
export function shippedUserFileProblems(projectDir: string = projectRoot): string[] {
    return userContentProblems(readUserFiles(projectDir), buildDashboards());
}
