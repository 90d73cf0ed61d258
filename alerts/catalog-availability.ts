// Nothing vanishes silently: crash loops (independent of `for`, which a restarting target resets) and scrape targets that
// are gone from discovery (no `up` series left for a `*Down` alert to see), for the platform's services and the stack.
import { ComponentName, componentNames } from "../model/config/catalog";
import { kubernetesJobs } from "../model/config/kubernetes-cluster";
import { platformJobs } from "./catalog-platform";
import { componentTitles } from "./catalog-stack";
import { platformAvailabilityGroupName } from "./groups";
import { AlertOwner, AlertRule, Severity } from "./types";

/** The window a crash loop is counted over: Kubernetes' back-off (up to 5 minutes) restarts a pod at least 3 times in it. */
const crashLoopWindow = "15m";

/**
 * Restarts within the window: a new process start time, or on Kubernetes a container restart of a pod the job scrapes
 * (kube-state-metrics' counter, joined on the pod). Two are a loop, one is a deploy. Never `up` flapping: a GC pause or a
 * slow scrape makes `up` flap with no restart at all. No `for`: a restarting target resets every `for`.
 */
function crashLoopExpr(jobRegex: string): string {
    const containerRestarts =
        `(max by (namespace, pod) (increase(kube_pod_container_status_restarts_total{job="${kubernetesJobs.kubeStateMetrics}"}[${crashLoopWindow}])) >= 2) ` +
        `* on (namespace, pod) group_left (job, instance) group by (namespace, pod, job, instance) (up{job=~"${jobRegex}"})`;
    return `changes(process_start_time_seconds{job=~"${jobRegex}"}[${crashLoopWindow}]) >= 2 or on (job, instance) ${containerRestarts}`;
}

function crashLooping(alert: string, owner: AlertOwner, group: string, jobRegex: string, severity: Severity, what: string): AlertRule {
    return {
        alert,
        group,
        owner,
        expr: crashLoopExpr(jobRegex),
        severity,
        summary: `${what} is crash-looping`,
        description:
            '{{ $labels.instance }} of {{ $labels.job }} restarted {{ $value | printf "%.0f" }} times in the last ' +
            `${crashLoopWindow}; it keeps failing even when single scrapes succeed.`,
    };
}

function targetMissing(alert: string, owner: AlertOwner, group: string, job: string, severity: Severity, holdFor: string, title: string): AlertRule {
    return {
        alert,
        group,
        owner,
        expr: `absent(up{job="${job}"})`,
        for: holdFor,
        severity,
        summary: `${title} has no scrape target`,
        description: `Prometheus has no target of job ${job} at all (not even a failing one): it vanished from service discovery, so no *Down alert can fire.`,
    };
}

/** `<Title>TargetMissing`, e.g. NodeExporterTargetMissing. */
function targetMissingAlertName(title: string): string {
    return `${title.replace(/\s+(\w)/g, (_, c: string) => c.toUpperCase())}TargetMissing`;
}

const services: readonly { readonly job: string; readonly title: string }[] = [
    { job: platformJobs.orchestrator, title: "Orchestrator" },
    { job: platformJobs.controlCenter, title: "Control Center" },
    { job: platformJobs.vaultService, title: "Vault Service" },
];

const platformAvailability: readonly AlertRule[] = [
    crashLooping(
        "PlatformServiceCrashLooping",
        "platform",
        platformAvailabilityGroupName,
        Object.values(platformJobs).join("|"),
        "critical",
        "A platform service",
    ),
    ...services.map((s) => ({
        ...targetMissing(targetMissingAlertName(s.title), "platform", platformAvailabilityGroupName, s.job, "critical", "1m", s.title),
        requires: { jobs: [s.job] },
    })),
];

const stackAvailability: readonly AlertRule[] = [
    crashLooping("StackComponentCrashLooping", "stack", "stack_health", componentNames.join("|"), "warning", "A monitoring stack component"),
    ...componentNames.map((c: ComponentName) => ({
        ...targetMissing(targetMissingAlertName(componentTitles[c]), "stack", "stack_health", c, "warning", "5m", componentTitles[c]),
        requires: { components: [c] },
    })),
];

export const availabilityAlerts: readonly AlertRule[] = [...platformAvailability, ...stackAvailability];
