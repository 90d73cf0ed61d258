// monitoring:objectStorage: the checks across it, the platform and its secret; and one signal's bucket as S3 clients
// (Thanos, Loki, Tempo) take it. The keys themselves travel only as the Pulumi secret monitoring:objectStorageCredentials.
import { ObjectStorage, ObjectStorageSignal, objectStorageSignals, SecretKey } from "./schema";

/** The entries of monitoring:objectStorageCredentials and what each holds, as the command that sets it shows it. */
const objectStorageCredentialEntries = { accessKeyId: "<access-key-id>", secretAccessKey: "<secret-access-key>" } as const;
type ObjectStorageCredentialEntry = keyof typeof objectStorageCredentialEntries;

/** One signal's bucket and how to reach the store: `endpoint` is host[:port], `insecure` when the URL is plain http. */
export interface SignalBucket {
    readonly bucket: string;
    readonly endpoint: string;
    readonly insecure: boolean;
    readonly region: string;
    readonly forcePathStyle: boolean;
}

/** The bucket of `signal`, or undefined when the stack keeps that signal on its volume. */
export function signalBucket(store: ObjectStorage | undefined, signal: ObjectStorageSignal): SignalBucket | undefined {
    const bucket = store?.buckets[signal];
    if (store === undefined || bucket === undefined) return undefined;
    const url = new URL(store.endpoint);
    return { bucket, endpoint: url.host, insecure: url.protocol === "http:", region: store.region, forcePathStyle: store.forcePathStyle };
}

/** The store's keys as S3 clients take them: the deploy passes the secret; `npm run render` shows these placeholders. */
export interface ObjectStorageKeys {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
}
export const objectStorageKeyPlaceholders: ObjectStorageKeys = {
    accessKeyId: "<objectStorageCredentials.accessKeyId>",
    secretAccessKey: "<objectStorageCredentials.secretAccessKey>",
};

type Say = (key: string, text: string, path?: PropertyKey[]) => void;

/**
 * `allowed`: whether the platform keeps data in an object store (undefined when the platform itself was refused);
 * `hasEntry`: whether monitoring:objectStorageCredentials holds an entry.
 */
export function objectStorageProblems(
    store: ObjectStorage | undefined,
    allowed: boolean | undefined,
    hasEntry: (key: SecretKey, entry: string) => boolean,
    setSecretCommand: (key: SecretKey, entry: string, placeholder: string) => string,
    say: Say,
): void {
    if (store === undefined) return;
    if (allowed === false)
        say("objectStorage", "object storage needs platform kubernetes; on docker every signal stays on its local volume (leave objectStorage out)");
    const missing = (Object.keys(objectStorageCredentialEntries) as ObjectStorageCredentialEntry[]).filter((e) => !hasEntry("objectStorageCredentials", e));
    if (missing.length > 0)
        say(
            "objectStorageCredentials",
            `required secret because objectStorage is set (${missing.join(" and ")} not set); set it with: ${missing
                .map((e) => setSecretCommand("objectStorageCredentials", e, objectStorageCredentialEntries[e]))
                .join(" and ")}`,
        );
    const owners = new Map<string, ObjectStorageSignal>();
    for (const signal of objectStorageSignals) {
        const bucket = store.buckets[signal];
        if (bucket === undefined) continue;
        const owner = owners.get(bucket);
        // Thanos' compactor and Loki's and Tempo's own compactors each take a bucket as theirs.
        if (owner !== undefined) say("objectStorage", `bucket ${bucket} holds ${owner} already; each signal needs its own bucket`, ["buckets", signal]);
        owners.set(bucket, owner ?? signal);
    }
}
