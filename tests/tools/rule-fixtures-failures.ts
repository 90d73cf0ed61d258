// promtool fixtures for the stack's own failure modes (the mixins'): each fires on the failure and stays silent when healthy.
import { AlertFixture, InputSeries, seriesName } from "./rule-fixture-types";

const s = (name: string, labels: Readonly<Record<string, string>>, values: string): InputSeries => ({ series: seriesName(name, labels), values });

const prometheus = { job: "prometheus", instance: "localhost:9090" };
const loki = { job: "loki", instance: "loki:3100" };
const promtail = { job: "promtail", instance: "promtail:9080" };
const tempo = { job: "tempo", instance: "tempo:3200" };
const node = { job: "node-exporter", instance: "node-exporter:9100" };
const am0 = { job: "alertmanager", instance: "alertmanager-0:9093" };
const am1 = { job: "alertmanager", instance: "alertmanager-1:9093" };
// The 1s paging group: its missed or slow evaluations delay every page.
const pagingGroup = { rule_group: "/etc/prometheus/rules/provisioning.yml;provisioning_critical" };
// One remote-write queue, labelled as Prometheus labels its queue metrics.
const mimirQueue = { remote_name: "mimir", url: "https://mimir.corp.internal/api/v1/push" };
const sentTo = (i: number) => ({ alertmanager: `http://alertmanager-${i}:9093/api/v2/alerts` });
const pushRoute = { route: "loki_api_v1_push" };
const dataFs = { device: "/dev/sdb1", fstype: "ext4", mountpoint: "/var/lib/provisioning" };
const bootFs = { device: "/dev/sda1", fstype: "vfat", mountpoint: "/boot/efi" };

const rootFs = { device: "/dev/sda2", fstype: "ext4", mountpoint: "/" };
/** A 100 GB filesystem: its available bytes (promtool notation), size and read-only flag. */
const filesystem = (fs: Readonly<Record<string, string>>, avail: string, readonly = 0): InputSeries[] => [
    s("node_filesystem_avail_bytes", { ...node, ...fs }, avail),
    s("node_filesystem_size_bytes", { ...node, ...fs }, "100000000000x240"),
    s("node_filesystem_readonly", { ...node, ...fs }, `${readonly}x240`),
];

const sidecar = { job: "thanos-sidecar", instance: "prometheus-0.prometheus:10902" };
const query = { job: "thanos-query", instance: "thanos-query:10902" };
const compactor = { job: "thanos-compactor", instance: "thanos-compactor:10902" };
const store = { job: "thanos-store", instance: "thanos-store:10902" };
const queries = (code: string, values: string, handler = "query_range") => s("http_requests_total", { ...query, code, handler, method: "get" }, values);

const one = (labels: Readonly<Record<string, string>>, summary: string, description: string) => [{ labels, summary, description }];

export const failureFixtures: readonly AlertFixture[] = [
    {
        alert: "PrometheusNotIngestingSamples",
        firing: {
            series: [s("prometheus_tsdb_head_samples_appended_total", { ...prometheus, type: "float" }, "1000x30")],
            at: "20m",
            expected: one(
                { ...prometheus, severity: "critical" },
                "Prometheus is not ingesting samples",
                "Prometheus localhost:9090 has appended no sample for 10 minutes: no alert sees current data.",
            ),
        },
        healthy: { series: [s("prometheus_tsdb_head_samples_appended_total", { ...prometheus, type: "float" }, "0+600x30")], at: "20m" },
    },
    {
        alert: "PrometheusTSDBCompactionsFailing",
        firing: {
            series: [s("prometheus_tsdb_compactions_failed_total", prometheus, "0x10 1x10 2x20")],
            at: "30m",
            expected: one(
                { ...prometheus, severity: "warning" },
                "Prometheus fails to compact its TSDB",
                "2 compactions of Prometheus localhost:9090 failed in the last 3 hours; its head block and disk use grow until it runs out of memory or space.",
            ),
        },
        healthy: { series: [s("prometheus_tsdb_compactions_failed_total", prometheus, "0x40")], at: "30m" },
    },
    {
        alert: "PrometheusRuleGroupIterationsMissed",
        firing: {
            series: [s("prometheus_rule_group_iterations_missed_total", { ...prometheus, ...pagingGroup }, "0+6x30")],
            at: "25m",
            expected: one(
                { ...prometheus, ...pagingGroup, severity: "warning" },
                "Prometheus skips rule group evaluations",
                "Prometheus localhost:9090 skipped 30 evaluations of /etc/prometheus/rules/provisioning.yml;provisioning_critical in the last 5 minutes: its alerts fire late (for the 1s paging group, pages come late).",
            ),
        },
        healthy: { series: [s("prometheus_rule_group_iterations_missed_total", { ...prometheus, ...pagingGroup }, "0x30")], at: "25m" },
    },
    {
        alert: "PrometheusRuleGroupSlow",
        firing: {
            series: [
                s("prometheus_rule_group_last_duration_seconds", { ...prometheus, ...pagingGroup }, "1.5x20"),
                s("prometheus_rule_group_interval_seconds", { ...prometheus, ...pagingGroup }, "1x20"),
            ],
            at: "10m",
            expected: one(
                { ...prometheus, ...pagingGroup, severity: "warning" },
                "A Prometheus rule group takes longer than its interval",
                "Evaluating /etc/prometheus/rules/provisioning.yml;provisioning_critical on Prometheus localhost:9090 takes 1.5s, longer than its interval: evaluations are skipped and its alerts fire late.",
            ),
        },
        healthy: {
            series: [
                s("prometheus_rule_group_last_duration_seconds", { ...prometheus, ...pagingGroup }, "0.2x20"),
                s("prometheus_rule_group_interval_seconds", { ...prometheus, ...pagingGroup }, "1x20"),
            ],
            at: "10m",
        },
    },
    {
        alert: "PrometheusRemoteStorageFailures",
        firing: {
            series: [
                s("prometheus_remote_storage_samples_failed_total", { ...prometheus, ...mimirQueue }, "0+60x30"),
                s("prometheus_remote_storage_samples_total", { ...prometheus, ...mimirQueue }, "0+600x30"),
            ],
            at: "25m",
            expected: one(
                { ...prometheus, ...mimirQueue, severity: "critical" },
                "Prometheus fails to send samples to remote storage",
                "Prometheus localhost:9090 failed to send 9.091% of its samples to mimir (https://mimir.corp.internal/api/v1/push) over the last 5 minutes; what is not sent is missing from long-term storage.",
            ),
        },
        healthy: {
            series: [
                s("prometheus_remote_storage_samples_failed_total", { ...prometheus, ...mimirQueue }, "0x30"),
                s("prometheus_remote_storage_samples_total", { ...prometheus, ...mimirQueue }, "0+600x30"),
            ],
            at: "25m",
        },
    },
    {
        alert: "PrometheusRemoteWriteBehind",
        firing: {
            series: [
                s("prometheus_remote_storage_queue_highest_timestamp_seconds", { ...prometheus, ...mimirQueue }, "1000+60x30"),
                s("prometheus_remote_storage_queue_highest_sent_timestamp_seconds", { ...prometheus, ...mimirQueue }, "700+60x30"),
            ],
            at: "25m",
            expected: one(
                { ...prometheus, ...mimirQueue, severity: "critical" },
                "Prometheus remote write is falling behind",
                "The newest sample Prometheus localhost:9090 sent to mimir (https://mimir.corp.internal/api/v1/push) is 5m 0s older than the newest it queued; once the gap passes the WAL's two hours, samples are lost.",
            ),
        },
        healthy: {
            series: [
                s("prometheus_remote_storage_queue_highest_timestamp_seconds", { ...prometheus, ...mimirQueue }, "1000+60x30"),
                s("prometheus_remote_storage_queue_highest_sent_timestamp_seconds", { ...prometheus, ...mimirQueue }, "990+60x30"),
            ],
            at: "25m",
        },
    },
    {
        alert: "PrometheusNotificationQueueRunningFull",
        firing: {
            series: [s("prometheus_notifications_queue_length", prometheus, "0+300x30"), s("prometheus_notifications_queue_capacity", prometheus, "10000x30")],
            at: "25m",
            expected: one(
                { ...prometheus, severity: "warning" },
                "Prometheus' alert notification queue is filling up",
                "The alert queue of Prometheus localhost:9090 will be full within 30 minutes at its current growth; once full, alerts are dropped before they reach Alertmanager.",
            ),
        },
        healthy: {
            series: [s("prometheus_notifications_queue_length", prometheus, "0x30"), s("prometheus_notifications_queue_capacity", prometheus, "10000x30")],
            at: "25m",
        },
    },
    {
        alert: "PrometheusErrorSendingAlertsToAnyAlertmanager",
        firing: {
            // A quiet Prometheus (the Watchdog alone, 4 sends in 5 minutes) that reaches no Alertmanager: discovery (static
            // targets) still counts both, only the sender's errors tell.
            series: [
                ...[0, 1].flatMap((i) => [
                    s("prometheus_notifications_errors_total", { ...prometheus, ...sentTo(i) }, "0+0.8x30"),
                    s("prometheus_notifications_sent_total", { ...prometheus, ...sentTo(i) }, "0+0.8x30"),
                ]),
                s("prometheus_notifications_alertmanagers_discovered", prometheus, "2x30"),
            ],
            at: "20m",
            expected: one(
                { ...prometheus, severity: "critical" },
                "Prometheus cannot deliver alerts to any Alertmanager",
                "Prometheus localhost:9090 fails to send 100% of its alerts even to its best Alertmanager: no alert reaches anyone (the dead man's switch is the backstop).",
            ),
        },
        // One Alertmanager failing while the other delivers: PrometheusNotificationsFailing's case, not this one.
        healthy: {
            series: [
                s("prometheus_notifications_errors_total", { ...prometheus, ...sentTo(0) }, "0+10x30"),
                s("prometheus_notifications_sent_total", { ...prometheus, ...sentTo(0) }, "0+10x30"),
                s("prometheus_notifications_errors_total", { ...prometheus, ...sentTo(1) }, "0x30"),
                s("prometheus_notifications_sent_total", { ...prometheus, ...sentTo(1) }, "0+10x30"),
            ],
            at: "20m",
        },
    },
    {
        alert: "AlertmanagerClusterMembersInconsistent",
        firing: {
            series: [s("alertmanager_cluster_members", am0, "1x30"), s("alertmanager_cluster_members", am1, "1x30")],
            at: "25m",
            expected: [
                {
                    labels: { ...am0, severity: "warning" },
                    summary: "Alertmanager replicas do not see each other",
                    description:
                        "Alertmanager alertmanager-0:9093 sees 1 cluster member(s), fewer than the replicas Prometheus scrapes: silences and notification state are not shared, so notifications may be sent twice.",
                },
                {
                    labels: { ...am1, severity: "warning" },
                    summary: "Alertmanager replicas do not see each other",
                    description:
                        "Alertmanager alertmanager-1:9093 sees 1 cluster member(s), fewer than the replicas Prometheus scrapes: silences and notification state are not shared, so notifications may be sent twice.",
                },
            ],
        },
        healthy: { series: [s("alertmanager_cluster_members", am0, "2x30"), s("alertmanager_cluster_members", am1, "2x30")], at: "25m" },
    },
    {
        alert: "LokiRequestErrors",
        firing: {
            series: [
                s("loki_request_duration_seconds_count", { ...loki, ...pushRoute, status_code: "500" }, "0+5x30"),
                s("loki_request_duration_seconds_count", { ...loki, ...pushRoute, status_code: "204" }, "0+15x30"),
            ],
            at: "25m",
            expected: one(
                { ...loki, ...pushRoute, severity: "warning" },
                "Loki answers requests with errors",
                "25% of the requests to loki_api_v1_push on Loki loki:3100 failed with a 5xx status.",
            ),
        },
        healthy: {
            series: [
                s("loki_request_duration_seconds_count", { ...loki, ...pushRoute, status_code: "500" }, "0x30"),
                s("loki_request_duration_seconds_count", { ...loki, ...pushRoute, status_code: "204" }, "0+15x30"),
            ],
            at: "25m",
        },
        silentEdges: [
            {
                name: "one failed query of an idle Loki (traffic floor)",
                series: [
                    s("loki_request_duration_seconds_count", { ...loki, route: "loki_api_v1_query_range", status_code: "500" }, "0+1x30"),
                    s("loki_request_duration_seconds_count", { ...loki, route: "loki_api_v1_query_range", status_code: "200" }, "0+1x30"),
                ],
                at: "25m",
            },
        ],
    },
    {
        alert: "LokiCompactorNotRunning",
        firing: {
            // Never compacted (timestamp 0) in over three hours of uptime.
            series: [
                s("loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds", loki, "0x210"),
                s("process_start_time_seconds", loki, "0x210"),
            ],
            at: "3h20m",
            expected: one(
                { ...loki, severity: "warning" },
                "Loki's compactor (retention) has stopped",
                "Loki loki:3100 has not compacted its index for 3h 20m 0s: retention deletes nothing and the data volume fills up.",
            ),
        },
        // Compacting every minute: the last success is always now.
        healthy: {
            series: [
                s("loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds", loki, "0+60x210"),
                s("process_start_time_seconds", loki, "0x210"),
            ],
            at: "3h20m",
        },
        silentEdges: [
            {
                name: "a Loki started an hour ago that has not compacted yet",
                series: [
                    s("loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds", loki, "0x210"),
                    s("process_start_time_seconds", loki, "10800x210"),
                ],
                at: "3h20m",
            },
        ],
    },
    {
        alert: "PromtailDroppingEntries",
        firing: {
            series: [s("promtail_dropped_entries_total", { ...promtail, host: "loki:3100", reason: "ingester_error" }, "0x5 0+10x15")],
            at: "10m",
            expected: one(
                { ...promtail, severity: "critical" },
                "Promtail is dropping log lines",
                "Promtail promtail:9080 dropped 40 log entries in the last 10 minutes after its retries to Loki ran out: those lines are lost.",
            ),
        },
        healthy: { series: [s("promtail_dropped_entries_total", { ...promtail, host: "loki:3100", reason: "ingester_error" }, "0x20")], at: "10m" },
    },
    {
        alert: "TempoIngesterFlushesFailing",
        firing: {
            series: [s("tempo_ingester_failed_flushes_total", tempo, "0+1x40")],
            at: "30m",
            expected: one(
                { ...tempo, severity: "warning" },
                "Tempo fails to flush traces to storage",
                "Tempo tempo:3200 failed 30 flushes of trace blocks in the last hour; traces may be lost.",
            ),
        },
        // Three old failures, none in the last 5 minutes: the retries worked.
        healthy: { series: [s("tempo_ingester_failed_flushes_total", tempo, "0 1 2 3x40")], at: "30m" },
    },
    {
        alert: "TempoCompactionsFailing",
        firing: {
            series: [s("tempodb_compaction_errors_total", tempo, "0+1x60")],
            at: "45m",
            expected: one(
                { ...tempo, severity: "warning" },
                "Tempo fails to compact trace blocks",
                "Tempo tempo:3200 had 45 compaction errors in the last hour; blocks pile up and retention stops deleting old traces.",
            ),
        },
        healthy: { series: [s("tempodb_compaction_errors_total", tempo, "0 1 2 3x60")], at: "45m" },
    },
    {
        alert: "TempoMetricsGeneratorCollectionsFailing",
        firing: {
            series: [s("tempo_metrics_generator_registry_collections_failed_total", { ...tempo, tenant: "single-tenant" }, "0+1x20")],
            at: "15m",
            expected: one(
                { ...tempo, severity: "warning" },
                "Tempo's metrics generator fails to collect span metrics",
                "Tempo tempo:3200 failed 5 metrics-generator collections in the last 5 minutes: span metrics and the service graph have gaps.",
            ),
        },
        healthy: { series: [s("tempo_metrics_generator_registry_collections_failed_total", { ...tempo, tenant: "single-tenant" }, "0x20")], at: "15m" },
    },
    {
        alert: "NodeClockSkewDetected",
        firing: {
            series: [s("node_timex_offset_seconds", node, "0.1x30")],
            at: "20m",
            expected: one(
                { ...node, severity: "warning" },
                "Host clock is skewed",
                "The clock of node-exporter:9100 is 100ms off and not converging: samples, logs and traces get wrong timestamps and alerts misfire.",
            ),
        },
        healthy: { series: [s("node_timex_offset_seconds", node, "0.001x30")], at: "20m" },
        silentEdges: [{ name: "a skewed clock NTP is correcting", series: [s("node_timex_offset_seconds", node, "0.2-0.005x30")], at: "20m" }],
    },
    {
        alert: "NodeFilesystemAlmostOutOfFiles",
        firing: {
            series: [
                s("node_filesystem_files_free", { ...node, ...dataFs }, "1000x30"),
                s("node_filesystem_files", { ...node, ...dataFs }, "100000x30"),
                s("node_filesystem_readonly", { ...node, ...dataFs }, "0x30"),
            ],
            at: "20m",
            expected: one(
                { ...node, ...dataFs, severity: "warning" },
                "Filesystem is running out of inodes",
                "Only 1% of the inodes of /var/lib/provisioning on node-exporter:9100 are free: writes fail with space left on the device.",
            ),
        },
        healthy: {
            series: [
                s("node_filesystem_files_free", { ...node, ...dataFs }, "90000x30"),
                s("node_filesystem_files", { ...node, ...dataFs }, "100000x30"),
                s("node_filesystem_readonly", { ...node, ...dataFs }, "0x30"),
                // vfat has no inodes (0 of 0): no division by zero into an alert.
                s("node_filesystem_files_free", { ...node, ...bootFs }, "0x30"),
                s("node_filesystem_files", { ...node, ...bootFs }, "0x30"),
                s("node_filesystem_readonly", { ...node, ...bootFs }, "0x30"),
            ],
            at: "20m",
        },
    },
    {
        alert: "NodeFilesystemAlmostOutOfSpace",
        firing: {
            // The root filesystem 95% full for three hours: before issue 24 nothing fired, only the guide's mount was watched.
            series: filesystem(rootFs, "5000000000x180"),
            at: "180m",
            expected: one(
                { ...node, ...rootFs, severity: "warning" },
                "Filesystem is almost out of space",
                "Only 5% of / on node-exporter:9100 is free (threshold 10%): writes fail once it is full.",
            ),
        },
        healthy: { series: [...filesystem(rootFs, "50000000000x30"), ...filesystem(dataFs, "40000000000x30")], at: "20m" },
        silentEdges: [
            {
                name: "pseudo and read-only filesystems full, and the guide's mount (DiskSpaceLow's)",
                series: [
                    ...filesystem(rootFs, "50000000000x30"),
                    ...filesystem({ device: "tmpfs", fstype: "tmpfs", mountpoint: "/run" }, "0x30"),
                    ...filesystem({ device: "/dev/loop0", fstype: "squashfs", mountpoint: "/snap/core/1" }, "0x30"),
                    ...filesystem({ device: "/dev/sdc1", fstype: "ext4", mountpoint: "/mnt/archive" }, "0x30", 1),
                    ...filesystem(dataFs, "5000000000x30"),
                ],
                at: "20m",
            },
        ],
    },
    {
        alert: "NodeFilesystemSpaceFillingUp",
        firing: {
            // Half free, then from 60m a runaway writer at 10 GB an hour: under 40% free at 121m, pending from there, pages at
            // 151m (after 30 minutes), 3.5 hours before it is full at 360m.
            series: filesystem(rootFs, "50000000000x60 49833333333-166666667x180"),
            at: "160m",
            expected: one(
                { ...node, ...rootFs, severity: "critical" },
                "Filesystem fills up within hours",
                "/ on node-exporter:9100 has 33.33% free and, at the rate of the last hour, is full within 4 hours (or is already under 3% free): writes fail, data is lost.",
            ),
        },
        healthy: { series: filesystem(rootFs, "30000000000x170"), at: "160m" },
        silentEdges: [
            {
                // The batch hour writes 5 GB of scratch data and deletes it: on a disk with 30 GB free that is no fill.
                name: "the batch hour's scratch data",
                series: filesystem(dataFs, "30000000000x30 29916666667-83333333x60 30000000000x30"),
                at: "90m",
            },
            {
                name: "a full read-only filesystem",
                series: filesystem({ device: "/dev/sdc1", fstype: "ext4", mountpoint: "/mnt/archive" }, "0x120", 1),
                at: "100m",
            },
        ],
    },
    {
        alert: "NodeOOMKillDetected",
        firing: {
            series: [s("node_vmstat_oom_kill", node, "0x5 1x10")],
            at: "7m",
            expected: one(
                { ...node, severity: "warning" },
                "The kernel killed a process for lack of memory",
                "The kernel of node-exporter:9100 killed processes for lack of memory in the last 5 minutes (OOM kills: 1).",
            ),
        },
        healthy: { series: [s("node_vmstat_oom_kill", node, "3x15")], at: "7m" },
    },
    {
        alert: "NodeFileDescriptorLimit",
        firing: {
            series: [s("node_filefd_allocated", node, "90000x30"), s("node_filefd_maximum", node, "100000x30")],
            at: "20m",
            expected: one(
                { ...node, severity: "warning" },
                "Host is running out of file descriptors",
                "node-exporter:9100 has allocated 90% of its kernel's file descriptors (threshold 80%).",
            ),
        },
        healthy: { series: [s("node_filefd_allocated", node, "1000x30"), s("node_filefd_maximum", node, "100000x30")], at: "20m" },
    },
    {
        alert: "ThanosComponentDown",
        firing: {
            series: [s("up", store, "1x5 0x20"), s("up", query, "1x25")],
            at: "15m",
            expected: one(
                { ...store, severity: "warning" },
                "A Thanos component is down",
                "Prometheus has failed to scrape thanos-store thanos-store:10902 for 5 minutes: blocks are not shipped (sidecar), long-term queries fail (Query, Store Gateway), or compaction and retention stop (Compactor).",
            ),
        },
        healthy: { series: [s("up", store, "1x25"), s("up", query, "1x25")], at: "15m" },
        silentEdges: [{ name: "a Thanos part missed for under 5 minutes (a restart)", series: [s("up", compactor, "1x5 0x3 1x20")], at: "10m" }],
    },
    {
        alert: "ThanosSidecarBucketOperationsFailed",
        firing: {
            series: [s("thanos_objstore_bucket_operation_failures_total", { ...sidecar, bucket: "e2e-metrics", operation: "upload" }, "0+2x40")],
            at: "25m",
            expected: one(
                { ...sidecar, severity: "warning" },
                "A Thanos sidecar fails to reach the object store",
                "Operations of the sidecar prometheus-0.prometheus:10902 on the metrics bucket have failed for 15 minutes: its blocks are not shipped, and what Prometheus deletes after its local retention will be missing from long-term queries.",
            ),
        },
        healthy: {
            series: [s("thanos_objstore_bucket_operation_failures_total", { ...sidecar, bucket: "e2e-metrics", operation: "upload" }, "0x40")],
            at: "25m",
        },
        silentEdges: [
            {
                name: "a store outage of a few minutes, retried (failures stop)",
                series: [s("thanos_objstore_bucket_operation_failures_total", { ...sidecar, bucket: "e2e-metrics", operation: "upload" }, "0x5 0+3x5 15x30")],
                at: "25m",
            },
        ],
    },
    {
        alert: "ThanosSidecarNoConnectionToPrometheus",
        firing: {
            series: [s("thanos_sidecar_prometheus_up", sidecar, "1x5 0x30")],
            at: "25m",
            expected: one(
                { ...sidecar, severity: "warning" },
                "A Thanos sidecar cannot reach its Prometheus",
                "The sidecar prometheus-0.prometheus:10902 has not reached its Prometheus for 15 minutes: Query cannot read that replica's recent data.",
            ),
        },
        healthy: { series: [s("thanos_sidecar_prometheus_up", sidecar, "1x35")], at: "25m" },
        silentEdges: [
            { name: "a WAL replay of ten minutes after a restart", series: [s("thanos_sidecar_prometheus_up", sidecar, "1x5 0x10 1x20")], at: "25m" },
        ],
    },
    {
        alert: "ThanosQueryErrors",
        firing: {
            series: [queries("200", "0+90x30"), queries("500", "0+10x30")],
            at: "20m",
            expected: one(
                { ...query, severity: "warning" },
                "Thanos Query fails queries",
                "Thanos Query thanos-query:10902 answered 10% of the last 5 minutes' queries with a server error: Grafana's panels fail or show gaps.",
            ),
        },
        healthy: { series: [queries("200", "0+98x30"), queries("500", "0+2x30")], at: "20m" },
        silentEdges: [
            {
                name: "one failed query a minute of an idle Query (traffic floor)",
                series: [queries("500", "0+1x30"), queries("200", "0+2x30", "query")],
                at: "20m",
            },
            { name: "errors on other endpoints than queries", series: [queries("200", "0+90x30"), queries("500", "0+50x30", "series")], at: "20m" },
        ],
    },
    {
        alert: "ThanosCompactHalted",
        firing: {
            series: [s("thanos_compact_halted", compactor, "0x5 1x20")],
            at: "15m",
            expected: one(
                { ...compactor, severity: "warning" },
                "The Thanos Compactor has halted",
                "The Compactor thanos-compactor:10902 stopped on an error it will not retry: blocks are neither compacted nor downsampled, retention is not applied and the bucket grows.",
            ),
        },
        healthy: { series: [s("thanos_compact_halted", compactor, "0x25")], at: "15m" },
    },
];
