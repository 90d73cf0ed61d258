// Preflight of monitoring:objectStorage: one ListObjectsV2 (max-keys=1) per bucket with the stack's own keys, signed with AWS Signature
// Version 4 by Node's crypto (no SDK), says whether the store answers, the bucket exists and the keys may list it.
import * as crypto from "crypto";
import * as http from "http";
import * as https from "https";
import { urlToHttpOptions } from "url";
import { parsedJson } from "../model/common/parsed-json";
import { signalBucket, SignalBucket } from "../model/config/object-storage";
import { objectStorageSignals } from "../model/config/schema";
import { StackConfig } from "../model/config/types";
import { CheckResult, fail, ok, warn } from "./checks";
import { getAnswer, HttpAnswer, runPulumi, timeoutMs } from "./probes";

export type S3Keys = { readonly accessKeyId: string; readonly secretAccessKey: string };
export interface S3Request {
    readonly method: string;
    readonly host: string;
    readonly path: string;
    readonly query: Readonly<Record<string, string>>;
    /** Headers signed besides host, x-amz-content-sha256 and x-amz-date (lowercase names). */
    readonly headers?: Readonly<Record<string, string>>;
}

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");
const hmac = (key: crypto.BinaryLike, text: string) => crypto.createHmac("sha256", key).update(text).digest();
/** RFC 3986 encoding as Signature Version 4 wants it: everything but unreserved characters. */
const encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The headers of a signed request with an empty body: host, x-amz-content-sha256, x-amz-date and Authorization. */
export function signS3Request(request: S3Request, keys: S3Keys, region: string, now: Date): Record<string, string> {
    const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, "");
    const day = amzDate.slice(0, 8);
    const headers: Record<string, string> = { ...request.headers, host: request.host, "x-amz-content-sha256": sha256(""), "x-amz-date": amzDate };
    const names = Object.keys(headers).sort();
    const query = Object.keys(request.query)
        .sort()
        .map((k) => `${encode(k)}=${encode(request.query[k])}`)
        .join("&");
    const canonical = [
        request.method,
        request.path.split("/").map(encode).join("/"),
        query,
        names.map((n) => `${n}:${headers[n].trim()}\n`).join(""),
        names.join(";"),
        headers["x-amz-content-sha256"],
    ].join("\n");
    const scope = `${day}/${region}/s3/aws4_request`;
    const key = ["s3", "aws4_request"].reduce((k, part) => hmac(k, part), hmac(hmac(`AWS4${keys.secretAccessKey}`, day), region));
    const signature = hmac(key, ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n")).toString("hex");
    return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${keys.accessKeyId}/${scope},SignedHeaders=${names.join(";")},Signature=${signature}` };
}

export function probeBucket(bucket: SignalBucket, keys: S3Keys): Promise<HttpAnswer> {
    const host = bucket.forcePathStyle ? bucket.endpoint : `${bucket.bucket}.${bucket.endpoint}`;
    const request = { method: "GET", host, path: bucket.forcePathStyle ? `/${bucket.bucket}` : "/", query: { "list-type": "2", "max-keys": "1" } };
    const headers = signS3Request(request, keys, bucket.region, new Date());
    const url = new URL(`${bucket.insecure ? "http" : "https"}://${host}${request.path}?${new URLSearchParams(request.query)}`);
    return getAnswer(bucket.insecure ? http : https, { ...urlToHttpOptions(url), headers, timeout: timeoutMs });
}

export function checkBucket(signal: string, bucket: SignalBucket, answer: HttpAnswer): CheckResult {
    const where = `bucket ${bucket.bucket} (${signal}) at ${bucket.insecure ? "http" : "https"}://${bucket.endpoint}`;
    if (!answer.ok) return fail(`${where}: the store does not answer (${answer.error}); check monitoring:objectStorage.endpoint`);
    if (answer.status === 200) return ok(`${where}: the store answers and the keys may list the bucket`);
    const code = /<Code>([^<]+)<\/Code>/.exec(answer.body)?.[1] ?? "no error code";
    const fix =
        answer.status === 404
            ? "create the bucket, or correct monitoring:objectStorage.buckets"
            : answer.status === 403
              ? "check monitoring:objectStorageCredentials (accessKeyId, secretAccessKey) and the key's permission to list the bucket"
              : answer.status === 301 || code === "AuthorizationHeaderMalformed"
                ? "check monitoring:objectStorage.region"
                : "check monitoring:objectStorage";
    return fail(`${where}: the store answered ${answer.status} (${code}); ${fix}`);
}

/** The stack's keys through the Pulumi CLI (`pulumi config get`, decrypted with the stack's secrets provider). */
export async function readObjectStorageKeys(stack: string, cwd: string, env: NodeJS.ProcessEnv): Promise<S3Keys | string> {
    const got = await runPulumi(["config", "get", "monitoring:objectStorageCredentials", "--stack", stack], env, cwd);
    // Node's message for a missing program (the Pulumi CLI check says so on its own line).
    if (!got.found) return "pulumi config get failed: spawn pulumi ENOENT";
    if (got.exitCode !== 0) return `pulumi config get failed: ${got.stderr.trim().split("\n")[0]}`;
    const keys = parsedJson(got.stdout) as Partial<S3Keys> | null | undefined;
    if (keys === undefined || keys === null) return "monitoring:objectStorageCredentials is not an object of accessKeyId and secretAccessKey";
    return { accessKeyId: keys.accessKeyId ?? "", secretAccessKey: keys.secretAccessKey ?? "" };
}

/** Every bucket of the stack, checked with its keys; a warning when the keys cannot be read (nothing else is checked then). */
export async function checkObjectStorage(config: StackConfig, keys: S3Keys | string): Promise<CheckResult[]> {
    const buckets = objectStorageSignals.flatMap((s) => {
        const b = signalBucket(config.objectStorage, s);
        return b ? [[s, b] as const] : [];
    });
    if (buckets.length === 0) return [];
    if (typeof keys === "string") return [warn(`object storage not checked: ${keys}`)];
    return Promise.all(buckets.map(async ([signal, bucket]) => checkBucket(signal, bucket, await probeBucket(bucket, keys))));
}
