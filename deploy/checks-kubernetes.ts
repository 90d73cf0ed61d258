// Pure preflight checks for the kubernetes platform, over kubectl's JSON answers (version, Namespace, StorageClass, IngressClass).
import { StackConfig } from "../model/config/types";
import { CheckResult, KubectlRun, KubernetesProbe } from "./probe-types";

const ok = (message: string): CheckResult => ({ status: "ok", message });
const fail = (message: string): CheckResult => ({ status: "fail", message });
const warn = (message: string): CheckResult => ({ status: "warn", message });

/** The annotations Kubernetes documents for the cluster's default classes. */
const defaultStorageClassAnnotation = "storageclass.kubernetes.io/is-default-class";
const defaultIngressClassAnnotation = "ingressclass.kubernetes.io/is-default-class";

function firstLine(text: string): string {
    return (
        text
            .split("\n")
            .map((l) => l.trim())
            .find((l) => l.length > 0) ?? "no output"
    );
}

/** Items of a `kubectl get <kind> -o json` list, or the reason there are none. */
function listItems(run: KubectlRun | undefined, what: string): { items: any[] } | { error: string } {
    if (!run || !run.found) return { error: `${what}: not probed` };
    if (run.exitCode !== 0) return { error: `${what}: ${firstLine(run.stderr)}` };
    try {
        const list = JSON.parse(run.stdout);
        return { items: Array.isArray(list.items) ? list.items : [] };
    } catch {
        return { error: `${what}: kubectl printed no JSON` };
    }
}

/** The cluster answers when `kubectl version -o json` has a serverVersion (it prints only clientVersion and exits 1 otherwise). */
export function checkCluster(probe: KubernetesProbe): CheckResult {
    const context = probe.context ? `context ${probe.context}` : "the current kubeconfig context";
    const run = probe.version;
    if (!run.found) {
        return fail("kubectl not found on PATH (the preflight asks the cluster through it): install kubectl (https://kubernetes.io/docs/tasks/tools/)");
    }
    let server: any;
    try {
        server = JSON.parse(run.stdout).serverVersion;
    } catch {
        server = undefined;
    }
    if (run.exitCode !== 0 || !server?.gitVersion) {
        return fail(
            `Kubernetes cluster not reachable through ${context} (${firstLine(run.stderr)}): ` +
                "select a reachable context (kubectl config use-context <name>) or set monitoring:kubeContext",
        );
    }
    return ok(`Kubernetes ${server.gitVersion} reachable through ${context}`);
}

/** The namespaces whose pods send logs and traces must exist (and not be terminating) before the stack admits them. */
export function checkClientNamespaces(probe: KubernetesProbe, config: StackConfig): CheckResult[] {
    const list = listItems(probe.namespaces, "namespaces");
    if ("error" in list) return [fail(`cannot list namespaces (${list.error}): grant the deploying user get/list on namespaces`)];
    const phases = new Map<string, string | undefined>(list.items.map((n) => [n?.metadata?.name, n?.status?.phase]));
    const results: CheckResult[] = [];
    for (const ns of config.clientNamespaces) {
        if (!phases.has(ns)) {
            results.push(
                fail(
                    `namespace ${ns} (monitoring:clientNamespaces) does not exist: create it (kubectl create namespace ${ns}) or remove it from monitoring:clientNamespaces`,
                ),
            );
        } else if (phases.get(ns) === "Terminating") {
            results.push(
                fail(
                    `namespace ${ns} (monitoring:clientNamespaces) is being deleted: wait for it to go, recreate it, or remove it from monitoring:clientNamespaces`,
                ),
            );
        }
    }
    if (results.length === 0) results.push(ok(`client namespaces present: ${config.clientNamespaces.join(", ") || "none"}`));
    return results;
}

/** The claims' StorageClass (named, or the cluster's default) must exist; without expansion a claim can never grow. */
export function checkStorageClass(probe: KubernetesProbe, config: StackConfig): CheckResult[] {
    const list = listItems(probe.storageClasses, "storage classes");
    if ("error" in list) return [fail(`cannot list StorageClasses (${list.error}): grant the deploying user get/list on storageclasses`)];
    const names = list.items
        .map((c) => c?.metadata?.name)
        .filter(Boolean)
        .sort();
    const wanted = config.storageClass;
    const chosen = wanted
        ? list.items.find((c) => c?.metadata?.name === wanted)
        : list.items.find((c) => c?.metadata?.annotations?.[defaultStorageClassAnnotation] === "true");
    if (!chosen) {
        const known = `classes in the cluster: ${names.join(", ") || "none"}`;
        return [
            wanted
                ? fail(`StorageClass ${wanted} (monitoring:storageClass) does not exist (${known}): set monitoring:storageClass to one of them`)
                : fail(`the cluster has no default StorageClass, so the stack's claims would stay Pending (${known}): set monitoring:storageClass`),
        ];
    }
    const name = chosen.metadata.name;
    if (chosen.allowVolumeExpansion !== true) {
        return [
            warn(
                `StorageClass ${name} does not allow volume expansion: monitoring:storageSizes cannot grow in place later; ` +
                    "choose a class with allowVolumeExpansion: true if the data may outgrow its claims",
            ),
        ];
    }
    return [ok(`StorageClass ${name}${wanted ? "" : " (the default)"} present, allows volume expansion`)];
}

/** Grafana's Ingress needs its IngressClass (named, or the cluster's default), or no controller will serve it. */
export function checkIngressClass(probe: KubernetesProbe, config: StackConfig): CheckResult[] {
    const ingress = config.grafanaIngress;
    if (!ingress || !config.components.includes("grafana")) return [];
    const list = listItems(probe.ingressClasses, "ingress classes");
    if ("error" in list) return [fail(`cannot list IngressClasses (${list.error}): grant the deploying user get/list on ingressclasses`)];
    const names = list.items
        .map((c) => c?.metadata?.name)
        .filter(Boolean)
        .sort();
    const known = `classes in the cluster: ${names.join(", ") || "none"}`;
    if (ingress.className) {
        if (names.includes(ingress.className)) return [ok(`IngressClass ${ingress.className} present`)];
        return [
            fail(
                `IngressClass ${ingress.className} (monitoring:grafanaIngress.className) does not exist (${known}): ` +
                    "install its ingress controller or set className to one of them",
            ),
        ];
    }
    const byDefault = list.items.find((c) => c?.metadata?.annotations?.[defaultIngressClassAnnotation] === "true");
    if (byDefault) return [ok(`IngressClass ${byDefault.metadata.name} (the default) present`)];
    return [fail(`monitoring:grafanaIngress has no className and the cluster has no default IngressClass (${known}): set grafanaIngress.className`)];
}

/** Every Kubernetes check; the others only when the cluster answered. */
export function checkKubernetes(probe: KubernetesProbe, config: StackConfig, scope: "deploy" | "destroy"): CheckResult[] {
    const cluster = checkCluster(probe);
    if (cluster.status === "fail" || scope === "destroy") return [cluster];
    return [cluster, ...checkClientNamespaces(probe, config), ...checkStorageClass(probe, config), ...checkIngressClass(probe, config)];
}
