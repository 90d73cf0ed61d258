// The platform and its hosts as the replay sees them: every series the rendered rules read, over any span of the modelled
// week, healthy but noisy by default, with an incident laid over it when a scenario says so.
import { counter, diurnal, hourOf, inBatchHour, isWeekend, minutesPerDay, noisy, random, ReplaySeries, series } from "./platform-model";

/** What an incident changes; each function answers for an absolute minute, `undefined` meaning "as on a healthy day". */
export interface Incident {
    /** Share of finished workflows that fail. */
    readonly workflowFailureShare?: (minute: number) => number | undefined;
    /** Share of API requests answered with a 5xx. */
    readonly apiErrorShare?: (minute: number) => number | undefined;
    /** Available bytes of the root filesystem. */
    readonly rootAvailableBytes?: (minute: number) => number | undefined;
    /** Minutes at which the orchestrator's process restarts (a crash), besides the deploys. */
    readonly orchestratorCrashes?: readonly number[];
    /** Whether Alertmanager refuses Prometheus' posts at this minute. */
    readonly alertmanagerRefuses?: (minute: number) => boolean;
}

const orchestrator = { job: "provisioning-orchestrator", instance: "orchestrator:8080" };
const controlCenters = [0, 1, 2].map((i) => ({ job: "provisioning-control-center", instance: `control-center-${i}:8081` }));
const vault = { job: "provisioning-vault-service", instance: "vault-service:8085" };
const node = { job: "node-exporter", instance: "node-exporter:9100" };
const prometheus = { job: "prometheus", instance: "localhost:9090" };
const stackTargets: readonly Record<string, string>[] = [
    prometheus,
    { job: "grafana", instance: "grafana:3000" },
    { job: "loki", instance: "loki:3100" },
    { job: "promtail", instance: "promtail:9080" },
    { job: "tempo", instance: "tempo:3200" },
    { job: "alertmanager", instance: "alertmanager:9093" },
    node,
];

const weekday = (minute: number) => !isWeekend(minute);
const at = (minute: number, hour: number, offset = 0) => Math.floor(minute / minutesPerDay) * minutesPerDay + hour * 60 + offset;

/** Noise events of the healthy week, by absolute minute. */
export const noise = {
    /** The 30-second burst of 5xx (every request failing; a database failover): Tuesday 15:00. */
    apiBurst: 5 * minutesPerDay + 15 * 60,
    /** The 3-minute GC pause of control-center-1: Wednesday 11:30; its scrapes time out, some get through. */
    gcPause: 6 * minutesPerDay + 11 * 60 + 30,
};

/** Rolling deploys every weekday: the control center at 10:00 (one instance every 2 minutes), vault at 11:00, orchestrator at 14:00. */
function deployMinutes(from: number, to: number, hour: number, offset = 0): number[] {
    const out: number[] = [];
    for (let day = Math.floor(from / minutesPerDay); day <= Math.floor(to / minutesPerDay); day++) {
        const m = at(day * minutesPerDay, hour, offset);
        if (m >= from && m < to && weekday(m)) out.push(m);
    }
    return out;
}

/** Every series of the platform, its hosts and the stack from absolute minute `start` for `minutes` minutes. */
export function platformSeries(start: number, minutes: number, incident: Incident = {}): ReplaySeries[] {
    const span = Array.from({ length: minutes }, (_, i) => start + i);
    const index = (absolute: number) => absolute - start;
    const rel = (absolutes: readonly number[]) => new Set(absolutes.map(index).filter((i) => i >= 0 && i < minutes));
    return [
        ...orchestratorSeries(span, rel, incident),
        ...controlCenterSeries(span, rel, index, incident),
        ...vaultSeries(span, rel),
        ...nodeSeries(span, incident),
        ...stackSeries(span, incident),
    ];
}

type Rel = (absolutes: readonly number[]) => Set<number>;

function orchestratorSeries(span: readonly number[], rel: Rel, incident: Incident): ReplaySeries[] {
    const next = random(1);
    const restarts = rel([...deployMinutes(span[0], span[span.length - 1] + 1, 14), ...(incident.orchestratorCrashes ?? [])]);
    // Weekday nights keep 3 workflows a minute going; weekend nights 1.2 (under ManyWorkflowsFailing's floor of 2).
    const created = span.map((m) => noisy(diurnal(m, 3, 10, 1.2) + (inBatchHour(m) ? 20 : 0), next));
    const normalShare = span.map((m, i) => (created[i] === 0 ? 1 : Math.min(1, diurnal(m, 3, 10, 1.2) / created[i])));
    const failureShare = span.map((m) => incident.workflowFailureShare?.(m) ?? (inBatchHour(m) ? 0.02 : 0.01));
    const failed = created.map((c, i) => noisy(c * failureShare[i], next));
    const completed = created.map((c, i) => Math.max(0, c - failed[i]));
    // Durations: ordinary workflows 10-60 s (p95 about 50 s), the batch's 30-300 s (p95 about 170 s).
    const bounds = ["10", "30", "60", "120", "300", "+Inf"];
    const ordinary = [0.1, 0.55, 0.33, 0.02, 0, 0];
    const batch = [0, 0, 0.1, 0.7, 0.2, 0];
    const perBucket = created.map((c, i) => {
        const share = inBatchHour(span[i]) ? normalShare[i] : 1;
        return ordinary.map((o, b) => c * (share * o + (1 - share) * batch[b]));
    });
    // A restart resumes the workflows in flight from their checkpoints: created this minute times their mean duration.
    const recoveries = span.map((m, i) => (restarts.has(i) ? Math.round(created[i] * (inBatchHour(m) ? 1.5 : 0.6)) : 0));
    const up = span.map((_, i) => (restarts.has(i) ? 0 : 1));
    const missed = new Set([...restarts]);
    let startTime = 1000;
    const startTimes = span.map((m, i) => {
        if (restarts.has(i)) startTime = m * 60 + 30;
        return missed.has(i) ? undefined : startTime;
    });
    const c = (inc: readonly number[]) => counter(inc, restarts, missed);
    let cumulative = span.map(() => 0);
    const buckets = bounds.map((le, b) => {
        cumulative = cumulative.map((v, i) => v + perBucket[i][b]);
        return series("provisioning_workflow_duration_seconds_bucket", { ...orchestrator, le }, c(cumulative));
    });
    return [
        series("up", orchestrator, up),
        series("process_start_time_seconds", orchestrator, startTimes),
        series("provisioning_workflows_total", orchestrator, c(created)),
        series("provisioning_workflows_completed_total", orchestrator, c(completed)),
        series("provisioning_workflows_failed_total", orchestrator, c(failed)),
        ...buckets,
        series("provisioning_workflow_duration_seconds_count", orchestrator, c(cumulative)),
        series("provisioning_checkpoint_recoveries_total", orchestrator, c(recoveries)),
        series(
            "provisioning_tasks_queued",
            orchestrator,
            span.map((m, i) => (missed.has(i) ? undefined : inBatchHour(m) ? 60 : Math.round(diurnal(m, 2, 12)))),
        ),
        series(
            "provisioning_database_connected",
            orchestrator,
            span.map((_, i) => (missed.has(i) ? undefined : 1)),
        ),
    ];
}

function controlCenterSeries(span: readonly number[], rel: Rel, index: (m: number) => number, incident: Incident): ReplaySeries[] {
    return controlCenters.flatMap((target, n) => {
        const next = random(10 + n);
        const restarts = rel(deployMinutes(span[0], span[span.length - 1] + 1, 10, 2 * n));
        // The GC pause: three minutes in which most scrapes of control-center-1 time out (up flaps 0 1 0).
        const pause = n === 1 ? [0, 2].map((k) => index(noise.gcPause + k)) : [];
        const missed = new Set([...restarts, ...pause]);
        // A third of 30 requests a second at 14:00 on weekdays, 3 a second at night (1.2 at weekend nights).
        const requests = span.map((m) => noisy((diurnal(m, 180, 1800, 72) * 1) / 3, next));
        const errorShare = span.map((m, i) => {
            const forced = incident.apiErrorShare?.(m);
            if (forced !== undefined) return forced;
            if (m === noise.apiBurst) return 0.5; // 30 of the minute's 60 seconds every request fails
            return restarts.has(i) ? 0.02 : 0.0005;
        });
        const errors = requests.map((r, i) => noisy(r * errorShare[i], next));
        const clientErrors = requests.map((r) => noisy(r * 0.02, next));
        const ok = requests.map((r, i) => Math.max(0, r - errors[i] - clientErrors[i]));
        const slow = requests.map((r) => noisy(r * 0.002, next));
        const c = (inc: readonly number[]) => counter(inc, restarts, missed);
        let startTime = 2000 + n;
        const startTimes = span.map((m, i) => {
            if (restarts.has(i)) startTime = m * 60 + 20;
            return missed.has(i) ? undefined : startTime;
        });
        const auth = n === 0 ? authSeries(span, target, restarts, missed) : [];
        return [
            series(
                "up",
                target,
                span.map((_, i) => (missed.has(i) ? 0 : 1)),
            ),
            series("process_start_time_seconds", target, startTimes),
            series("provisioning_api_requests_total", { ...target, status_class: "2xx" }, c(ok)),
            series("provisioning_api_requests_total", { ...target, status_class: "4xx" }, c(clientErrors)),
            series("provisioning_api_requests_total", { ...target, status_class: "5xx" }, c(errors)),
            series("provisioning_api_requests_duration_seconds_bucket", { ...target, le: "1" }, c(requests.map((r, i) => r - slow[i]))),
            series("provisioning_api_requests_duration_seconds_bucket", { ...target, le: "+Inf" }, c(requests)),
            series("provisioning_api_requests_duration_seconds_count", target, c(requests)),
            ...auth,
        ];
    });
}

function authSeries(span: readonly number[], target: Record<string, string>, restarts: Set<number>, missed: Set<number>): ReplaySeries[] {
    const next = random(20);
    const attempts = span.map((m) => noisy(diurnal(m, 6, 60), next));
    const failures = attempts.map((a) => noisy(a * 0.03, next));
    const denials = span.map(() => noisy(0.5, next));
    const c = (inc: readonly number[]) => counter(inc, restarts, missed);
    return [
        series("provisioning_auth_attempts_total", target, c(attempts)),
        series("provisioning_auth_failures_total", target, c(failures)),
        series("provisioning_rbac_denials_total", target, c(denials)),
    ];
}

function vaultSeries(span: readonly number[], rel: Rel): ReplaySeries[] {
    const next = random(30);
    const restarts = rel(deployMinutes(span[0], span[span.length - 1] + 1, 11));
    const ops = span.map((m) => noisy(diurnal(m, 60, 300), next));
    const slow = ops.map((o) => noisy(o * 0.001, next));
    const missed = restarts;
    const c = (inc: readonly number[]) => counter(inc, restarts, missed);
    let startTime = 3000;
    return [
        series(
            "up",
            vault,
            span.map((_, i) => (missed.has(i) ? 0 : 1)),
        ),
        series(
            "process_start_time_seconds",
            vault,
            span.map((m, i) => {
                if (restarts.has(i)) startTime = m * 60 + 10;
                return missed.has(i) ? undefined : startTime;
            }),
        ),
        series("provisioning_kms_latency_seconds_bucket", { ...vault, le: "0.5" }, c(ops.map((o, i) => o - slow[i]))),
        series("provisioning_kms_latency_seconds_bucket", { ...vault, le: "+Inf" }, c(ops)),
        series("provisioning_kms_latency_seconds_count", vault, c(ops)),
    ];
}

const gb = 1e9;

/** The host: root grows with logs and is rotated at midnight; the guide's mount takes the batch's scratch data; pseudo and read-only ones sit full. */
function nodeSeries(span: readonly number[], incident: Incident): ReplaySeries[] {
    const filesystem = (fs: Record<string, string>, size: number, avail: (m: number) => number, readonly = 0) => [
        series(
            "node_filesystem_avail_bytes",
            { ...node, ...fs },
            span.map((m) => Math.round(avail(m))),
        ),
        series(
            "node_filesystem_size_bytes",
            { ...node, ...fs },
            span.map(() => size),
        ),
        series(
            "node_filesystem_readonly",
            { ...node, ...fs },
            span.map(() => readonly),
        ),
    ];
    // 40 MB of logs an hour, rotated (and compressed away) at midnight: 60 GB of 100 GB free at its fullest.
    const rootAvail = (m: number) => incident.rootAvailableBytes?.(m) ?? 61 * gb - (hourOf(m) / 24) * 0.96 * gb;
    // The batch hour writes 5 GB of scratch data to the platform's data mount and deletes it at 03:00.
    const dataAvail = (m: number) => 60 * gb - (inBatchHour(m) ? (hourOf(m) - 2) * 5 * gb : 0);
    return [
        ...filesystem({ device: "/dev/sda2", fstype: "ext4", mountpoint: "/" }, 100 * gb, rootAvail),
        ...filesystem({ device: "/dev/sdb1", fstype: "ext4", mountpoint: "/var/lib/provisioning" }, 200 * gb, dataAvail),
        ...filesystem({ device: "/dev/sda1", fstype: "vfat", mountpoint: "/boot/efi" }, 0.5 * gb, () => 0.3 * gb),
        ...filesystem({ device: "tmpfs", fstype: "tmpfs", mountpoint: "/run/credentials" }, 0.001 * gb, () => 0),
        ...filesystem({ device: "/dev/loop0", fstype: "squashfs", mountpoint: "/snap/core22/1380" }, 0.08 * gb, () => 0, 1),
        series(
            "node_memory_MemTotal_bytes",
            node,
            span.map(() => 32 * gb),
        ),
        series(
            "node_memory_MemAvailable_bytes",
            node,
            span.map((m) => (inBatchHour(m) ? 8 * gb : 14 * gb)),
        ),
    ];
}

/** The stack's own targets, all up; Prometheus sends about 0.8 alerts a minute (the Watchdog, re-sent every 75 s or so). */
function stackSeries(span: readonly number[], incident: Incident): ReplaySeries[] {
    const refused = span.map((m) => (incident.alertmanagerRefuses?.(m) ? 0.8 : 0));
    const sentTo = { ...prometheus, alertmanager: "http://alertmanager:9093/api/v2/alerts" };
    return [
        ...stackTargets.flatMap((t, n) => [
            series(
                "up",
                t,
                span.map(() => 1),
            ),
            series(
                "process_start_time_seconds",
                t,
                span.map(() => 500 + n),
            ),
        ]),
        series("prometheus_notifications_sent_total", sentTo, counter(span.map(() => 0.8))),
        series("prometheus_notifications_errors_total", sentTo, counter(refused)),
        series(
            "prometheus_notifications_alertmanagers_discovered",
            prometheus,
            span.map(() => 1),
        ),
    ];
}
