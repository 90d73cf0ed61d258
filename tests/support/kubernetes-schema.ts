// Kubernetes objects checked against the Kubernetes OpenAPI schema, with the `kubernetes-models` package's validators.
import { RecordedResource } from "./mock-run";
import { unwrapSecrets } from "./secrets";

// The package is ESM only; load each API group's module once with a dynamic import.
const modules = new Map<string, Promise<Record<string, any>>>();

/**
 * `kubernetes:apps/v1:StatefulSet` -> { apiVersion: "apps/v1", kind: "StatefulSet", module: "kubernetes-models/apps/v1" }.
 * A patch (`...:PersistentVolumeClaimPatch`) is checked as the kind it patches: its fields must be that kind's fields.
 */
export function kubernetesTypeOf(type: string): { apiVersion: string; kind: string; module: string; patch: boolean } {
    const match = /^kubernetes:([^:]+):(\w+)$/.exec(type);
    if (!match) throw new Error(`not a Kubernetes resource type: ${type}`);
    const [group, version] = match[1].split("/");
    const apiVersion = group === "core" ? version : `${group}/${version}`;
    const patch = match[2].endsWith("Patch");
    return { apiVersion, kind: patch ? match[2].slice(0, -"Patch".length) : match[2], module: `kubernetes-models/${apiVersion}`, patch };
}

/** The object the provider would send for a recorded resource: apiVersion and kind, its inputs, secrets unwrapped. */
export function manifestOf(resource: RecordedResource): Record<string, any> {
    const { apiVersion, kind } = kubernetesTypeOf(resource.type);
    return { ...unwrapSecrets(resource.inputs), apiVersion, kind };
}

/** Schema errors of a recorded Kubernetes resource; an empty list when the API server's schema accepts it. */
export async function schemaErrors(resource: RecordedResource): Promise<string[]> {
    const { kind, module } = kubernetesTypeOf(resource.type);
    if (!modules.has(module)) modules.set(module, import(module));
    const Model = (await modules.get(module)!)[kind];
    if (typeof Model !== "function") return [`${module} has no model for ${kind}`];
    try {
        new Model(manifestOf(resource)).validate();
        return [];
    } catch (err) {
        return [`${kind} ${resource.inputs.metadata?.name}: ${(err as Error).message}`];
    }
}
