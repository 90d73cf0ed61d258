// A Kubernetes object as plain data, and what the platform must know to declare it (data kept, fields never changed).
import { StackConfig } from "../../model/config/types";
import { componentNamespace } from "../../model/discovery";
import { Workload } from "../../components/base/workload";
import { commonLabels } from "./labels";

export interface KubernetesObject {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> } & Record<string, unknown>;
    readonly [field: string]: unknown;
}

/** An object and whether it holds data that must outlive `pulumi destroy` when the stack retains data. */
export interface DeclaredObject {
    readonly object: KubernetesObject;
    readonly keepsData: boolean;
    /** Input paths kept as first created (Pulumi's ignoreChanges): fields Kubernetes cannot change in place. */
    readonly ignoreChanges?: readonly string[];
    /** A patch of an object the workload's controller creates (a claim): declared after the controller is ready, never undone. */
    readonly patchesControllerObject?: boolean;
}

/** The metadata of a workload's object: its name, namespace (the component's, unless given) and common labels. */
export function meta(config: StackConfig, workload: Workload, name: string, namespace = componentNamespace(config, workload.component)) {
    return { name, namespace, labels: commonLabels(config, workload.component, workload.image) };
}
