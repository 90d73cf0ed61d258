// Loki and Tempo on monitoring:objectStorage: loki.yml and tempo.yml against committed goldens, Loki's three replicas
// gossiping their ring, the stack moving from its volume with a second schema period, and the store's keys only in
// Secrets. Loki and Tempo cannot be built here (AGPL): the files are checked by shape (SchemaStore for Loki, in the tools
// tier), not by the programs.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { renderLokiConfig } from "../../render/loki/config";
import { renderTempoConfig } from "../../render/tempo/config";
import { runWithMocks } from "../support/mock-run";
import { projectRoot } from "../support/stack-files";
import { configProblems } from "../support/config-problems";
import { manifestNamed, prodRaw, statefulSet } from "../support/prod-run";
import { fakeSecrets } from "../support/stack-files";

const store = { endpoint: "http://minio.storage:9000", buckets: { metrics: "prod-metrics", logs: "prod-logs", traces: "prod-traces" } };
const keys = { accessKeyId: "AKIAFAKE", secretAccessKey: "fake/secret+key" };
const withStore = (extra: Record<string, string> = {}) => ({
    ...prodRaw(),
    "monitoring:objectStorage": JSON.stringify(store),
    "monitoring:objectStorageCredentials": JSON.stringify(keys),
    ...extra,
});
const golden = (file: string) => fs.readFileSync(path.join(projectRoot, "tests/golden/object-storage", file), "utf8");
const update = (file: string, text: string) => process.env.UPDATE_GOLDEN && fs.writeFileSync(path.join(projectRoot, "tests/golden/object-storage", file), text);
const secrets = [...Object.keys(fakeSecrets), "monitoring:objectStorageCredentials"];

describe("Loki and Tempo on object storage (monitoring:objectStorage)", () => {
    it("loki.yml: three replicas on the logs bucket, ring over memberlist between their stable names, keys as placeholders in the render", () => {
        const text = renderLokiConfig(parseStackConfig(withStore(), "prod"));
        update("loki.yml", text);
        assert.equal(text, golden("loki.yml"));
        const loki = parse(text);
        assert.equal(loki.common.replication_factor, 3);
        assert.equal(loki.common.instance_addr, undefined);
        assert.deepEqual(loki.common.ring, { kvstore: { store: "memberlist" } });
        assert.deepEqual(loki.memberlist, {
            bind_port: 7946,
            join_members: ["loki-0.loki-headless:7946", "loki-1.loki-headless:7946", "loki-2.loki-headless:7946"],
        });
        assert.deepEqual(loki.common.storage, {
            s3: {
                endpoint: "minio.storage:9000",
                region: "us-east-1",
                bucketnames: "prod-logs",
                access_key_id: "<objectStorageCredentials.accessKeyId>",
                secret_access_key: "<objectStorageCredentials.secretAccessKey>",
                s3forcepathstyle: true,
                insecure: true,
            },
        });
        assert.deepEqual(
            loki.schema_config.configs.map((p: { from: string; object_store: string }) => [p.from, p.object_store]),
            [["2024-01-01", "s3"]],
        );
        assert.equal(loki.compactor.delete_request_store, "s3");
    });

    it("loki.yml moving from the volume: the volume's period first, the bucket's from lokiObjectStorageFrom, one replica", () => {
        const text = renderLokiConfig(parseStackConfig(withStore({ "monitoring:lokiObjectStorageFrom": "2027-01-15" }), "prod"));
        update("loki-moving.yml", text);
        assert.equal(text, golden("loki-moving.yml"));
        const loki = parse(text);
        assert.deepEqual(
            loki.schema_config.configs.map((p: { from: string; object_store: string }) => [p.from, p.object_store]),
            [
                ["2024-01-01", "filesystem"],
                ["2027-01-15", "s3"],
            ],
        );
        assert.equal(loki.common.replication_factor, 1);
        assert.deepEqual(loki.common.storage, { filesystem: { chunks_directory: "/loki/chunks", rules_directory: "/loki/rules" } });
        assert.equal(loki.storage_config.aws.bucketnames, "prod-logs");
        assert.equal(loki.memberlist, undefined);
    });

    it("tempo.yml: blocks in the traces bucket, the write-ahead log on the volume", () => {
        const text = renderTempoConfig(parseStackConfig(withStore(), "prod"));
        update("tempo.yml", text);
        assert.equal(text, golden("tempo.yml"));
        assert.deepEqual(parse(text).storage.trace, {
            backend: "s3",
            wal: { path: "/var/tempo/wal" },
            s3: {
                bucket: "prod-traces",
                endpoint: "minio.storage:9000",
                region: "us-east-1",
                access_key: "<objectStorageCredentials.accessKeyId>",
                secret_key: "<objectStorageCredentials.secretAccessKey>",
                forcepathstyle: true,
                insecure: true,
            },
        });
    });

    it("deploys three Loki replicas with the memberlist port, and both files with the keys in Secrets only", async () => {
        const run = await runWithMocks("prod", withStore(), secrets);
        assert.ifError(run.error);
        const loki = statefulSet(run, "loki");
        assert.equal(loki.spec.replicas, 3);
        assert.ok(
            loki.spec.template.spec.containers[0].ports.some((p: { containerPort: number }) => p.containerPort === 7946),
            "memberlist port on the pod",
        );
        for (const component of ["loki", "tempo"]) {
            const secret = manifestNamed(run, "kubernetes:core/v1:Secret", `${component}-secrets`);
            const file = Object.values(secret.stringData as Record<string, string>).join("\n");
            assert.match(file, /fake\/secret\+key/, `${component}'s keys in its Secret`);
        }
        const configMaps = run.resources.filter((r) => r.type === "kubernetes:core/v1:ConfigMap");
        assert.doesNotMatch(JSON.stringify(configMaps.map((r) => r.inputs)), /fake\/secret\+key|AKIAFAKE/);
        assert.equal(statefulSet(run, "tempo").spec.replicas, 1);
    });

    it("takes the day written unquoted in a stack file, as the Pulumi CLI hands it over (found by npm run e2e)", () => {
        const config = parseStackConfig(withStore({ "monitoring:lokiObjectStorageFrom": "2027-01-15 00:00:00 +0000 UTC" }), "prod");
        assert.equal(config.lokiObjectStorageFrom, "2027-01-15");
    });

    it("the outgrow-one-node how-to's logs and traces example is what the parser accepts once the keys are set", () => {
        const doc = fs.readFileSync(path.join(projectRoot, "docs/how-to/outgrow-one-node.md"), "utf8");
        const example = parse([...doc.matchAll(/```yaml\n([\s\S]*?)```/g)][1][1]).config as Record<string, unknown>;
        const raw = { ...withStore(), ...Object.fromEntries(Object.entries(example).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])) };
        const config = parseStackConfig(raw, "prod");
        assert.deepEqual(
            [config.objectStorage?.buckets, config.lokiObjectStorageFrom],
            [{ metrics: "provisioning-prod-metrics", logs: "provisioning-prod-logs", traces: "provisioning-prod-traces" }, "2027-01-15"],
        );
    });

    it("refuses lokiObjectStorageFrom without a logs bucket, and a day that is not YYYY-MM-DD", () => {
        const metricsOnly = JSON.stringify({ endpoint: "http://minio.storage:9000", buckets: { metrics: "prod-metrics" } });
        assert.deepEqual(configProblems(withStore({ "monitoring:objectStorage": metricsOnly, "monitoring:lokiObjectStorageFrom": "2027-01-15" }), "prod"), [
            "monitoring:lokiObjectStorageFrom: needs objectStorage with a logs bucket: it is the day Loki moves to that bucket (leave it out otherwise)",
        ]);
        assert.deepEqual(configProblems(withStore({ "monitoring:lokiObjectStorageFrom": "15/01/2027" }), "prod"), [
            'monitoring:lokiObjectStorageFrom: expected a day such as 2027-01-15 (UTC, YYYY-MM-DD) (got "15/01/2027")',
        ]);
    });
});
