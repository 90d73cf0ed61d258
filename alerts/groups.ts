// The rule groups and the files they are written to: one file per owner, so platform and stack rules can be reviewed apart.
import { RuleGroupSpec } from "./types";

/** The guide evaluates the platform's alerts every 30s; stack groups follow the stack's evaluationInterval. */
export const platformGroupInterval = "30s";

/** Critical health rules are cheap and page someone: every second, a page comes at most a second after its `for` (BENCHMARKS.md). */
const criticalGroupInterval = "1s";
export const criticalGroupName = "provisioning_critical";

export const sloGroupName = "provisioning_slo";
export const platformAvailabilityGroupName = "provisioning_availability";

/** Group that holds the dashboards' recording rules and the SLOs' short windows; evaluated at the stack's evaluationInterval. */
export const recordingGroupName = "provisioning_recording";
/** Group of the SLOs' long windows (1d, 3d, 30d): rates over days change slowly, so every 5 minutes is enough and cheap. */
export const sloLongRecordingGroupName = "provisioning_slo_long_windows";
/** Latency histograms, every minute: it keeps a latency chart's resolution (and off the 15 s group the alerts' rules share). */
export const dashboardRecordingGroupName = "provisioning_dashboard_recording";
/** Host and process charts every 5 m: a 7-day chart reads one sample per 5 m, still seen at every step (Prometheus looks back 5 m). */
export const dashboardRecording5mGroupName = "provisioning_dashboard_recording_5m";

/** Rule files by what they hold; the keys of renderPrometheusRuleFiles' result. */
export const ruleFileNames = { platform: "provisioning.yml", stack: "stack-health.yml", recording: "recording.yml" } as const;

/** Every group, in the order it is rendered. */
export const ruleGroups: readonly RuleGroupSpec[] = [
    { name: criticalGroupName, file: ruleFileNames.platform, interval: criticalGroupInterval, owner: "platform", alwaysPrometheus: true },
    // SLOs, crash loops, vanished targets: in Prometheus (a page must not depend on Grafana), every 30s (they read recorded ratios).
    { name: sloGroupName, file: ruleFileNames.platform, interval: platformGroupInterval, owner: "platform", alwaysPrometheus: true },
    { name: platformAvailabilityGroupName, file: ruleFileNames.platform, interval: platformGroupInterval, owner: "platform", alwaysPrometheus: true },
    { name: "provisioning_alerts", file: ruleFileNames.platform, interval: platformGroupInterval, owner: "platform" },
    { name: "provisioning_orchestrator", file: ruleFileNames.platform, interval: platformGroupInterval, owner: "platform" },
    { name: "provisioning_control_center", file: ruleFileNames.platform, interval: platformGroupInterval, owner: "platform" },
    { name: "provisioning_vault_service", file: ruleFileNames.platform, interval: platformGroupInterval, owner: "platform" },
    { name: "stack_health", file: ruleFileNames.stack, owner: "stack" },
    { name: "stack_prometheus", file: ruleFileNames.stack, owner: "stack" },
    { name: "stack_alertmanager", file: ruleFileNames.stack, owner: "stack" },
    // With monitoring:thanos only (its parts' metrics exist only then).
    { name: "stack_thanos", file: ruleFileNames.stack, owner: "stack" },
    { name: "stack_pipelines", file: ruleFileNames.stack, owner: "stack" },
    { name: "stack_node", file: ruleFileNames.stack, owner: "stack" },
    // Kubernetes only (alerts/catalog-kubernetes.ts): the cluster's objects the stack and the platform run as.
    { name: "kubernetes_workloads", file: ruleFileNames.stack, owner: "stack" },
    { name: "kubernetes_storage", file: ruleFileNames.stack, owner: "stack" },
    { name: recordingGroupName, file: ruleFileNames.recording, owner: "stack" },
    { name: sloLongRecordingGroupName, file: ruleFileNames.recording, interval: "5m", owner: "stack" },
    { name: dashboardRecordingGroupName, file: ruleFileNames.recording, interval: "1m", owner: "stack" },
    { name: dashboardRecording5mGroupName, file: ruleFileNames.recording, interval: "5m", owner: "stack" },
];
