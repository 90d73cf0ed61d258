// Pulumi.yaml: refresh on every run, and a project-level config block generated from the key table, as is the reference
// in docs/configuration.md (npm run config-reference); the declared defaults change nothing the program reads.
import { strict as assert } from "assert";
import * as fs from "fs";
import { parse } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { configKeys, secretKeys } from "../../model/config/schema";
import { configurationDocPath, generatedConfigurationDoc, generatedPulumiYaml, pulumiYamlPath } from "../../scripts/config-reference";
import { fakeSecrets, loadRawStackConfig, secretsNeededBy, stackNames } from "../support/stack-files";

interface Declaration {
    type?: string;
    items?: { type?: string };
    description?: string;
    default?: unknown;
}

const pulumiYaml = fs.readFileSync(pulumiYamlPath, "utf8");
const project = parse(pulumiYaml) as { name: string; options?: { refresh?: string }; config?: Record<string, Declaration> };

describe("Pulumi.yaml and the configuration reference", () => {
    it("refreshes before every preview and up (options.refresh: always), so hand edits show as drift", () => {
        assert.equal(project.name, "monitoring");
        assert.deepEqual(project.options, { refresh: "always" });
    });

    it("are what npm run config-reference generates from model/config/schema.ts", () => {
        const stale = [
            ...(generatedPulumiYaml(pulumiYaml) === pulumiYaml ? [] : ["Pulumi.yaml"]),
            ...(generatedConfigurationDoc(fs.readFileSync(configurationDocPath, "utf8")) === fs.readFileSync(configurationDocPath, "utf8")
                ? []
                : ["docs/configuration.md"]),
        ];
        assert.deepEqual(stale, [], `${stale.join(" and ")} out of step with model/config/schema.ts: run npm run config-reference`);
    });

    it("declares exactly the keys and secrets the program reads, each with a description and an empty default", () => {
        assert.deepEqual(
            Object.keys(project.config ?? {}),
            [...Object.keys(configKeys), ...secretKeys].map((k) => `monitoring:${k}`),
        );
        const declared = project.config!;
        assert.deepEqual(
            [
                declared["monitoring:platform"],
                declared["monitoring:components"],
                declared["monitoring:alertmanagerReplicas"],
                declared["monitoring:retainDataOnDestroy"],
            ],
            [
                { type: "string", description: "Where the stack runs: docker or kubernetes. Default docker.", default: "" },
                {
                    type: "array",
                    items: { type: "string" },
                    description: "List of prometheus, grafana, loki, promtail, tempo, alertmanager, node-exporter; promtail needs loki. Default all seven.",
                    default: [],
                },
                {
                    type: "integer",
                    description: "1–7, more than one only on kubernetes (a gossip cluster); 0 means the default. Default docker 1, kubernetes 3.",
                    default: 0,
                },
                {
                    type: "boolean",
                    description: "Whether data volumes, claims and the namespace outlive pulumi destroy: true or false. Default true.",
                    default: true,
                },
            ],
        );
        assert.deepEqual(declared["monitoring:scrapeCredentials"], {
            type: "object",
            description:
                "Secret (pulumi config set --secret --path 'monitoring:scrapeCredentials.<job>' <token-or-password>): token or password of each platformTargets job with credentials, one entry per job; required when a platformTargets entry has credentials.",
            default: {},
        });
    });

    for (const stack of stackNames()) {
        it(`gives the ${stack} stack exactly the config it has without the declared defaults`, () => {
            const raw = loadRawStackConfig(stack);
            const secrets = secretsNeededBy(raw);
            const withSecrets = { ...raw, ...Object.fromEntries(secrets.map((k) => [`monitoring:${k}`, fakeSecrets[`monitoring:${k}`] ?? "x"])) };
            // What the Pulumi CLI hands the program: each declared key the stack leaves out, at its default, as a string.
            const merged: Record<string, string> = { ...withSecrets };
            for (const [key, d] of Object.entries(project.config ?? {})) {
                if (key in merged) continue;
                merged[key] = typeof d.default === "string" ? d.default : JSON.stringify(d.default);
            }
            assert.ok(Object.keys(merged).length > Object.keys(withSecrets).length, "some defaults applied");
            assert.deepEqual(parseStackConfig(merged, stack), parseStackConfig(withSecrets, stack));
        });
    }
});
