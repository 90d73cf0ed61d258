// promtool fixtures for crash loops (which every single scrape can hide) and for scrape targets gone from discovery.
import { AlertFixture, InputSeries, seriesName } from "./rule-fixture-types";

const s = (name: string, labels: Readonly<Record<string, string>>, values: string): InputSeries => ({ series: seriesName(name, labels), values });

const orchestrator = { job: "provisioning-orchestrator", instance: "orchestrator:8080" };
const loki = { job: "loki", instance: "loki:3100" };
// A pod discovered on Kubernetes: its series carry namespace and pod, which kube-state-metrics' series share.
const lokiPod = { job: "loki", instance: "loki-0", namespace: "monitoring", pod: "loki-0" };
const ksm = { job: "kube-state-metrics", instance: "kube-state-metrics:8080" };

function crashLoop(alert: string, target: { job: string; instance: string }, severity: string, summary: string): AlertFixture {
    return {
        alert,
        firing: {
            // Five restarts in 15 minutes (a new start time each), each with a failed scrape: up at most scrapes, no *Down.
            series: [
                s("up", target, "1x1 0 1x1 0 1x1 0 1x1 0 1x1 0 1x5"),
                s("process_start_time_seconds", target, "100x1 _ 300x1 _ 480x1 _ 660x1 _ 840x1 _ 1020x5"),
            ],
            at: "15m",
            expected: [
                {
                    labels: { ...target, severity },
                    summary,
                    description: `${target.instance} of ${target.job} restarted 5 times in the last 15m; it keeps failing even when single scrapes succeed.`,
                },
            ],
        },
        // One restart (a deploy) with one failed scrape while it happened.
        healthy: { series: [s("up", target, "1x9 0 1x10"), s("process_start_time_seconds", target, "100x9 _ 700x10")], at: "16m" },
        silentEdges: [
            { name: "a steady target", series: [s("up", target, "1x20"), s("process_start_time_seconds", target, "100x20")], at: "16m" },
            {
                // A 3-minute GC pause: scrapes time out and some get through, so up flaps; the process never restarted.
                name: "a 3-minute GC pause (up flapping, no restart)",
                series: [s("up", target, "1x8 0 1 0 1 1x10"), s("process_start_time_seconds", target, "100x8 _ 100 _ 100x11")],
                at: "16m",
            },
        ],
    };
}

/** A job that must exist: its `up` series is gone (another job's is not enough), versus present but down. */
function targetMissing(alert: string, job: string, instance: string, severity: string, title: string, at: string): AlertFixture {
    return {
        alert,
        firing: {
            series: [s("up", { job: "some-other-job", instance: "other:1" }, "1x20")],
            at,
            expected: [
                {
                    labels: { job, severity },
                    summary: `${title} has no scrape target`,
                    description: `Prometheus has no target of job ${job} at all (not even a failing one): it vanished from service discovery, so no *Down alert can fire.`,
                },
            ],
        },
        // Down but discovered is the *Down alert's case, not this one.
        healthy: { series: [s("up", { job, instance }, "0x20")], at },
    };
}

export const platformAvailabilityFixtures: readonly AlertFixture[] = [
    crashLoop("PlatformServiceCrashLooping", orchestrator, "critical", "A platform service is crash-looping"),
    targetMissing("OrchestratorTargetMissing", "provisioning-orchestrator", "orchestrator:8080", "critical", "Orchestrator", "5m"),
    targetMissing("ControlCenterTargetMissing", "provisioning-control-center", "control-center:8081", "critical", "Control Center", "5m"),
    targetMissing("VaultServiceTargetMissing", "provisioning-vault-service", "vault-service:8085", "critical", "Vault Service", "5m"),
];

export const stackAvailabilityFixtures: readonly AlertFixture[] = [
    {
        ...crashLoop("StackComponentCrashLooping", loki, "warning", "A monitoring stack component is crash-looping"),
        firing: {
            // On Kubernetes: the container restarts before its first scrape, so the start time never changes; the
            // restart counter of its pod does (kube-state-metrics), joined to the job that scrapes the pod.
            series: [
                s("up", lokiPod, "1 0 1 1 1 0 1 1 1 0 1x10"),
                s("process_start_time_seconds", lokiPod, "100x20"),
                s("kube_pod_container_status_restarts_total", { ...ksm, namespace: "monitoring", pod: "loki-0", container: "loki" }, "0 1x4 2x4 3x11"),
            ],
            at: "10m",
            expected: [
                {
                    labels: { ...lokiPod, severity: "warning" },
                    summary: "A monitoring stack component is crash-looping",
                    description: "loki-0 of loki restarted 2 times in the last 15m; it keeps failing even when single scrapes succeed.",
                },
            ],
        },
    },
    targetMissing("PrometheusTargetMissing", "prometheus", "localhost:9090", "warning", "Prometheus", "10m"),
    targetMissing("GrafanaTargetMissing", "grafana", "grafana:3000", "warning", "Grafana", "10m"),
    targetMissing("LokiTargetMissing", "loki", "loki:3100", "warning", "Loki", "10m"),
    targetMissing("PromtailTargetMissing", "promtail", "promtail:9080", "warning", "Promtail", "10m"),
    targetMissing("TempoTargetMissing", "tempo", "tempo:3200", "warning", "Tempo", "10m"),
    targetMissing("AlertmanagerTargetMissing", "alertmanager", "alertmanager:9093", "warning", "Alertmanager", "10m"),
    targetMissing("NodeExporterTargetMissing", "node-exporter", "node-exporter:9100", "warning", "Node exporter", "10m"),
];
