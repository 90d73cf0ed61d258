// The stack's own failure modes the upstream mixins alert on, for this stack's jobs, with the mixins' and binaries' metric names.
// Sources: prometheus/prometheus documentation/prometheus-mixin, prometheus/alertmanager doc/alertmanager-mixin, prometheus/node_exporter
// docs/node-mixin, grafana/loki production/loki-mixin and promtail-mixin, grafana/tempo operations/tempo-mixin, thanos-io/thanos mixin.
import { dataMountpoint } from "./catalog-platform";
import { alertmanagerJob, prometheusJob, prometheusSendFailedRatio } from "./catalog-stack";
import { aboveFloor, guardedRatio, rateWindow, realFilesystems, trafficFloor } from "./promql";
import { AlertRule, alertTable } from "./types";

const lokiJob = `job="loki"`;
const tempoIncrease = (counter: string, range: string) => `sum by (job, instance) (increase(${counter}{job="tempo"}[${range}]))`;
// More than two in the last hour, and still failing in the last 5 minutes.
const tempoFailing = (counter: string) => `${tempoIncrease(counter, "1h")} > 2 and on (job, instance) ${tempoIncrease(counter, rateWindow)} > 0`;
const remoteFailed = `rate(prometheus_remote_storage_samples_failed_total{${prometheusJob}}[${rateWindow}])`;
const remoteSent = `rate(prometheus_remote_storage_samples_total{${prometheusJob}}[${rateWindow}])`;
// 100 samples in 5 minutes: any scraping Prometheus sends thousands; a queue that barely started is no signal.
const remoteSamplesFloor = trafficFloor(
    `increase(prometheus_remote_storage_samples_failed_total{${prometheusJob}}[${rateWindow}]) + ` +
        `increase(prometheus_remote_storage_samples_total{${prometheusJob}}[${rateWindow}])`,
    100,
);

const thanosJobs = `job=~"thanos-sidecar|thanos-query|thanos-store|thanos-compactor"`;
const sidecarJob = `job="thanos-sidecar"`;
const queryJob = `job="thanos-query"`;
// Grafana's queries through Thanos Query: instant and range, the two handlers its data source calls.
const queryHandlers = `handler=~"query|query_range"`;
const queryRequests = (extra = "") => `sum by (job, instance) (rate(http_requests_total{${queryJob}, ${queryHandlers}${extra}}[${rateWindow}]))`;
// 20 queries in 5 minutes: one dashboard refresh sends more; a single failed query of an idle Query is no outage.
const queryRequestsFloor = trafficFloor(`sum by (job, instance) (increase(http_requests_total{${queryJob}, ${queryHandlers}}[${rateWindow}]))`, 20);

const lokiRequests = (extra = "") => `sum by (job, instance, route) (rate(loki_request_duration_seconds_count{${lokiJob}${extra}}[${rateWindow}]))`;
// At least 20 requests on a route in 5 minutes: a single failed query of an idle Loki is no outage.
const lokiRequestsFloor = trafficFloor(`sum by (job, instance, route) (increase(loki_request_duration_seconds_count{${lokiJob}}[${rateWindow}]))`, 20);

// Each Alertmanager is sent at least one alert in 5 minutes: the Watchdog alone is re-sent about every minute, 4 or 5 times.
const anyAlertmanagerFloor = trafficFloor(`min without (alertmanager) (increase(prometheus_notifications_sent_total{${prometheusJob}}[${rateWindow}]))`, 1);

/** The Loki compactor compacts (and applies retention) every 10 minutes; 3 hours without success means it stopped. */
const lokiCompactionMaxAgeSeconds = 3 * 3600;

/** Space of every real filesystem node_exporter reports, as node-mixin watches it; read-only ones are left out below. */
const avail = (extra = "") => `node_filesystem_avail_bytes{${realFilesystems}${extra}}`;
const freeRatio = (extra = "") => `${avail(extra)} / node_filesystem_size_bytes{${realFilesystems}${extra}}`;
const writable = `and on (instance, device, mountpoint) node_filesystem_readonly{${realFilesystems}} == 0`;
/** How far ahead a filesystem's fill is projected, from the last hour's trend: a page leaves hours to act. */
const fillHorizonHours = 4;

export const stackFailureAlerts: readonly AlertRule[] = [
    ...alertTable({ group: "stack_prometheus", owner: "stack", requires: { components: ["prometheus"] } }, [
        {
            alert: "PrometheusNotIngestingSamples",
            expr: `sum by (job, instance) (rate(prometheus_tsdb_head_samples_appended_total{${prometheusJob}}[${rateWindow}])) <= 0`,
            for: "10m",
            severity: "critical",
            summary: "Prometheus is not ingesting samples",
            description: "Prometheus {{ $labels.instance }} has appended no sample for 10 minutes: no alert sees current data.",
        },
        {
            alert: "PrometheusTSDBCompactionsFailing",
            expr: `increase(prometheus_tsdb_compactions_failed_total{${prometheusJob}}[3h]) > 0`,
            for: "15m",
            severity: "warning",
            summary: "Prometheus fails to compact its TSDB",
            description:
                '{{ $value | printf "%.0f" }} compactions of Prometheus {{ $labels.instance }} failed in the last 3 hours; ' +
                "its head block and disk use grow until it runs out of memory or space.",
        },
        {
            alert: "PrometheusRuleGroupIterationsMissed",
            expr: `increase(prometheus_rule_group_iterations_missed_total{${prometheusJob}}[${rateWindow}]) > 0`,
            for: "15m",
            severity: "warning",
            summary: "Prometheus skips rule group evaluations",
            description:
                'Prometheus {{ $labels.instance }} skipped {{ $value | printf "%.0f" }} evaluations of {{ $labels.rule_group }} in the last ' +
                "5 minutes: its alerts fire late (for the 1s paging group, pages come late).",
        },
        {
            alert: "PrometheusRuleGroupSlow",
            expr:
                `prometheus_rule_group_last_duration_seconds{${prometheusJob}} ` +
                `> on (job, instance, rule_group) prometheus_rule_group_interval_seconds{${prometheusJob}}`,
            for: "5m",
            severity: "warning",
            summary: "A Prometheus rule group takes longer than its interval",
            description:
                "Evaluating {{ $labels.rule_group }} on Prometheus {{ $labels.instance }} takes {{ $value | humanizeDuration }}, " +
                "longer than its interval: evaluations are skipped and its alerts fire late.",
        },
        {
            alert: "PrometheusNotificationQueueRunningFull",
            expr:
                `predict_linear(prometheus_notifications_queue_length{${prometheusJob}}[${rateWindow}], 60 * 30) ` +
                `> on (job, instance) min_over_time(prometheus_notifications_queue_capacity{${prometheusJob}}[${rateWindow}])`,
            for: "15m",
            severity: "warning",
            summary: "Prometheus' alert notification queue is filling up",
            description:
                "The alert queue of Prometheus {{ $labels.instance }} will be full within 30 minutes at its current growth; " +
                "once full, alerts are dropped before they reach Alertmanager.",
            requires: { components: ["prometheus", "alertmanager"] },
        },
        {
            alert: "PrometheusErrorSendingAlertsToAnyAlertmanager",
            ...aboveFloor(`min without (alertmanager) (${prometheusSendFailedRatio}) > 0.03`, "job, instance", anyAlertmanagerFloor),
            for: "5m",
            severity: "critical",
            summary: "Prometheus cannot deliver alerts to any Alertmanager",
            description:
                "Prometheus {{ $labels.instance }} fails to send {{ $value | humanizePercentage }} of its alerts even to its best Alertmanager: " +
                "no alert reaches anyone (the dead man's switch is the backstop).",
            requires: { components: ["prometheus", "alertmanager"] },
        },
    ]),
    // Deployed only with a monitoring:remoteWrite entry: the queue metrics exist only then. Per queue (remote_name, url).
    ...alertTable({ group: "stack_prometheus", owner: "stack", requires: { components: ["prometheus"], remoteWrite: true } }, [
        {
            alert: "PrometheusRemoteStorageFailures",
            ...aboveFloor(`${guardedRatio(remoteFailed, `(${remoteFailed} + ${remoteSent})`)} > 0.01`, "job, instance, remote_name, url", remoteSamplesFloor),
            for: "15m",
            severity: "critical",
            summary: "Prometheus fails to send samples to remote storage",
            description:
                "Prometheus {{ $labels.instance }} failed to send {{ $value | humanizePercentage }} of its samples to " +
                "{{ $labels.remote_name }} ({{ $labels.url }}) over the last 5 minutes; what is not sent is missing from long-term storage.",
        },
        {
            alert: "PrometheusRemoteWriteBehind",
            // max_over_time: a missed scrape of either gauge neither fires nor resolves the alert.
            expr:
                `max_over_time(prometheus_remote_storage_queue_highest_timestamp_seconds{${prometheusJob}}[${rateWindow}]) ` +
                `- max_over_time(prometheus_remote_storage_queue_highest_sent_timestamp_seconds{${prometheusJob}}[${rateWindow}]) > 120`,
            for: "15m",
            severity: "critical",
            summary: "Prometheus remote write is falling behind",
            description:
                "The newest sample Prometheus {{ $labels.instance }} sent to {{ $labels.remote_name }} ({{ $labels.url }}) is " +
                "{{ $value | humanizeDuration }} older than the newest it queued; once the gap passes the WAL's two hours, samples are lost.",
        },
    ]),
    // Deployed only with monitoring:thanos: its sidecars, Query, Store Gateway and Compactor, each scraped under its own job.
    ...alertTable({ group: "stack_thanos", owner: "stack", requires: { components: ["prometheus"], thanos: true } }, [
        {
            alert: "ThanosComponentDown",
            expr: `up{${thanosJobs}} == 0`,
            for: "5m",
            severity: "warning",
            summary: "A Thanos component is down",
            description:
                "Prometheus has failed to scrape {{ $labels.job }} {{ $labels.instance }} for 5 minutes: blocks are not shipped (sidecar), " +
                "long-term queries fail (Query, Store Gateway), or compaction and retention stop (Compactor).",
        },
        {
            alert: "ThanosSidecarBucketOperationsFailed",
            expr: `sum by (job, instance) (rate(thanos_objstore_bucket_operation_failures_total{${sidecarJob}}[${rateWindow}])) > 0`,
            for: "15m",
            severity: "warning",
            summary: "A Thanos sidecar fails to reach the object store",
            description:
                "Operations of the sidecar {{ $labels.instance }} on the metrics bucket have failed for 15 minutes: its blocks are not shipped, " +
                "and what Prometheus deletes after its local retention will be missing from long-term queries.",
        },
        {
            alert: "ThanosSidecarNoConnectionToPrometheus",
            expr: `thanos_sidecar_prometheus_up{${sidecarJob}} == 0`,
            // Longer than a WAL replay of a large head, during which the sidecar reports Prometheus down.
            for: "15m",
            severity: "warning",
            summary: "A Thanos sidecar cannot reach its Prometheus",
            description: "The sidecar {{ $labels.instance }} has not reached its Prometheus for 15 minutes: Query cannot read that replica's recent data.",
        },
        {
            alert: "ThanosQueryErrors",
            ...aboveFloor(`${guardedRatio(queryRequests(', code=~"5.."'), queryRequests())} > 0.05`, "job, instance", queryRequestsFloor),
            for: "10m",
            severity: "warning",
            summary: "Thanos Query fails queries",
            description:
                "Thanos Query {{ $labels.instance }} answered {{ $value | humanizePercentage }} of the last 5 minutes' queries with a server error: " +
                "Grafana's panels fail or show gaps.",
        },
        {
            alert: "ThanosCompactHalted",
            expr: `thanos_compact_halted{job="thanos-compactor"} == 1`,
            for: "5m",
            severity: "warning",
            summary: "The Thanos Compactor has halted",
            description:
                "The Compactor {{ $labels.instance }} stopped on an error it will not retry: blocks are neither compacted nor downsampled, " +
                "retention is not applied and the bucket grows.",
        },
    ]),
    ...alertTable({ group: "stack_alertmanager", owner: "stack", requires: { components: ["alertmanager"] } }, [
        {
            alert: "AlertmanagerClusterMembersInconsistent",
            expr:
                `max_over_time(alertmanager_cluster_members{${alertmanagerJob}}[${rateWindow}]) ` +
                `< on (job) group_left count by (job) (max_over_time(alertmanager_cluster_members{${alertmanagerJob}}[${rateWindow}]))`,
            for: "15m",
            severity: "warning",
            summary: "Alertmanager replicas do not see each other",
            description:
                "Alertmanager {{ $labels.instance }} sees {{ $value }} cluster member(s), fewer than the replicas Prometheus scrapes: " +
                "silences and notification state are not shared, so notifications may be sent twice.",
        },
    ]),
    ...alertTable({ group: "stack_pipelines", owner: "stack" }, [
        {
            alert: "LokiRequestErrors",
            ...aboveFloor(`${guardedRatio(lokiRequests(', status_code=~"5.."'), lokiRequests())} > 0.1`, "job, instance, route", lokiRequestsFloor),
            for: "15m",
            severity: "warning",
            summary: "Loki answers requests with errors",
            description: "{{ $value | humanizePercentage }} of the requests to {{ $labels.route }} on Loki {{ $labels.instance }} failed with a 5xx status.",
            requires: { components: ["loki"] },
        },
        {
            alert: "LokiCompactorNotRunning",
            // Never having succeeded (timestamp 0) counts too, once Loki has been up longer than the allowed age.
            expr:
                `time() - loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds{${lokiJob}} > ${lokiCompactionMaxAgeSeconds} ` +
                `and on (job, instance) time() - process_start_time_seconds{${lokiJob}} > ${lokiCompactionMaxAgeSeconds}`,
            for: "15m",
            severity: "warning",
            summary: "Loki's compactor (retention) has stopped",
            description:
                "Loki {{ $labels.instance }} has not compacted its index for {{ $value | humanizeDuration }}: retention deletes nothing " +
                "and the data volume fills up.",
            requires: { components: ["loki"] },
        },
        {
            alert: "PromtailDroppingEntries",
            expr: `sum by (job, instance) (increase(promtail_dropped_entries_total{job="promtail"}[10m])) > 0`,
            for: "1m",
            severity: "critical",
            summary: "Promtail is dropping log lines",
            description:
                'Promtail {{ $labels.instance }} dropped {{ $value | printf "%.0f" }} log entries in the last 10 minutes after its retries ' +
                "to Loki ran out: those lines are lost.",
            requires: { components: ["promtail"] },
        },
        {
            alert: "TempoIngesterFlushesFailing",
            expr: tempoFailing("tempo_ingester_failed_flushes_total"),
            for: "5m",
            severity: "warning",
            summary: "Tempo fails to flush traces to storage",
            description: 'Tempo {{ $labels.instance }} failed {{ $value | printf "%.0f" }} flushes of trace blocks in the last hour; traces may be lost.',
            requires: { components: ["tempo"] },
        },
        {
            alert: "TempoCompactionsFailing",
            expr: tempoFailing("tempodb_compaction_errors_total"),
            for: "15m",
            severity: "warning",
            summary: "Tempo fails to compact trace blocks",
            description:
                'Tempo {{ $labels.instance }} had {{ $value | printf "%.0f" }} compaction errors in the last hour; blocks pile up and ' +
                "retention stops deleting old traces.",
            requires: { components: ["tempo"] },
        },
        {
            alert: "TempoMetricsGeneratorCollectionsFailing",
            expr: `${tempoIncrease("tempo_metrics_generator_registry_collections_failed_total", rateWindow)} > 2`,
            for: "5m",
            severity: "warning",
            summary: "Tempo's metrics generator fails to collect span metrics",
            description:
                'Tempo {{ $labels.instance }} failed {{ $value | printf "%.0f" }} metrics-generator collections in the last 5 minutes: ' +
                "span metrics and the service graph have gaps.",
            requires: { components: ["tempo"] },
        },
    ]),
    ...alertTable({ group: "stack_node", owner: "stack", requires: { components: ["node-exporter"] } }, [
        {
            alert: "NodeFilesystemAlmostOutOfSpace",
            // The guide's mount has its own warning (DiskSpaceLow, the same 10%): one message per filesystem.
            expr: `${freeRatio(`, mountpoint!="${dataMountpoint}"`)} < 0.1 ${writable}`,
            for: "15m",
            severity: "warning",
            summary: "Filesystem is almost out of space",
            description:
                "Only {{ $value | humanizePercentage }} of {{ $labels.mountpoint }} on {{ $labels.instance }} is free (threshold 10%): " +
                "writes fail once it is full.",
        },
        {
            alert: "NodeFilesystemSpaceFillingUp",
            // Under 40% free and, at the last hour's rate, full within 4 hours; or under 3% free, whatever the trend.
            expr: `(${freeRatio()} < 0.4 and predict_linear(${avail()}[1h], ${fillHorizonHours} * 3600) < 0 or ${freeRatio()} < 0.03) ` + writable,
            for: "30m",
            severity: "critical",
            summary: "Filesystem fills up within hours",
            description:
                "{{ $labels.mountpoint }} on {{ $labels.instance }} has {{ $value | humanizePercentage }} free and, at the rate of the last hour, " +
                `is full within ${fillHorizonHours} hours (or is already under 3% free): writes fail, data is lost.`,
        },
        {
            alert: "NodeClockSkewDetected",
            // Only while the offset is not shrinking: a clock being corrected by NTP is fine.
            expr:
                "(node_timex_offset_seconds > 0.05 and deriv(node_timex_offset_seconds[5m]) >= 0) " +
                "or (node_timex_offset_seconds < -0.05 and deriv(node_timex_offset_seconds[5m]) <= 0)",
            for: "10m",
            severity: "warning",
            summary: "Host clock is skewed",
            description:
                "The clock of {{ $labels.instance }} is {{ $value | humanizeDuration }} off and not converging: " +
                "samples, logs and traces get wrong timestamps and alerts misfire.",
        },
        {
            alert: "NodeFilesystemAlmostOutOfFiles",
            expr:
                'node_filesystem_files_free{fstype!=""} / (node_filesystem_files{fstype!=""} > 0) < 0.05 ' +
                'and on (instance, device, mountpoint) node_filesystem_readonly{fstype!=""} == 0',
            for: "15m",
            severity: "warning",
            summary: "Filesystem is running out of inodes",
            description:
                "Only {{ $value | humanizePercentage }} of the inodes of {{ $labels.mountpoint }} on {{ $labels.instance }} are free: " +
                "writes fail with space left on the device.",
        },
        {
            alert: "NodeOOMKillDetected",
            expr: "increase(node_vmstat_oom_kill[5m]) > 0",
            severity: "warning",
            summary: "The kernel killed a process for lack of memory",
            description:
                'The kernel of {{ $labels.instance }} killed processes for lack of memory in the last 5 minutes (OOM kills: {{ $value | printf "%.0f" }}).',
        },
        {
            alert: "NodeFileDescriptorLimit",
            expr: "node_filefd_allocated / (node_filefd_maximum > 0) > 0.8",
            for: "15m",
            severity: "warning",
            summary: "Host is running out of file descriptors",
            description: "{{ $labels.instance }} has allocated {{ $value | humanizePercentage }} of its kernel's file descriptors (threshold 80%).",
        },
    ]),
];
