// A workload's Kubernetes objects as pure data (tests check each against the OpenAPI schema); names and labels defined once (as kube-prometheus).
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { PortName, WorkloadName } from "../../model/config/catalog";
import { StackConfig } from "../../model/config/types";
import { componentNamespace } from "../../model/endpoints";
import { Workload } from "../../components/workload";
import { clusterAccess, discoveryAccess, serviceAccount } from "./access";
import { controller, disruptionBudget } from "./controller";
import { httpRoute, ingress, networkPolicy, services } from "./network";

export interface KubernetesObject {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> } & Record<string, unknown>;
    readonly [field: string]: unknown;
}

export interface DeclaredObject {
    readonly object: KubernetesObject;
    /** Holds data that must outlive `pulumi destroy` when the stack retains data. */
    readonly keepsData: boolean;
    /** Input paths kept as first created (Pulumi's ignoreChanges): fields Kubernetes cannot change in place. */
    readonly ignoreChanges?: readonly string[];
    /** A patch of an object the workload's controller creates (a claim): declared after the controller is ready, never undone. */
    readonly patchesControllerObject?: boolean;
}

export const declared = (object: KubernetesObject, keepsData = false): DeclaredObject => ({ object, keepsData });

/** Labels a component's pods are selected by: never change them, selectors are immutable. */
export const selectorLabels = (config: StackConfig, component: string) => ({
    "app.kubernetes.io/instance": `monitoring-${config.stack}`,
    "app.kubernetes.io/name": component,
});

export const stackLabels = { "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/part-of": "provisioning-monitoring" };

export function commonLabels(config: StackConfig, component: string, image?: string): Record<string, string> {
    const tag = image && !image.includes("@") ? image.split(":").pop() : undefined;
    return { ...selectorLabels(config, component), ...stackLabels, ...(tag ? { "app.kubernetes.io/version": tag } : {}) };
}

export function meta(config: StackConfig, workload: Workload, name: string, namespace = componentNamespace(config, workload.component)) {
    return { name, namespace, labels: commonLabels(config, workload.component, workload.image) };
}

/** A port's name as Kubernetes wants it (at most 15 lowercase letters, digits and '-'): tempoOtlpGrpc -> tempo-otlp-grpc. */
export function kubernetesPortName(name: PortName | string): string {
    const kebab = name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
    if (kebab.length > 15) throw new Error(`port name ${kebab} is longer than the 15 characters Kubernetes allows`);
    return kebab;
}

/** The key a file is stored under in its ConfigMap or Secret: its path, '/' spelled '_' (keys allow [-._a-zA-Z0-9]). */
export const fileKey = (path: string) => path.replace(/^\//, "").replace(/\//g, "_");
export const configMapName = (w: { component: WorkloadName }) => `${w.component}-config`;
export const secretName = (w: { component: WorkloadName }) => `${w.component}-secrets`;

export const reloadsInPlace = (workload: Workload, path: string) => workload.reload !== undefined && path.startsWith(`${workload.reload.dir}/`);

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

/** The credentials' hash is an HMAC under the secret `checksumKey`: no reader of the pod template can test password guesses against it, so it is shown. */
function configFiles(config: StackConfig, workload: Workload, checksumKey: pulumi.Input<string>) {
    const plain = workload.files.filter((f) => !f.secret);
    const secret = workload.files.filter((f) => f.secret);
    const objects: DeclaredObject[] = [];
    const annotations: Record<string, pulumi.Input<string>> = {};
    if (plain.length > 0) {
        const data = Object.fromEntries(plain.map((f) => [fileKey(f.path), f.content as string]).sort(([a], [b]) => (a < b ? -1 : 1)));
        objects.push(declared({ apiVersion: "v1", kind: "ConfigMap", metadata: meta(config, workload, configMapName(workload)), data }));
        // Files the process reloads in place never roll its pods: a restart would cost a WAL replay.
        const restartOnly = plain.filter((f) => !reloadsInPlace(workload, f.path)).map((f) => fileKey(f.path));
        if (restartOnly.length > 0) annotations["checksum/config"] = sha256(JSON.stringify(Object.fromEntries(restartOnly.sort().map((k) => [k, data[k]]))));
    }
    if (secret.length > 0) {
        const stringData = Object.fromEntries(secret.map((f) => [fileKey(f.path), pulumi.secret(f.content)]));
        objects.push(declared({ apiVersion: "v1", kind: "Secret", type: "Opaque", metadata: meta(config, workload, secretName(workload)), stringData }));
        annotations["checksum/secrets"] = pulumi.unsecret(
            pulumi
                .all([checksumKey, ...secret.map((f) => f.content)])
                .apply(([key, ...values]) => crypto.createHmac("sha256", key).update(JSON.stringify(values)).digest("hex")),
        );
    }
    return { objects, annotations };
}

/** Every object of one workload, in the order they are declared; `checksumKey` (secret) keys the credentials' hash. */
export function workloadObjects(config: StackConfig, workload: Workload, checksumKey: pulumi.Input<string>): DeclaredObject[] {
    const { objects: fileObjects, annotations } = configFiles(config, workload, checksumKey);
    return [
        serviceAccount(config, workload),
        ...discoveryAccess(config, workload),
        ...clusterAccess(config, workload),
        ...fileObjects,
        ...services(config, workload),
        ...controller(config, workload, annotations),
        ...disruptionBudget(config, workload),
        networkPolicy(config, workload),
        ...ingress(config, workload),
        ...httpRoute(config, workload),
    ];
}
