// Where each component is reached inside the stack's network: the same host names on Docker and Kubernetes.
import { ComponentName } from "../config/catalog";
import { StackConfig } from "../config/types";

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

/** URL users and other stacks reach a published port on (known before deploying, so rendered files can name it). */
export function externalUrl(config: StackConfig, port: number): string {
    return `http://${config.externalHost}:${port}`;
}

/** host:port users and other stacks reach a published port on (gRPC endpoints). */
export function externalEndpoint(config: StackConfig, port: number): string {
    return `${config.externalHost}:${port}`;
}
