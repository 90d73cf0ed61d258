// Where each component is reached: inside the stack (the same host names on Docker and Kubernetes) and from outside.
import { ComponentName } from "./config/catalog";
import { StackConfig } from "./config/types";

/** Host name of a component inside the stack (a Docker network alias, a Kubernetes Service name). */
export function internalHost(component: ComponentName): string {
    return component;
}

/** http://<host>:<port> of a component inside the stack. */
export function internalUrl(component: ComponentName, port: number): string {
    return `http://${internalHost(component)}:${port}`;
}

/** Whether the stack deploys a component. */
export function deploys(config: StackConfig, component: ComponentName): boolean {
    return config.components.includes(component);
}

/** The headless Service that gives each replica of a component a stable name (Kubernetes StatefulSets). */
export function headlessServiceName(component: ComponentName): string {
    return `${component}-headless`;
}

/**
 * Host name of each replica of a component, for clients that must reach every one (Prometheus sending to each
 * Alertmanager, Alertmanager peers gossiping): the Service name when there is one replica, else the StatefulSet pods'
 * stable names `<component>-<i>.<component>-headless`.
 */
export function replicaHosts(component: ComponentName, replicas: number): string[] {
    if (replicas <= 1) return [internalHost(component)];
    return Array.from({ length: replicas }, (_, i) => `${component}-${i}.${headlessServiceName(component)}`);
}

/** Host name other stacks reach a component on: the published host (Docker) or the Service's cluster DNS name. */
function externalHost(config: StackConfig, component: ComponentName): string {
    return config.platform === "kubernetes" ? `${internalHost(component)}.${config.kubernetes.namespace}.svc` : config.externalHost;
}

/**
 * URL users and other stacks reach a component's port on (known before deploying, so rendered files can name it):
 * http://<externalHost>:<port> on Docker; on Kubernetes the Service's cluster DNS name, or https://<host> for Grafana
 * behind its Ingress.
 */
export function externalUrl(config: StackConfig, component: ComponentName, port: number): string {
    const ingress = config.kubernetes.grafanaIngress;
    if (config.platform === "kubernetes" && component === "grafana" && ingress && port === config.ports.grafana) return `https://${ingress.host}`;
    return `http://${externalHost(config, component)}:${port}`;
}

/** host:port users and other stacks reach a published port on (gRPC endpoints). */
export function externalEndpoint(config: StackConfig, component: ComponentName, port: number): string {
    return `${externalHost(config, component)}:${port}`;
}

/** http://<host>:<port> of a component for the node agents: on Kubernetes they run in another namespace, so the name carries the stack's. */
export function nodeAgentUrl(config: StackConfig, component: ComponentName, port: number): string {
    return config.platform === "kubernetes" ? `http://${internalHost(component)}.${config.kubernetes.namespace}.svc:${port}` : internalUrl(component, port);
}
