// loki.yml held to the facts below; its check against SchemaStore's schema builds a validator with the TypeScript
// compiler (seconds), so it runs in the live tier: tests/tools/loki-schema.test.ts.
import { strict as assert } from "assert";
import { parse } from "yaml";
import { durationSeconds } from "../../model/config/durations";
import { renderLokiConfig } from "../../render/loki/config";
import { loadStackConfig, stackNames } from "../support/stack-files";

describe("loki.yml", () => {
    for (const stack of stackNames()) {
        describe(`of the ${stack} stack`, () => {
            const config = loadStackConfig(stack);
            const loki = parse(renderLokiConfig(config));

            it("uses the current index: tsdb with schema v13, a 24h period, on filesystem storage", () => {
                assert.deepEqual(loki.schema_config.configs, [
                    { from: "2024-01-01", store: "tsdb", object_store: "filesystem", schema: "v13", index: { prefix: "index_", period: "24h" } },
                ]);
                assert.equal(loki.storage_config.boltdb_shipper, undefined);
            });

            it("keeps chunks, index and compactor state on the data volume", () => {
                const paths = [
                    loki.common.path_prefix,
                    loki.common.storage.filesystem.chunks_directory,
                    loki.common.storage.filesystem.rules_directory,
                    loki.storage_config.tsdb_shipper.active_index_directory,
                    loki.storage_config.tsdb_shipper.cache_location,
                    loki.compactor.working_directory,
                ];
                for (const p of paths) assert.match(p, /^\/loki(\/|$)/, p);
            });

            it("deletes data after the configured retention: the compactor enforces retention_period", () => {
                assert.equal(loki.compactor.retention_enabled, true);
                assert.equal(loki.compactor.delete_request_store, "filesystem");
                assert.equal(loki.limits_config.retention_period, config.lokiRetention);
                assert.equal(durationSeconds(loki.limits_config.retention_period) % 86400, 0);
            });

            it("listens on the configured port and sends ruler alerts to the stack's Alertmanager", () => {
                assert.equal(loki.server.http_listen_port, config.ports.loki);
                assert.equal(loki.ruler.alertmanager_url, `http://alertmanager:${config.ports.alertmanager}`);
                assert.equal(loki.auth_enabled, false);
            });
        });
    }
});
