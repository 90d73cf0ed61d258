// monitoring:objectStorage and its secret monitoring:objectStorageCredentials: what a stack accepts, the typed value the
// consumers read, and one line per bad input. Expectations are literals.
import { strict as assert } from "assert";
import { parseStackConfig } from "../../model/config/parse";
import { signalBucket } from "../../model/config/object-storage";
import { fakeSecrets, readStackFile } from "../support/stack-files";
import { configProblems } from "../support/config-problems";

const dev = readStackFile("dev");
const prod = { ...readStackFile("prod"), ...fakeSecrets, "monitoring:allowPlaceholders": "true" };
const keys = { "monitoring:objectStorageCredentials": JSON.stringify({ accessKeyId: "AKIAFAKE", secretAccessKey: "fake/secret+key" }) };
const withStore = (raw: Record<string, string>, store: unknown, credentials: Record<string, string> = keys) => ({
    ...raw,
    "monitoring:objectStorage": JSON.stringify(store),
    ...credentials,
});
const minio = { endpoint: "http://minio.storage:9000", buckets: { metrics: "prod-metrics", logs: "prod-logs", traces: "prod-traces" } };

describe("monitoring:objectStorage: an S3-compatible store, a bucket per signal", () => {
    it("fills the region and path style, and hands each signal its bucket as S3 clients take it", () => {
        const config = parseStackConfig(withStore(prod, minio), "prod");
        assert.deepEqual(config.objectStorage, {
            endpoint: "http://minio.storage:9000",
            region: "us-east-1",
            buckets: { metrics: "prod-metrics", logs: "prod-logs", traces: "prod-traces" },
            forcePathStyle: true,
        });
        assert.deepEqual(signalBucket(config.objectStorage, "metrics"), {
            bucket: "prod-metrics",
            endpoint: "minio.storage:9000",
            insecure: true,
            region: "us-east-1",
            forcePathStyle: true,
        });
        assert.deepEqual(config.secretsSet.includes("objectStorageCredentials"), true);
    });

    it("takes AWS' virtual-hosted style on amazonaws.com unless told, and leaves a signal without a bucket on its volume", () => {
        const aws = { endpoint: "https://s3.eu-west-1.amazonaws.com", region: "eu-west-1", buckets: { metrics: "acme.metrics-2026" } };
        const config = parseStackConfig(withStore(prod, aws), "prod");
        assert.deepEqual(signalBucket(config.objectStorage, "metrics"), {
            bucket: "acme.metrics-2026",
            endpoint: "s3.eu-west-1.amazonaws.com",
            insecure: false,
            region: "eu-west-1",
            forcePathStyle: false,
        });
        assert.equal(signalBucket(config.objectStorage, "logs"), undefined);
        assert.equal(parseStackConfig(withStore(prod, { ...aws, forcePathStyle: true }), "prod").objectStorage?.forcePathStyle, true);
        assert.equal(signalBucket(parseStackConfig(prod, "prod").objectStorage, "metrics"), undefined);
    });

    it("refuses a store without its keys, one line naming the entries and their commands", () => {
        assert.deepEqual(configProblems(withStore(prod, minio, {}), "prod"), [
            "monitoring:objectStorageCredentials: required secret because objectStorage is set (accessKeyId and secretAccessKey not set); set it with: " +
                "pulumi config set --secret --path 'monitoring:objectStorageCredentials.accessKeyId' <access-key-id> and " +
                "pulumi config set --secret --path 'monitoring:objectStorageCredentials.secretAccessKey' <secret-access-key>",
        ]);
        assert.deepEqual(configProblems(withStore(prod, minio, { "monitoring:objectStorageCredentials": '{"accessKeyId":"AKIAFAKE"}' }), "prod"), [
            "monitoring:objectStorageCredentials: required secret because objectStorage is set (secretAccessKey not set); set it with: " +
                "pulumi config set --secret --path 'monitoring:objectStorageCredentials.secretAccessKey' <secret-access-key>",
        ]);
    });

    it("refuses an endpoint that is not an http(s) URL of a host, and names every bad bucket", () => {
        assert.deepEqual(configProblems(withStore(prod, { ...minio, endpoint: "s3://minio.storage:9000" }), "prod"), [
            'monitoring:objectStorage.endpoint: expected the store\'s http(s) URL such as https://s3.eu-west-1.amazonaws.com or http://minio.storage:9000 (got "s3://minio.storage:9000")',
        ]);
        assert.deepEqual(configProblems(withStore(prod, { ...minio, endpoint: "https://minio.storage:9000/prod-metrics" }), "prod"), [
            'monitoring:objectStorage.endpoint: expected the store\'s http(s) URL without a path, query or user, such as https://s3.eu-west-1.amazonaws.com (got "https://minio.storage:9000/prod-metrics")',
        ]);
        const rule =
            "expected an S3 bucket name: 3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit, such as prod-metrics";
        assert.deepEqual(configProblems(withStore(prod, { ...minio, buckets: { metrics: "Prod_Metrics", logs: "10.0.0.1", traces: "a..b" } }), "prod"), [
            `monitoring:objectStorage.buckets.metrics: ${rule} (got "Prod_Metrics")`,
            `monitoring:objectStorage.buckets.logs: ${rule} (got "10.0.0.1")`,
            `monitoring:objectStorage.buckets.traces: ${rule} (got "a..b")`,
        ]);
        assert.deepEqual(configProblems(withStore(prod, { ...minio, buckets: {} }), "prod"), [
            "monitoring:objectStorage.buckets: expected a bucket for at least one of metrics, logs, traces (got {})",
        ]);
        assert.deepEqual(configProblems(withStore(prod, { ...minio, bucket: "prod" }), "prod"), [
            "monitoring:objectStorage: unknown field bucket (did you mean buckets?); accepted: endpoint, region, buckets, forcePathStyle",
        ]);
    });

    it("refuses one bucket for two signals", () => {
        assert.deepEqual(configProblems(withStore(prod, { ...minio, buckets: { metrics: "prod-data", logs: "prod-data" } }), "prod"), [
            "monitoring:objectStorage.buckets.logs: bucket prod-data holds metrics already; each signal needs its own bucket",
        ]);
    });

    it("refuses object storage on docker: dev keeps every signal on its local volume", () => {
        assert.deepEqual(configProblems(withStore(dev, minio), "dev"), [
            "monitoring:objectStorage: object storage needs platform kubernetes; on docker every signal stays on its local volume (leave objectStorage out)",
        ]);
    });
});
