// Thanos (pure): the metrics bucket's object store file and the sidecar, Query, Store Gateway and Compactor command lines; the store's keys are arguments.
import { thanosPorts } from "../../model/config/catalog";
import { ObjectStorageKeys, SignalBucket } from "../../model/config/object-storage";
import { ConfigSlice } from "../../model/config/types";
import { replicaHosts } from "../../model/endpoints";
import { renderYaml } from "../format/yaml";
import { prometheusPaths, replicaLabel } from "../prometheus/config";

export const thanosPaths = {
    /** The object store file (bucket, endpoint and keys): a secret file in every part's pod. */
    objstoreFile: "/etc/thanos/objstore.yml",
    /** Scratch space of the Store Gateway (index headers) and the Compactor (blocks being compacted). */
    dataDir: "/data",
} as const;

const listen = [`--grpc-address=:${thanosPorts.thanosGrpc}`, `--http-address=:${thanosPorts.thanosHttp}`];
const objstore = `--objstore.config-file=${thanosPaths.objstoreFile}`;

/** Thanos' S3 client config for one bucket; `keys` are the secret's two entries. */
export function renderThanosObjstore(bucket: SignalBucket, keys: ObjectStorageKeys): string {
    return renderYaml({
        type: "S3",
        config: {
            bucket: bucket.bucket,
            endpoint: bucket.endpoint,
            region: bucket.region,
            insecure: bucket.insecure,
            access_key: keys.accessKeyId,
            secret_key: keys.secretAccessKey,
            bucket_lookup_type: bucket.forcePathStyle ? "path" : "virtual-hosted",
        },
    });
}

/** The sidecar in each Prometheus pod: serves its replica's recent samples to Query and uploads every finished 2h block. */
export function thanosSidecarArgs(config: ConfigSlice<"ports">): string[] {
    return ["sidecar", `--tsdb.path=${prometheusPaths.dataDir}`, `--prometheus.url=http://127.0.0.1:${config.ports.prometheus}`, objstore, ...listen];
}

/** Query over every sidecar and the Store Gateway, merging the replicas' series on the replica label. */
export function thanosQueryArgs(config: ConfigSlice<"prometheusReplicas">): string[] {
    return [
        "query",
        ...listen,
        `--query.replica-label=${replicaLabel}`,
        // Long ranges read the 5m and 1h downsampled blocks the Compactor writes.
        "--query.auto-downsampling",
        ...[...replicaHosts("prometheus", config.prometheusReplicas), "thanos-store"].map((host) => `--endpoint=${host}:${thanosPorts.thanosGrpc}`),
    ];
}

/** The Store Gateway: serves the blocks in the bucket. */
export const thanosStoreArgs = (): string[] => ["store", `--data-dir=${thanosPaths.dataDir}`, objstore, ...listen];

/** The one Compactor: compacts, downsamples and deletes past each resolution's retention; `--wait` keeps it running. */
export function thanosCompactorArgs(config: ConfigSlice<"thanos">): string[] {
    const { raw, fiveMinutes, oneHour } = config.thanos.retention;
    return [
        "compact",
        "--wait",
        `--data-dir=${thanosPaths.dataDir}`,
        objstore,
        `--http-address=:${thanosPorts.thanosHttp}`,
        `--retention.resolution-raw=${raw}`,
        `--retention.resolution-5m=${fiveMinutes}`,
        `--retention.resolution-1h=${oneHour}`,
    ];
}
