// kube-state-metrics, for a Prometheus that watches the cluster: the state of the pods, workloads and claims of the discovery namespaces.
import type * as k8s from "@pulumi/kubernetes";
import { kubernetesJobs, kubeStateMetricsImage, kubeStateMetricsPorts, kubeStateMetricsResources } from "../../model/config/kubernetes-cluster";
import { StackConfig } from "../../model/config/types";
import { watchedNamespaces } from "../../model/endpoints";
import { commonLabels, declared, DeclaredObject, KubernetesObject, selectorLabels } from "./objects";
import { accountObject } from "./access";
import { admission } from "./network";
import { nobodyDeployment } from "./pod";

const name = kubernetesJobs.kubeStateMetrics;
const ports = Object.entries(kubeStateMetricsPorts);

export function kubeStateMetricsObjects(config: StackConfig): DeclaredObject[] {
    const namespace = config.namespace;
    const probe = (path: string, port: number) => ({ httpGet: { path, port }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 });
    const meta = (ns?: string) => ({ name, ...(ns ? { namespace: ns } : {}), labels: commonLabels(config, name, kubeStateMetricsImage) });
    // Bound per namespace (RoleBindings), so it grants nothing outside the discovery namespaces.
    const role = `monitoring-${config.stack}-kube-state-metrics`;
    const objects: KubernetesObject[] = [
        accountObject(meta(namespace), true),
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRole",
            metadata: { ...meta(), name: role },
            rules: [
                { apiGroups: [""], resources: [...kubeStateMetricsResources.core], verbs: ["list", "watch"] },
                { apiGroups: ["apps"], resources: [...kubeStateMetricsResources.apps], verbs: ["list", "watch"] },
            ],
        },
        ...watchedNamespaces(config).map((ns): KubernetesObject => ({
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "RoleBinding",
            metadata: { ...meta(ns), name: role },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
            subjects: [{ kind: "ServiceAccount", name, namespace }],
        })),
        nobodyDeployment(config, {
            name,
            image: kubeStateMetricsImage,
            args: [
                `--port=${kubeStateMetricsPorts.metrics}`,
                `--telemetry-port=${kubeStateMetricsPorts.telemetry}`,
                `--resources=${[...kubeStateMetricsResources.core, ...kubeStateMetricsResources.apps].sort().join(",")}`,
                `--namespaces=${watchedNamespaces(config).join(",")}`,
            ],
            ports: ports.map(([portName, port]) => ({ name: portName, containerPort: port, protocol: "TCP" })),
            // kube-prometheus' sizing for a small cluster; it grows with the number of objects watched.
            resources: { requests: { cpu: "10m", memory: "190Mi" }, limits: { cpu: "100m", memory: "250Mi" } },
            // The first list of every object may take a while in a large namespace.
            startupProbe: { ...probe("/livez", kubeStateMetricsPorts.metrics), failureThreshold: 30 },
            livenessProbe: probe("/livez", kubeStateMetricsPorts.metrics),
            readinessProbe: probe("/readyz", kubeStateMetricsPorts.telemetry),
        }),
        {
            apiVersion: "v1",
            kind: "Service",
            metadata: meta(namespace),
            spec: {
                type: "ClusterIP",
                selector: selectorLabels(config, name),
                ports: ports.map(([portName, port]) => ({ name: portName, port, targetPort: port, protocol: "TCP" })),
            } satisfies k8s.types.input.core.v1.ServiceSpec,
        },
        // Prometheus alone scrapes it.
        admission(config, name, meta(namespace), [
            { from: [{ podSelector: { matchLabels: selectorLabels(config, "prometheus") } }], ports: ports.map(([, port]) => ({ port, protocol: "TCP" })) },
        ]),
    ];
    return objects.map((object) => declared(object));
}
