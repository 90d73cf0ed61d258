// Pure preflight checks for the kubernetes platform, over kubectl's JSON answers (version, Namespace, StorageClass, IngressClass).
import { StackConfig } from "../model/config/types";
import { parsedJson } from "../model/common/parsed-json";
import { CheckResult, fail, ok, warn } from "./checks";
import { KubernetesProbe, ToolRun } from "./probes";

const firstLine = (text: string): string => /^\s*(\S.*?)\s*$/m.exec(text)?.[1] ?? "no output";

/** Items of a `kubectl get <kinds> -o json` list (namespaces, StorageClasses, IngressClasses), or a failure naming what to grant. */
function listItems(run: ToolRun | undefined, kinds: string): { items: any[]; known: string } | { error: CheckResult } {
    const words = kinds.replace("Classes", " classes").toLowerCase();
    const cannot = (why: string) => ({ error: fail(`cannot list ${kinds} (${words}: ${why}): grant the deploying user get/list on ${kinds.toLowerCase()}`) });
    if (!run || !run.found) return cannot("not probed");
    if (run.exitCode !== 0) return cannot(firstLine(run.stderr));
    const list: any = parsedJson(run.stdout);
    if (list === undefined || list === null) return cannot("kubectl printed no JSON");
    const items: any[] = Array.isArray(list.items) ? list.items : [];
    const names: string[] = items.map((c) => c?.metadata?.name).filter(Boolean);
    return { items, known: `classes in the cluster: ${names.sort().join(", ") || "none"}` };
}

const defaultOf = (items: any[], kind: string) => items.find((c) => c?.metadata?.annotations?.[`${kind}.kubernetes.io/is-default-class`] === "true");

/** The cluster answers when `kubectl version -o json` has a serverVersion (it prints only clientVersion and exits 1 otherwise). */
export function checkCluster(probe: KubernetesProbe): CheckResult {
    const context = probe.context ? `context ${probe.context}` : "the current kubeconfig context";
    const run = probe.version;
    if (!run.found)
        return fail("kubectl not found on PATH (the preflight asks the cluster through it): install kubectl (https://kubernetes.io/docs/tasks/tools/)");
    const server = (parsedJson(run.stdout) as any)?.serverVersion;
    if (run.exitCode === 0 && server?.gitVersion) return ok(`Kubernetes ${server.gitVersion} reachable through ${context}`);
    return fail(
        `Kubernetes cluster not reachable through ${context} (${firstLine(run.stderr)}): ` +
            "select a reachable context (kubectl config use-context <name>) or set monitoring:kubeContext",
    );
}

/** The namespaces whose pods send logs and traces must exist (and not be terminating) before the stack admits them. */
export function checkClientNamespaces(probe: KubernetesProbe, config: StackConfig): CheckResult[] {
    const list = listItems(probe.namespaces, "namespaces");
    if ("error" in list) return [list.error];
    const phases = new Map<string, string | undefined>(list.items.map((n) => [n?.metadata?.name, n?.status?.phase]));
    const wanted = config.clientNamespaces;
    const results = wanted.flatMap((ns) => {
        const what = `namespace ${ns} (monitoring:clientNamespaces)`;
        if (!phases.has(ns)) return [fail(`${what} does not exist: create it (kubectl create namespace ${ns}) or remove it from monitoring:clientNamespaces`)];
        return phases.get(ns) === "Terminating"
            ? [fail(`${what} is being deleted: wait for it to go, recreate it, or remove it from monitoring:clientNamespaces`)]
            : [];
    });
    return results.length > 0 ? results : [ok(`client namespaces present: ${wanted.join(", ") || "none"}`)];
}

/** The claims' StorageClass (named, or the cluster's default) must exist; without expansion a claim can never grow. */
export function checkStorageClass(probe: KubernetesProbe, config: StackConfig): CheckResult[] {
    const list = listItems(probe.storageClasses, "StorageClasses");
    if ("error" in list) return [list.error];
    const wanted = config.storageClass;
    const chosen = wanted ? list.items.find((c) => c?.metadata?.name === wanted) : defaultOf(list.items, "storageclass");
    if (!chosen && wanted)
        return [fail(`StorageClass ${wanted} (monitoring:storageClass) does not exist (${list.known}): set monitoring:storageClass to one of them`)];
    if (!chosen)
        return [fail(`the cluster has no default StorageClass, so the stack's claims would stay Pending (${list.known}): set monitoring:storageClass`)];
    const name = chosen.metadata.name;
    if (chosen.allowVolumeExpansion === true) return [ok(`StorageClass ${name}${wanted ? "" : " (the default)"} present, allows volume expansion`)];
    return [
        warn(
            `StorageClass ${name} does not allow volume expansion: monitoring:storageSizes cannot grow in place later; ` +
                "choose a class with allowVolumeExpansion: true if the data may outgrow its claims",
        ),
    ];
}

/** Grafana's Ingress needs its IngressClass (named, or the cluster's default), or no controller will serve it. */
export function checkIngressClass(probe: KubernetesProbe, config: StackConfig): CheckResult[] {
    const ingress = config.grafanaIngress;
    if (!ingress || !config.components.includes("grafana")) return [];
    const list = listItems(probe.ingressClasses, "IngressClasses");
    if ("error" in list) return [list.error];
    const { className } = ingress;
    if (className && list.items.some((c) => c?.metadata?.name === className)) return [ok(`IngressClass ${className} present`)];
    const what = `IngressClass ${className} (monitoring:grafanaIngress.className) does not exist (${list.known})`;
    if (className) return [fail(`${what}: install its ingress controller or set className to one of them`)];
    const byDefault = defaultOf(list.items, "ingressclass");
    if (byDefault) return [ok(`IngressClass ${byDefault.metadata.name} (the default) present`)];
    return [fail(`monitoring:grafanaIngress has no className and the cluster has no default IngressClass (${list.known}): set grafanaIngress.className`)];
}

export function checkKubernetes(probe: KubernetesProbe, config: StackConfig, scope: "deploy" | "destroy"): CheckResult[] {
    const cluster = checkCluster(probe);
    if (cluster.status === "fail" || scope === "destroy") return [cluster];
    return [cluster, ...checkClientNamespaces(probe, config), ...checkStorageClass(probe, config), ...checkIngressClass(probe, config)];
}
