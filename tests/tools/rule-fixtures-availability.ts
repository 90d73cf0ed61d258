// promtool fixtures for crash loops (which every single scrape can hide) and for scrape targets gone from discovery.
import { AlertFixture, InputSeries, seriesName } from "./rule-fixture-types";

const s = (name: string, labels: Readonly<Record<string, string>>, values: string): InputSeries => ({ series: seriesName(name, labels), values });

const orchestrator = { job: "provisioning-orchestrator", instance: "orchestrator:8080" };
const loki = { job: "loki", instance: "loki:3100" };

function crashLoop(alert: string, target: { job: string; instance: string }, severity: string, summary: string): AlertFixture {
    return {
        alert,
        firing: {
            // Restarted every 5 minutes under Kubernetes' back-off, and up at every scrape: no *Down alert ever sees it.
            series: [s("up", target, "1x20"), s("process_start_time_seconds", target, "100x4 400x5 700x5 1000x5")],
            at: "16m",
            expected: [
                {
                    labels: { ...target, severity },
                    summary,
                    description: `${target.instance} of ${target.job} restarted or went down and up 2 times in the last 15m; it keeps failing even when single scrapes succeed.`,
                },
            ],
        },
        // One restart (a deploy) with one failed scrape while it happened.
        healthy: { series: [s("up", target, "1x9 0 1x10"), s("process_start_time_seconds", target, "100x9 700x11")], at: "16m" },
        silentEdges: [{ name: "a steady target", series: [s("up", target, "1x20"), s("process_start_time_seconds", target, "100x20")], at: "16m" }],
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
            // No process start time (or an unchanged one): the down/up flaps alone reveal the loop.
            series: [s("up", loki, "1 0 1 1 1 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1"), s("process_start_time_seconds", loki, "100x20")],
            at: "10m",
            expected: [
                {
                    labels: { ...loki, severity: "warning" },
                    summary: "A monitoring stack component is crash-looping",
                    description: "loki:3100 of loki restarted or went down and up 4 times in the last 15m; it keeps failing even when single scrapes succeed.",
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
