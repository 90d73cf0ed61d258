// Both stacks' loki.yml against SchemaStore's Loki configuration schema (@schemastore/loki's types, compiled for ajv by
// the TypeScript compiler: seconds, hence this tier). No Loki can be built here (AGPL), so this is the file's structural check.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { renderLokiConfig } from "../../render/loki/config";
import { describeErrors, lokiConfigValidator } from "../support/schemastore-loki";
import { loadStackConfig, projectRoot, stackNames } from "../support/stack-files";

describe("loki.yml against SchemaStore's Loki configuration schema", function () {
    this.timeout(60_000);

    for (const stack of stackNames()) {
        it(`accepts the ${stack} stack's file`, () => {
            const validate = lokiConfigValidator();
            assert.ok(validate(parse(renderLokiConfig(loadStackConfig(stack)))), describeErrors(validate));
        });
    }

    for (const file of ["loki.yml", "loki-moving.yml"]) {
        it(`accepts the object-storage file tests/golden/object-storage/${file}`, () => {
            const validate = lokiConfigValidator();
            const text = fs.readFileSync(path.join(projectRoot, "tests/golden/object-storage", file), "utf8");
            assert.ok(validate(parse(text)), describeErrors(validate));
        });
    }

    it("refuses a misspelt top-level key and a wrongly typed value", () => {
        const validate = lokiConfigValidator();
        const loki = parse(renderLokiConfig(loadStackConfig("dev")));
        assert.equal(validate({ ...loki, limits_configs: {} }), false);
        assert.match(describeErrors(validate), /limits_configs/);
        assert.equal(validate({ ...loki, server: { ...loki.server, http_listen_port: "3100" } }), false);
        assert.match(describeErrors(validate), /http_listen_port/);
    });
});
