// The preflight of monitoring:objectStorage: Signature Version 4 checked against the two GET examples of Amazon S3's
// documentation ("Examples: Signature Calculations", its example keys), and one literal line per bucket answer.
import { strict as assert } from "assert";
import { checkBucket, signS3Request } from "../../deploy/object-store";

const exampleKeys = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
const at = new Date("2013-05-24T00:00:00Z");
const bucket = { bucket: "prod-metrics", endpoint: "minio.storage:9000", insecure: true, region: "us-east-1", forcePathStyle: true };

describe("deploy: object storage preflight", () => {
    it("signs as S3's documented examples: GET Object with a Range header, and a bucket listing", () => {
        const object = signS3Request(
            { method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/test.txt", query: {}, headers: { range: "bytes=0-9" } },
            exampleKeys,
            "us-east-1",
            at,
        );
        assert.equal(
            object.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date," +
                "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
        );
        const list = signS3Request(
            { method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/", query: { "max-keys": "2", prefix: "J" } },
            exampleKeys,
            "us-east-1",
            at,
        );
        assert.equal(
            list.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date," +
                "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
        );
        assert.equal(list["x-amz-date"], "20130524T000000Z");
    });

    it("says one line per bucket: answered, missing, keys refused, wrong region, unreachable", () => {
        const error = (code: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>m</Message></Error>`;
        assert.deepEqual(
            [
                checkBucket("metrics", bucket, { ok: true, status: 200, body: "<ListBucketResult/>" }),
                checkBucket("metrics", bucket, { ok: true, status: 404, body: error("NoSuchBucket") }),
                checkBucket("metrics", bucket, { ok: true, status: 403, body: error("SignatureDoesNotMatch") }),
                checkBucket("metrics", { ...bucket, insecure: false }, { ok: true, status: 400, body: error("AuthorizationHeaderMalformed") }),
                checkBucket("metrics", bucket, { ok: false, error: "connect ECONNREFUSED 127.0.0.1:9000" }),
            ],
            [
                { status: "ok", message: "bucket prod-metrics (metrics) at http://minio.storage:9000: the store answers and the keys may list the bucket" },
                {
                    status: "fail",
                    message:
                        "bucket prod-metrics (metrics) at http://minio.storage:9000: the store answered 404 (NoSuchBucket); create the bucket, or correct monitoring:objectStorage.buckets",
                },
                {
                    status: "fail",
                    message:
                        "bucket prod-metrics (metrics) at http://minio.storage:9000: the store answered 403 (SignatureDoesNotMatch); check monitoring:objectStorageCredentials (accessKeyId, secretAccessKey) and the key's permission to list the bucket",
                },
                {
                    status: "fail",
                    message:
                        "bucket prod-metrics (metrics) at https://minio.storage:9000: the store answered 400 (AuthorizationHeaderMalformed); check monitoring:objectStorage.region",
                },
                {
                    status: "fail",
                    message:
                        "bucket prod-metrics (metrics) at http://minio.storage:9000: the store does not answer (connect ECONNREFUSED 127.0.0.1:9000); check monitoring:objectStorage.endpoint",
                },
            ],
        );
    });
});
