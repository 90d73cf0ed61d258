// loki.yml: Loki in one binary, current schema (tsdb, v13), retention that deletes. One replica on its data volume; with objectStorage's logs bucket, three
// gossiping their ring (memberlist), chunks and index in the bucket, only the write-ahead log and caches on their volumes.
import { ObjectStorageKeys, objectStorageKeyPlaceholders, signalBucket } from "../../model/config/object-storage";
import { ConfigSlice } from "../../model/config/types";
import { deploys, internalUrl, replicaHosts } from "../../model/endpoints";
import { renderYaml } from "../format/yaml";

export const lokiPaths = { configFile: "/etc/loki/loki.yml", dataDir: "/loki" } as const;
export const lokiMemberlistPort = 7946;

export type LokiConfig = ConfigSlice<"ports" | "lokiRetention" | "components" | "objectStorage" | "lokiObjectStorageFrom">;

/** Three replicas on a bucket; one while older logs are still on its volume (lokiObjectStorageFrom), or without a bucket. */
export const lokiReplicas = (config: LokiConfig): number => (signalBucket(config.objectStorage, "logs") && !config.lokiObjectStorageFrom ? 3 : 1);

const period = (from: string, objectStore: "filesystem" | "s3") => ({
    from,
    store: "tsdb",
    object_store: objectStore,
    schema: "v13",
    index: { prefix: "index_", period: "24h" },
});

export function renderLokiConfig(config: LokiConfig, keys: ObjectStorageKeys = objectStorageKeyPlaceholders): string {
    const data = lokiPaths.dataDir;
    const bucket = signalBucket(config.objectStorage, "logs");
    const replicas = lokiReplicas(config);
    const s3 = bucket && {
        endpoint: bucket.endpoint,
        region: bucket.region,
        bucketnames: bucket.bucket,
        access_key_id: keys.accessKeyId,
        secret_access_key: keys.secretAccessKey,
        s3forcepathstyle: bucket.forcePathStyle,
        insecure: bucket.insecure,
    };
    const filesystem = { chunks_directory: `${data}/chunks`, rules_directory: `${data}/rules` };
    // A stack that moves keeps its volume's period before the bucket's, so the older logs stay readable until retention ends them.
    const from = s3 ? config.lokiObjectStorageFrom : undefined;
    const periods = [period("2024-01-01", s3 && !from ? "s3" : "filesystem"), ...(from ? [period(from, "s3")] : [])];
    return renderYaml({
        auth_enabled: false,
        server: { http_listen_port: config.ports.loki, grpc_listen_port: 9096, log_level: "info" },
        common: {
            // Several replicas find their own pod address (eth0); one keeps to loopback.
            ...(replicas > 1 ? {} : { instance_addr: "127.0.0.1" }),
            path_prefix: data,
            replication_factor: replicas,
            ring: { kvstore: { store: replicas > 1 ? "memberlist" : "inmemory" } },
            storage: s3 && !from ? { s3 } : { filesystem },
        },
        ...(replicas > 1
            ? { memberlist: { bind_port: lokiMemberlistPort, join_members: replicaHosts("loki", replicas).map((host) => `${host}:${lokiMemberlistPort}`) } }
            : {}),
        schema_config: { configs: periods },
        storage_config: {
            tsdb_shipper: { active_index_directory: `${data}/tsdb-index`, cache_location: `${data}/tsdb-cache` },
            ...(s3 && from ? { aws: s3 } : {}),
        },
        // Without the compactor's retention, limits_config.retention_period deletes nothing.
        compactor: {
            working_directory: `${data}/compactor`,
            compaction_interval: "10m",
            retention_enabled: true,
            retention_delete_delay: "2h",
            delete_request_store: s3 ? "s3" : "filesystem",
        },
        limits_config: {
            retention_period: config.lokiRetention,
            allow_structured_metadata: true,
            volume_enabled: true,
        },
        ...(deploys(config, "alertmanager") ? { ruler: { alertmanager_url: internalUrl("alertmanager", config.ports.alertmanager), enable_api: true } } : {}),
        analytics: { reporting_enabled: false },
    });
}
