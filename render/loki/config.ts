// loki.yml: single-binary Loki on its data volume, current schema (tsdb, v13), retention that deletes.
import { ConfigSlice } from "../../model/config/types";
import { deploys, internalUrl } from "../../model/endpoints";
import { renderYaml } from "../format/yaml";

export const lokiPaths = { configFile: "/etc/loki/loki.yml", dataDir: "/loki" } as const;

export function renderLokiConfig(config: ConfigSlice<"ports" | "lokiRetention" | "components">): string {
    const data = lokiPaths.dataDir;
    const doc = {
        auth_enabled: false,
        server: { http_listen_port: config.ports.loki, grpc_listen_port: 9096, log_level: "info" },
        common: {
            instance_addr: "127.0.0.1",
            path_prefix: data,
            replication_factor: 1,
            ring: { kvstore: { store: "inmemory" } },
            storage: { filesystem: { chunks_directory: `${data}/chunks`, rules_directory: `${data}/rules` } },
        },
        schema_config: {
            configs: [
                {
                    from: "2024-01-01",
                    store: "tsdb",
                    object_store: "filesystem",
                    schema: "v13",
                    index: { prefix: "index_", period: "24h" },
                },
            ],
        },
        storage_config: {
            tsdb_shipper: { active_index_directory: `${data}/tsdb-index`, cache_location: `${data}/tsdb-cache` },
        },
        // Without the compactor's retention, limits_config.retention_period deletes nothing.
        compactor: {
            working_directory: `${data}/compactor`,
            compaction_interval: "10m",
            retention_enabled: true,
            retention_delete_delay: "2h",
            delete_request_store: "filesystem",
        },
        limits_config: {
            retention_period: config.lokiRetention,
            allow_structured_metadata: true,
            volume_enabled: true,
        },
        ...(deploys(config, "alertmanager") ? { ruler: { alertmanager_url: internalUrl("alertmanager", config.ports.alertmanager), enable_api: true } } : {}),
        analytics: { reporting_enabled: false },
    };
    return renderYaml(doc);
}
