// monitoring:prometheusOperator: upstream's operator and the teams' Prometheus; `team=<name>` is set from the namespace last, so no team claims another's.
import { StackConfig } from "../../model/config/types";
import { replicaHosts } from "../../model/endpoints";
import { prometheusOperatorImage, prometheusOperatorName, teamsPrometheusName } from "../../model/prometheus-operator";
import { helperImages } from "../../model/config/catalog";
import { commonLabels, declared, DeclaredObject, KubernetesObject, kubernetesPortName } from "./objects";
import { accountObject, boundRole } from "./access";
import { admission } from "./network";
import { nobody, nobodyDeployment, podSecurityContext } from "./pod";

/** The operator names the pods and account of a Prometheus after it; its pods carry this label. */
const teamsAccount = `prometheus-${teamsPrometheusName}`;
const teamsPodLabels = { "app.kubernetes.io/managed-by": "prometheus-operator", "operator.prometheus.io/name": teamsPrometheusName };

/** The teams' namespaces, sorted: what the operator watches and the teams' Prometheus selects monitors and rules in. */
const teamNamespaces = (config: Pick<StackConfig, "teams">) => [...new Set(config.teams.flatMap((t) => t.namespaces ?? []))].sort();

/** `team=<name>` from the namespace a series or an alert comes from: one relabelling per team with namespaces. */
function teamFromNamespace(config: Pick<StackConfig, "teams">) {
    return config.teams
        .filter((t) => t.namespaces?.length)
        .map((t) => ({ sourceLabels: ["namespace"], regex: t.namespaces!.join("|"), targetLabel: "team", replacement: t.name, action: "replace" }));
}

function role(config: StackConfig, kind: "Role" | "ClusterRole", name: string, account: string, rules: object[], namespace?: string): DeclaredObject[] {
    const metadata = { name, ...(namespace ? { namespace } : {}), labels: commonLabels(config, prometheusOperatorName, prometheusOperatorImage) };
    return boundRole(kind, metadata, rules, { name: account, namespace: config.namespace });
}

const read = ["get", "list", "watch"];
const write = ["get", "list", "watch", "create", "update", "patch", "delete"];

function operatorAccess(config: StackConfig): DeclaredObject[] {
    const prefix = `monitoring-${config.stack}-${prometheusOperatorName}`;
    const own = [
        {
            apiGroups: ["monitoring.coreos.com"],
            resources: ["prometheuses", "prometheuses/status", "prometheuses/finalizers"],
            verbs: read.concat("update", "patch"),
        },
        { apiGroups: ["apps"], resources: ["statefulsets"], verbs: write },
        { apiGroups: [""], resources: ["configmaps", "secrets", "services", "endpoints"], verbs: write },
        { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch", "delete"] },
        { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: write },
        { apiGroups: ["", "events.k8s.io"], resources: ["events"], verbs: ["create", "patch"] },
    ];
    // A monitor may name a secret or config map of its own namespace (basic auth, TLS); the operator copies it into the config.
    const teams = [
        { apiGroups: ["monitoring.coreos.com"], resources: ["podmonitors", "probes", "prometheusrules", "servicemonitors"], verbs: read },
        { apiGroups: [""], resources: ["configmaps", "secrets"], verbs: read },
    ];
    return [
        ...role(config, "Role", prefix, prometheusOperatorName, own, config.namespace),
        ...teamNamespaces(config).flatMap((ns) => role(config, "Role", prefix, prometheusOperatorName, teams, ns)),
        // Namespace selectors are matched against the namespaces' labels: cluster-scoped by nature.
        ...role(config, "ClusterRole", `${prefix}-namespaces`, prometheusOperatorName, [{ apiGroups: [""], resources: ["namespaces"], verbs: read }]),
    ];
}

/** What the teams' Prometheus discovers: the teams' pods and Services, and the stack's Alertmanagers. */
function teamsPrometheusAccess(config: StackConfig): DeclaredObject[] {
    const rules = [
        { apiGroups: [""], resources: ["endpoints", "pods", "services"], verbs: read },
        { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: read },
    ];
    const name = `monitoring-${config.stack}-${teamsAccount}-discovery`;
    return [config.namespace, ...teamNamespaces(config)].flatMap((ns) => role(config, "Role", name, teamsAccount, rules, ns));
}

export function teamsPrometheus(config: StackConfig): KubernetesObject {
    const inTeamNamespaces = { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: teamNamespaces(config) }] };
    const relabel = teamFromNamespace(config);
    return {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "Prometheus",
        metadata: { name: teamsPrometheusName, namespace: config.namespace, labels: commonLabels(config, teamsAccount) },
        spec: {
            replicas: 1,
            image: config.images.prometheus,
            version: config.images.prometheus.slice(config.images.prometheus.lastIndexOf(":") + 1),
            serviceAccountName: teamsAccount,
            scrapeInterval: config.scrapeInterval,
            evaluationInterval: config.evaluationInterval,
            externalLabels: { cluster: config.cluster },
            // Every monitor and rule in the teams' namespaces; `namespace` is always the object's own, whatever it relabels.
            serviceMonitorSelector: {},
            serviceMonitorNamespaceSelector: inTeamNamespaces,
            podMonitorSelector: {},
            podMonitorNamespaceSelector: inTeamNamespaces,
            ruleSelector: {},
            ruleNamespaceSelector: inTeamNamespaces,
            enforcedNamespaceLabel: "namespace",
            // Its data lives in the stack's Prometheus; the local copy serves rule evaluation only.
            retention: "1d",
            remoteWrite: replicaHosts("prometheus", config.prometheusReplicas).map((host) => ({
                url: `http://${host}:${config.ports.prometheus}/api/v1/write`,
                writeRelabelConfigs: relabel,
            })),
            alerting: {
                alertmanagers: [
                    {
                        namespace: config.namespace,
                        name: "alertmanager",
                        port: kubernetesPortName("alertmanager"),
                        apiVersion: "v2",
                        alertRelabelings: relabel,
                    },
                ],
            },
            securityContext: podSecurityContext(nobody, { fsGroup: nobody.gid }),
            resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
        },
    };
}

/** The stack's Prometheus takes the teams' samples, its Alertmanager their alerts (each namespace denies all else). */
function admissions(config: StackConfig): DeclaredObject[] {
    const from = [{ podSelector: { matchLabels: teamsPodLabels } }];
    return (["prometheus", "alertmanager"] as const).map((component) => {
        const metadata = { name: `${component}-from-${teamsAccount}`, namespace: config.namespace, labels: commonLabels(config, teamsAccount) };
        return declared(admission(config, component, metadata, [{ from, ports: [{ port: config.ports[component], protocol: "TCP" }] }]));
    });
}

/** Every object of monitoring:prometheusOperator but the CRDs; none without it. The Prometheus comes last: it needs them. */
export function prometheusOperatorObjects(config: StackConfig): DeclaredObject[] {
    if (!config.prometheusOperator) return [];
    const account = (name: string) => declared(accountObject({ name, namespace: config.namespace, labels: commonLabels(config, name) }, true));
    return [
        account(prometheusOperatorName),
        ...operatorAccess(config),
        declared(
            nobodyDeployment(config, {
                name: prometheusOperatorName,
                image: prometheusOperatorImage,
                args: [
                    // Monitors and rules in the teams' namespaces, the Prometheus object in the stack's: nothing else in the cluster.
                    `--namespaces=${teamNamespaces(config).join(",")}`,
                    `--prometheus-instance-namespaces=${config.namespace}`,
                    `--alertmanager-instance-namespaces=${config.namespace}`,
                    `--thanos-ruler-instance-namespaces=${config.namespace}`,
                    // The reloader next to the teams' Prometheus: the stack's pin, not the operator's default.
                    `--prometheus-config-reloader=${helperImages.configReloader}`,
                    "--web.listen-address=:8080",
                ],
                ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
            }),
        ),
        account(teamsAccount),
        ...teamsPrometheusAccess(config),
        ...admissions(config),
        declared(teamsPrometheus(config)),
    ];
}
