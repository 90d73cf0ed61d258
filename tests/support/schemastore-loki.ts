// SchemaStore's Loki configuration schema (published as TypeScript types in @schemastore/loki), compiled for ajv.
import Ajv, { ValidateFunction } from "ajv";
import * as path from "path";
import { createGenerator } from "ts-json-schema-generator";

let compiled: ValidateFunction | undefined;

/** A validator for a parsed loki.yml, built once per process from the package's `Loki` type. */
export function lokiConfigValidator(): ValidateFunction {
    if (!compiled) {
        const typesFile = path.join(path.dirname(require.resolve("@schemastore/loki/package.json")), "index.d.ts");
        const schema = createGenerator({
            path: typesFile,
            type: "Loki",
            skipTypeCheck: true,
            // Object types without an index signature reject unknown keys, as the schema intends.
            additionalProperties: false,
            expose: "none",
            topRef: false,
            jsDoc: "none",
        }).createSchema("Loki");
        compiled = new Ajv({ allErrors: true, strict: false }).compile(schema);
    }
    return compiled;
}

/** ajv's errors as readable lines. */
export function describeErrors(validate: ValidateFunction): string {
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`).join("\n");
}
