// Secrets: every file the stack renders (dev and prod), every output and plain resource input of a mock-engine run of
// the program, and the logs of every drill run before this one, searched for every secret value of a prod config: zero
// hits. The same values must be found inside the mock run's Pulumi secrets, so the search is known to look at them.
import * as fs from "fs";
import * as path from "path";
import { parseStackConfig } from "../../model/config/parse";
import { secretKeys } from "../../model/config/schema";
import { renderDashboardFiles, renderStackFiles } from "../../render/stack-files";
import { renderToDirectory } from "../../scripts/render";
import { generatedPassword, runWithMocks } from "../../tests/support/mock-run";
import { isSecretWrapper, plainStrings, unwrapSecrets } from "../../tests/support/secrets";
import { fakeSecrets, fixtureStacksDir, placeholdersAllowed, readStackFile } from "../../tests/support/stack-files";
import { Drill, drillLogs, inTempDir, Outcome } from "./drill";

/** Every secret key of the config (README: "Secrets"), with a recognisable value; a key missing here fails the drill. */
const secretValues: Readonly<Record<string, string>> = {
    ...fakeSecrets,
    "monitoring:grafanaAdminPassword": "fake-grafana-admin-password-5a4b3c2d1e",
    "monitoring:deadMansSwitchUrl": "https://heartbeat.invalid/ping/fake-dead-mans-switch-7f6e5d4c",
};

/** Where each value was found in `texts` (name -> text). */
function hits(texts: Readonly<Record<string, string>>, values: readonly string[]): string[] {
    return Object.entries(texts).flatMap(([name, text]) => values.filter((v) => text.includes(v)).map((v) => `${v} in ${name}`));
}

const listFiles = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));

/** Strings inside secret wrappers, to show the search sees the values where they belong. */
function secretStrings(value: unknown, out: string[] = []): string[] {
    if (isSecretWrapper(value)) out.push(JSON.stringify(unwrapSecrets(value)));
    else if (Array.isArray(value)) value.forEach((v) => secretStrings(v, out));
    else if (value && typeof value === "object") Object.values(value).forEach((v) => secretStrings(v, out));
    return out;
}

export const secrets: Drill = {
    name: "secrets",
    title: "Every rendered file, mock-run output and drill log searched for every secret value of a prod config",
    run: (outcome: Outcome) =>
        inTempDir("secrets", async (dir) => {
            const unsearched = secretKeys.filter((k) => !(`monitoring:${k}` in secretValues));
            outcome.check(
                "every secret key of the schema has a value to search for",
                unsearched.length === 0,
                unsearched.length ? `missing: ${unsearched.join(", ")}` : `${secretKeys.length} keys`,
            );
            const values = [...Object.values(secretValues), generatedPassword];
            outcome.change(
                `secret values set through the config the mock engine reads: ${Object.keys(secretValues).join(", ")}; Grafana's generated password is the mock's ${JSON.stringify(generatedPassword)}`,
            );
            const rendered: Record<string, string> = {};
            for (const stack of ["dev", "prod"] as const) {
                const config = parseStackConfig({ ...readStackFile(stack), ...secretValues }, stack);
                for (const [file, text] of Object.entries({ ...renderStackFiles(config), ...renderDashboardFiles(config) }))
                    rendered[`${stack}:${file}`] = text;
                // And what `npm run render` itself writes.
                const out = path.join(dir, stack);
                renderToDirectory(fixtureStacksDir, stack, out);
                for (const file of listFiles(out)) rendered[`npm run render ${stack}:${path.relative(out, file)}`] = fs.readFileSync(file, "utf8");
            }
            const renderedHits = hits(rendered, values);
            outcome.check(
                "rendered files (dev and prod, the program's renderers and `npm run render`)",
                renderedHits.length === 0,
                `${Object.keys(rendered).length} files, ${renderedHits.length} hits ${renderedHits.join("; ")}`,
            );

            const plain: Record<string, string> = {};
            const insideSecrets: string[] = [];
            let resources = 0;
            for (const stack of ["dev", "prod"] as const) {
                const run = await runWithMocks(stack, { ...readStackFile(stack), ...placeholdersAllowed, ...secretValues }, Object.keys(secretValues));
                if (run.error) throw new Error(`mock run of ${stack} failed: ${run.error.message}`);
                resources += run.resources.length;
                for (const [key, value] of Object.entries(run.outputs)) {
                    if (run.outputSecrets[key]) insideSecrets.push(JSON.stringify(value));
                    else plain[`${stack} output ${key}`] = JSON.stringify(value);
                }
                for (const r of run.resources) {
                    plain[`${stack} ${r.type} ${r.name}`] = plainStrings(r.inputs).join("\n");
                    insideSecrets.push(...secretStrings(r.inputs));
                }
            }
            const plainHits = hits(plain, values);
            outcome.check(
                "mock runs: plain outputs and every resource input outside Pulumi secrets",
                plainHits.length === 0,
                `${resources} resources, ${plainHits.length} hits ${plainHits.join("; ")}`,
            );
            // Every configured value (Grafana's password is configured, so the mock's generated one never appears).
            const configured = Object.values(secretValues);
            const seen = configured.filter((v) => insideSecrets.some((s) => s.includes(v)));
            outcome.check(
                "the search finds every configured value where it belongs (inside Pulumi secrets)",
                seen.length === configured.length,
                `${seen.length} of ${configured.length} values found inside secrets`,
            );

            const logHits = hits(drillLogs, values);
            const logBytes = Object.values(drillLogs).reduce((n, t) => n + t.length, 0);
            outcome.check(
                "logs of every drill run before this one (daemons and this runner)",
                logHits.length === 0,
                `${Object.keys(drillLogs).length} logs, ${(logBytes / 1024).toFixed(0)} KiB, ${logHits.length} hits`,
            );
        }),
};
