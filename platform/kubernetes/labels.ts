// Names and labels of every object the Kubernetes platform declares, defined once (as kube-prometheus does).
import { ComponentName, PortName } from "../../model/config/catalog";
import { StackConfig } from "../../model/config/types";

/** Labels a component's pods are selected by: never change them, selectors are immutable. */
export function selectorLabels(config: StackConfig, component: ComponentName): Record<string, string> {
    return { "app.kubernetes.io/instance": `monitoring-${config.stack}`, "app.kubernetes.io/name": component };
}

/** Selector labels plus what describes the object (part-of, managed-by, the image tag as version). */
export function commonLabels(config: StackConfig, component: ComponentName, image?: string): Record<string, string> {
    const tag = image && !image.includes("@") ? image.split(":").pop() : undefined;
    return {
        ...selectorLabels(config, component),
        "app.kubernetes.io/managed-by": "pulumi",
        "app.kubernetes.io/part-of": "provisioning-monitoring",
        ...(tag ? { "app.kubernetes.io/version": tag } : {}),
    };
}

/** A port's name as Kubernetes wants it (at most 15 lowercase letters, digits and '-'): tempoOtlpGrpc -> tempo-otlp-grpc. */
export function kubernetesPortName(name: PortName | string): string {
    const kebab = name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
    if (kebab.length > 15) throw new Error(`port name ${kebab} is longer than the 15 characters Kubernetes allows`);
    return kebab;
}

/** The key a file is stored under in its ConfigMap or Secret: its path, '/' spelled '_' (keys allow [-._a-zA-Z0-9]). */
export function fileKey(path: string): string {
    return path.replace(/^\//, "").replace(/\//g, "_");
}
