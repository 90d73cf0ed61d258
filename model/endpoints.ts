// Where each component is reached (inside: the same names on every platform; outside: as published), who connects to whom, what a cluster stack watches.
import { collectorName, ComponentName, deploysCollector, WorkloadName } from "./config/catalog";
import { profileOf } from "./config/platforms";
import { ConfigSlice } from "./config/types";

/** http://<host>:<port> of a component inside the stack: its Docker network alias or Kubernetes Service name. */
export const internalUrl = (component: WorkloadName, port: number) => `http://${component}:${port}`;

export const deploys = (config: ConfigSlice<"components">, component: ComponentName) => config.components.includes(component);

/** The headless Service that gives each replica of a component a stable name (Kubernetes StatefulSets). */
export const headlessServiceName = (component: WorkloadName) => `${component}-headless`;

/** Replica hosts, for clients that reach every one (Prometheus to each Alertmanager, gossip): the component, or `<component>-<i>.<component>-headless`. */
export function replicaHosts(component: ComponentName, replicas: number): string[] {
    if (replicas <= 1) return [component];
    return Array.from({ length: replicas }, (_, i) => `${component}-${i}.${headlessServiceName(component)}`);
}

type Addressing = ConfigSlice<"platform" | "externalHost" | "namespace" | "grafanaIngress" | "grafanaHttpRoute" | "ports">;

/** host:port people and other stacks reach a component's port on (gRPC endpoints). */
export const externalEndpoint = (config: Addressing, component: WorkloadName, port: number) => `${profileOf(config).externalHost(config, component)}:${port}`;

/** URL people and other stacks reach a component's port on, known before deploying (https://<host> for Grafana behind its Ingress or HTTPRoute). */
export function externalUrl(config: Addressing, component: WorkloadName, port: number): string {
    const route = profileOf(config).ingress ? (config.grafanaIngress ?? config.grafanaHttpRoute) : undefined;
    if (component === "grafana" && route && port === config.ports.grafana) return `https://${route.host}`;
    return `http://${externalEndpoint(config, component, port)}`;
}

/** URL of a component for the node agents: where they run in a namespace of their own, by its namespaced name. */
export function nodeAgentUrl(config: ConfigSlice<"platform" | "namespace">, component: ComponentName, port: number): string {
    return profileOf(config).namespaces ? `http://${component}.${config.namespace}.svc:${port}` : internalUrl(component, port);
}

/** Who may connect to a port: another component of the stack, the platform's services, or people (a browser). */
export type PortClient = WorkloadName | "platform-services" | "users";

/** The clients of a port that this stack has (a component that is not deployed never connects); Prometheus scrapes every port. */
export function clientsOf(
    config: ConfigSlice<"components" | "otlpCollector">,
    ...clients: (ComponentName | typeof collectorName | "platform-services" | "users")[]
): PortClient[] {
    return clients.filter((c) => c === "platform-services" || c === "users" || (c === collectorName ? deploysCollector(config) : deploys(config, c)));
}

/** Components that run on every node with host access: on Kubernetes in their own, privileged namespace `<namespace>-node`. */
export const nodeAgentComponents: readonly ComponentName[] = ["promtail", "node-exporter"];
export const nodeAgentNamespace = (config: ConfigSlice<"namespace">) => `${config.namespace}-node`;
export const componentNamespace = (config: ConfigSlice<"namespace">, component: string) =>
    (nodeAgentComponents as readonly string[]).includes(component) ? nodeAgentNamespace(config) : config.namespace;

/** Namespaces Prometheus and Promtail discover in: the stack's own and the platform's (clientNamespaces). */
export const discoveryNamespaces = (config: ConfigSlice<"namespace" | "clientNamespaces">) =>
    [...new Set([config.namespace, ...config.clientNamespaces])].sort();

/** The discovery namespaces plus the node agents' own, so a crash-looping agent alerts like any other pod. */
export function watchedNamespaces(config: ConfigSlice<"namespace" | "clientNamespaces" | "components">): string[] {
    const agents = nodeAgentComponents.some((c) => deploys(config, c)) ? [nodeAgentNamespace(config)] : [];
    return [...new Set([...discoveryNamespaces(config), ...agents])].sort();
}
