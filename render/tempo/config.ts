// tempo.yml: OTLP receivers, local blocks with the WAL on the data volume, a metrics generator; for the image's major version (2.x ingester, 3.x live-store).
import { durationInHours } from "../../model/config/durations";
import { ObjectStorageKeys, objectStorageKeyPlaceholders, signalBucket } from "../../model/config/object-storage";
import { tempoMajor } from "../../model/config/tempo-version";
import { ConfigSlice } from "../../model/config/types";
import { deploys, replicaHosts } from "../../model/endpoints";
import { renderYaml } from "../format/yaml";

export const tempoPaths = { configFile: "/etc/tempo/tempo.yml", dataDir: "/var/tempo" } as const;

export type TempoConfig = ConfigSlice<"ports" | "tempoRetention" | "components" | "cluster" | "prometheusReplicas" | "images" | "objectStorage">;

/** `keys`: the store's, when objectStorage has a traces bucket (`npm run render` shows placeholders). */
export function renderTempoConfig(config: TempoConfig, keys: ObjectStorageKeys = objectStorageKeyPlaceholders): string {
    const data = tempoPaths.dataDir;
    const bucket = signalBucket(config.objectStorage, "traces");
    const withGenerator = deploys(config, "prometheus");
    const blockRetention = durationInHours(config.tempoRetention);
    // Tempo 3 replaced the ingester, compactor (by live-store, backend scheduler and worker, under /var/tempo) and local-blocks; it refuses the old blocks.
    const v2 = tempoMajor(config.images.tempo) === 2;
    return renderYaml({
        stream_over_http_enabled: true,
        server: { http_listen_port: config.ports.tempo, grpc_listen_port: 9095, log_level: "info" },
        distributor: {
            receivers: {
                otlp: {
                    protocols: {
                        grpc: { endpoint: `0.0.0.0:${config.ports.tempoOtlpGrpc}` },
                        http: { endpoint: `0.0.0.0:${config.ports.tempoOtlpHttp}` },
                    },
                },
            },
        },
        ...(v2
            ? { ingester: { max_block_duration: "5m" }, compactor: { compaction: { block_retention: blockRetention } } }
            : { backend_worker: { compaction: { block_retention: blockRetention } } }),
        ...(withGenerator
            ? {
                  metrics_generator: {
                      registry: { external_labels: { source: "tempo", cluster: config.cluster } },
                      storage: {
                          path: `${data}/generator/wal`,
                          // Every Prometheus replica gets the span metrics: a query may reach either.
                          remote_write: replicaHosts("prometheus", config.prometheusReplicas).map((host) => ({
                              url: `http://${host}:${config.ports.prometheus}/api/v1/write`,
                              send_exemplars: true,
                          })),
                      },
                      ...(v2 ? { traces_storage: { path: `${data}/generator/traces` } } : {}),
                  },
              }
            : {}),
        storage: {
            // With a bucket the blocks go there; the write-ahead log stays on the volume.
            trace: bucket
                ? {
                      backend: "s3",
                      wal: { path: `${data}/wal` },
                      s3: {
                          bucket: bucket.bucket,
                          endpoint: bucket.endpoint,
                          region: bucket.region,
                          access_key: keys.accessKeyId,
                          secret_key: keys.secretAccessKey,
                          forcepathstyle: bucket.forcePathStyle,
                          insecure: bucket.insecure,
                      },
                  }
                : { backend: "local", wal: { path: `${data}/wal` }, local: { path: `${data}/blocks` } },
        },
        ...(withGenerator
            ? { overrides: { defaults: { metrics_generator: { processors: ["service-graphs", "span-metrics", ...(v2 ? ["local-blocks"] : [])] } } } }
            : {}),
        usage_report: { reporting_enabled: false },
    });
}
