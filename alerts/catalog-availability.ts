// Nothing vanishes silently: crash loops (a restart resets any `for`) and targets gone from discovery (no `up` left for a `*Down` alert to see).
import { componentNames } from "../model/config/catalog";
import { kubernetesJobs } from "../model/config/kubernetes-cluster";
import { platformJobs } from "./catalog-platform";
import { alertNameOf, componentTitles } from "./catalog-stack";
import { platformAvailabilityGroupName } from "./groups";
import { AlertRow, AlertRule, alertTable, Severity } from "./types";

/** The window a crash loop is counted over: Kubernetes' back-off (up to 5 minutes) restarts a pod at least 3 times in it. */
const crashLoopWindow = "15m";

/**
 * Restarts in the window: a new process start time, or on Kubernetes a restart of a container of a pod the job scrapes. Two are
 * a loop, one is a deploy. Never `up` flapping (a GC pause or a slow scrape flaps it with no restart); no `for` (a restart resets it).
 */
function crashLoopExpr(jobRegex: string): string {
    const containerRestarts =
        `(max by (namespace, pod) (increase(kube_pod_container_status_restarts_total{job="${kubernetesJobs.kubeStateMetrics}"}[${crashLoopWindow}])) >= 2) ` +
        `* on (namespace, pod) group_left (job, instance) group by (namespace, pod, job, instance) (up{job=~"${jobRegex}"})`;
    return `changes(process_start_time_seconds{job=~"${jobRegex}"}[${crashLoopWindow}]) >= 2 or on (job, instance) ${containerRestarts}`;
}

const crashLooping = (alert: string, jobRegex: string, severity: Severity, what: string): AlertRow => ({
    alert,
    expr: crashLoopExpr(jobRegex),
    severity,
    summary: `${what} is crash-looping`,
    description:
        '{{ $labels.instance }} of {{ $labels.job }} restarted {{ $value | printf "%.0f" }} times in the last ' +
        `${crashLoopWindow}; it keeps failing even when single scrapes succeed.`,
});

/** `<Title>TargetMissing`, e.g. NodeExporterTargetMissing: the job vanished from service discovery. */
const targetMissing = (title: string, job: string, severity: Severity, holdFor: string): AlertRow => ({
    alert: alertNameOf(title, "TargetMissing"),
    expr: `absent(up{job="${job}"})`,
    for: holdFor,
    severity,
    summary: `${title} has no scrape target`,
    description: `Prometheus has no target of job ${job} at all (not even a failing one): it vanished from service discovery, so no *Down alert can fire.`,
});

const services: readonly { readonly job: string; readonly title: string }[] = [
    { job: platformJobs.orchestrator, title: "Orchestrator" },
    { job: platformJobs.controlCenter, title: "Control Center" },
    { job: platformJobs.vaultService, title: "Vault Service" },
];

export const availabilityAlerts: readonly AlertRule[] = [
    ...alertTable({ group: platformAvailabilityGroupName, owner: "platform" }, [
        crashLooping("PlatformServiceCrashLooping", Object.values(platformJobs).join("|"), "critical", "A platform service"),
        ...services.map((s) => ({ ...targetMissing(s.title, s.job, "critical", "1m"), requires: { jobs: [s.job] } })),
    ]),
    ...alertTable({ group: "stack_health", owner: "stack" }, [
        crashLooping("StackComponentCrashLooping", componentNames.join("|"), "warning", "A monitoring stack component"),
        ...componentNames.map((c) => ({ ...targetMissing(componentTitles[c], c, "warning", "5m"), requires: { components: [c] } })),
    ]),
];
