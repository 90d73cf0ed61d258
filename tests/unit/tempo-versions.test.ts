// tempo.yml per Tempo major: 2.x (the pinned 2.10.0) with ingester, compactor and the local-blocks processor, byte for
// byte as before; 3.x without the blocks Tempo 3 removed, retention on the backend worker. Tempo cannot run here, so the
// claims are literal facts from Tempo 3's configuration reference and migration guide, and a committed golden.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { tempoImageMajor } from "../../model/config/tempo-version";
import { renderTempoConfig } from "../../render/tempo/config";
import { loadRawStackConfig, projectRoot } from "../support/stack-files";
import { configProblems } from "../support/config-problems";

const withTempo = (image: string) => ({ ...loadRawStackConfig("dev"), "monitoring:images": JSON.stringify({ tempo: image }) });
const tempoYml = (image: string) => renderTempoConfig(parseStackConfig(withTempo(image), "dev"));
const golden = (file: string) => fs.readFileSync(path.join(projectRoot, "tests/golden", file), "utf8");

describe("tempo.yml per Tempo major version", () => {
    it("reads the major from the tag; a digest alone is taken as the pinned default's (2)", () => {
        assert.equal(tempoImageMajor("grafana/tempo:2.10.0"), 2);
        assert.equal(tempoImageMajor("registry.example.com:5000/grafana/tempo:v3.0.3"), 3);
        assert.equal(tempoImageMajor("grafana/tempo:3.0.3@sha256:" + "a".repeat(64)), 3);
        assert.equal(tempoImageMajor("grafana/tempo@sha256:" + "a".repeat(64)), 2);
        assert.equal(tempoImageMajor("grafana/tempo:main-1a2b3c4"), undefined);
    });

    it("2.x: the pinned 2.10.0's file, unchanged, with ingester, compactor retention and local-blocks", () => {
        const text = tempoYml("grafana/tempo:2.10.0");
        assert.equal(text, golden("dev/render/tempo/tempo.yml"));
        const doc = parse(text);
        assert.deepEqual(doc.ingester, { max_block_duration: "5m" });
        assert.deepEqual(doc.compactor, { compaction: { block_retention: "72h" } });
        assert.deepEqual(doc.overrides.defaults.metrics_generator.processors, ["service-graphs", "span-metrics", "local-blocks"]);
    });

    it("3.x: no ingester, ingester_client, compactor, metrics_generator_client or local-blocks; retention on backend_worker", () => {
        const text = tempoYml("grafana/tempo:3.0.3");
        assert.equal(text, golden("tempo-3/tempo.yml"));
        const doc = parse(text);
        for (const removed of ["ingester", "ingester_client", "compactor", "metrics_generator_client"]) assert.equal(doc[removed], undefined, removed);
        assert.deepEqual(doc.backend_worker, { compaction: { block_retention: "72h" } });
        assert.deepEqual(doc.overrides.defaults.metrics_generator.processors, ["service-graphs", "span-metrics"]);
        // traces_storage fed only the local-blocks processor; Tempo 3's strict parser has no such field.
        assert.equal(doc.metrics_generator.traces_storage, undefined);
        assert.equal(doc.storage.trace.wal.path, "/var/tempo/wal");
    });

    it("refuses a Tempo image of another major, or a tag that names none, with one line before deploy", () => {
        for (const image of ["grafana/tempo:1.5.0", "grafana/tempo:4.0.0", "grafana/tempo:main-1a2b3c4"])
            assert.deepEqual(configProblems(withTempo(image), "dev"), [
                `monitoring:images.tempo: expected a Tempo 2.x or 3.x tag (tempo.yml is written per major), such as grafana/tempo:2.10.0 or grafana/tempo:3.0.3 (got "${image}")`,
            ]);
        assert.deepEqual(configProblems({ ...withTempo("grafana/tempo:4.0.0"), "monitoring:components": '["prometheus","grafana"]' }, "dev"), []);
    });
});
