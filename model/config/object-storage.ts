// monitoring:objectStorage: its cross-key checks, and one signal's bucket as S3 clients (Thanos, Loki, Tempo) take it; the keys travel only as a Pulumi secret.
import { HasEntry, Say, setSecretCommand } from "./messages";
import { ObjectStorage, ObjectStorageSignal, objectStorageSignals } from "./schema";
import { ConfigSlice } from "./types";

/** The entries of monitoring:objectStorageCredentials and what each holds, as the command that sets it shows it. */
const objectStorageCredentialEntries = { accessKeyId: "<access-key-id>", secretAccessKey: "<secret-access-key>" } as const;

/** One signal's bucket and store (`endpoint`: host[:port], `insecure`: plain http), or undefined when the signal stays on its volume. */
export function signalBucket(store: ObjectStorage | undefined, signal: ObjectStorageSignal) {
    const bucket = store?.buckets[signal];
    if (store === undefined || bucket === undefined) return undefined;
    const url = new URL(store.endpoint);
    return { bucket, endpoint: url.host, insecure: url.protocol === "http:", region: store.region, forcePathStyle: store.forcePathStyle };
}
export type SignalBucket = NonNullable<ReturnType<typeof signalBucket>>;

/** The store's keys as S3 clients take them: the deploy passes the secret; `npm run render` shows these placeholders. */
export type ObjectStorageKeys = Readonly<Record<keyof typeof objectStorageCredentialEntries, string>>;
export const objectStorageKeyPlaceholders: ObjectStorageKeys = {
    accessKeyId: "<objectStorageCredentials.accessKeyId>",
    secretAccessKey: "<objectStorageCredentials.secretAccessKey>",
};

/** `allowed`: whether the platform keeps data in an object store (undefined when the platform was refused); `hasEntry`: of objectStorageCredentials. */
export function objectStorageProblems(store: ObjectStorage | undefined, allowed: boolean | undefined, hasEntry: HasEntry, say: Say): void {
    if (store === undefined) return;
    if (allowed === false)
        say("objectStorage", "object storage needs platform kubernetes; on docker every signal stays on its local volume (leave objectStorage out)");
    const missing = (Object.keys(objectStorageCredentialEntries) as (keyof ObjectStorageKeys)[]).filter((e) => !hasEntry("objectStorageCredentials", e));
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

/** monitoring:thanos across keys: it ships to the metrics bucket from the Prometheus replicas of a cluster. */
export function thanosProblems(c: ConfigSlice<"thanos" | "objectStorage" | "components">, allowed: boolean | undefined, checkStore: boolean, say: Say): void {
    if (!c.thanos.enabled) return;
    if (allowed === false) say("thanos", "Thanos needs platform kubernetes; on docker Prometheus keeps its samples on its own volume (leave thanos out)");
    if (!c.components.includes("prometheus")) say("thanos", "Thanos ships Prometheus' blocks; add prometheus to monitoring:components");
    if (allowed !== false && checkStore && c.objectStorage?.buckets.metrics === undefined)
        say(
            "thanos",
            `Thanos needs object storage: set monitoring:objectStorage with buckets.metrics (${c.objectStorage === undefined ? "objectStorage not set" : "no metrics bucket"})`,
        );
}
