// Pulumi.yaml: refresh on every run, and a project-level config block that declares exactly the keys the schema reads.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { z } from "zod";
import { parseStackConfig } from "../../model/config/parse";
import { configKeySchemas, objectSecretKeys, secretKeys } from "../../model/config/schema";
import { fakeSecrets, loadRawStackConfig, projectRoot, secretsNeededBy, stackNames } from "../../support/stack-files";

interface Declaration {
    type?: string;
    items?: { type?: string };
    description?: string;
    default?: unknown;
    secret?: boolean;
}

const project = parse(fs.readFileSync(path.join(projectRoot, "Pulumi.yaml"), "utf8")) as {
    name: string;
    options?: { refresh?: string };
    config?: Record<string, Declaration>;
};

/** The Pulumi project-config type (string, integer, boolean, array, object) a zod schema accepts. */
function pulumiType(schema: z.ZodType): { type: string; items?: string } {
    const def = (schema as any)._zod.def;
    switch (def.type) {
        case "optional":
            return pulumiType(def.innerType);
        case "string":
        case "enum":
        case "union":
            return { type: "string" };
        case "number":
            return { type: "integer" };
        case "boolean":
            return { type: "boolean" };
        case "object":
            return { type: "object" };
        case "array":
            return { type: "array", items: pulumiType(def.element).type };
        default:
            throw new Error(`no Pulumi config type for zod type ${def.type}`);
    }
}

/** Every key the program reads, with the type Pulumi.yaml must declare for it. */
function expectedDeclarations(): Map<string, { type: string; items?: string }> {
    const expected = new Map<string, { type: string; items?: string }>();
    for (const [key, schema] of Object.entries(configKeySchemas)) expected.set(`monitoring:${key}`, pulumiType(schema as z.ZodType));
    for (const key of secretKeys) expected.set(`monitoring:${key}`, { type: objectSecretKeys.includes(key) ? "object" : "string" });
    return expected;
}

const emptyValue: Record<string, unknown> = { string: "", array: [], object: {}, integer: 0 };

function snippet(key: string, type: { type: string; items?: string }): string {
    const items = type.items ? `\n    items:\n      type: ${type.items}` : "";
    const empty = JSON.stringify(type.type === "boolean" ? false : emptyValue[type.type]);
    return `  ${key}:\n    type: ${type.type}${items}\n    description: "<what it sets; its default>"\n    default: ${empty}`;
}

describe("Pulumi.yaml", () => {
    it("refreshes before every preview and up (options.refresh: always), so hand edits show as drift", () => {
        assert.equal(project.name, "monitoring");
        assert.deepEqual(project.options, { refresh: "always" });
    });

    it("declares every key the schema reads, and no other (fails naming what to add or remove)", () => {
        const expected = expectedDeclarations();
        const declared = Object.keys(project.config ?? {});
        const missing = [...expected.keys()].filter((k) => !declared.includes(k));
        const extra = declared.filter((k) => !expected.has(k));
        const problems = [
            ...missing.map((k) => `Pulumi.yaml lacks ${k}; add under config:\n${snippet(k, expected.get(k)!)}`),
            ...extra.map((k) => `Pulumi.yaml declares ${k}, which model/config/schema.ts does not read; remove it or add it to the schema`),
        ];
        assert.deepEqual(problems, [], problems.join("\n"));
    });

    it("gives each key the type its zod schema accepts, a description and a default", () => {
        const problems: string[] = [];
        for (const [key, type] of expectedDeclarations()) {
            const d = project.config?.[key];
            if (d === undefined) continue;
            if (d.type !== type.type || d.items?.type !== type.items) problems.push(`${key}: declare it as\n${snippet(key, type)}`);
            if (typeof d.description !== "string" || d.description.length < 10) problems.push(`${key}: needs a description`);
            // Pulumi stops every stack that does not set a declared key without a default ("missing configuration value").
            if (!("default" in d)) problems.push(`${key}: needs a default (its empty value), or every stack must set it`);
            // A default on a secret key is plain text, and Pulumi then refuses it as "must be encrypted".
            if (d.secret !== undefined) problems.push(`${key}: drop secret: true (its empty default would be refused as unencrypted)`);
        }
        assert.deepEqual(problems, [], problems.join("\n"));
    });

    it("uses literal empty defaults, which the program reads as unset", () => {
        const defaults = Object.fromEntries(Object.entries(project.config ?? {}).map(([k, d]) => [k, d.default]));
        assert.equal(defaults["monitoring:platform"], "");
        assert.deepEqual(defaults["monitoring:components"], []);
        assert.deepEqual(defaults["monitoring:grafanaIngress"], {});
        assert.equal(defaults["monitoring:alertmanagerReplicas"], 0);
        assert.equal(defaults["monitoring:retainDataOnDestroy"], true);
        assert.equal(defaults["monitoring:grafanaAdminPassword"], "");
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
