// The prod stack (tests/fixtures/stacks/Pulumi.prod.yaml, fake secrets) under the mock engine, and ways to find its Kubernetes objects.
import { strict as assert } from "assert";
import { manifestOf } from "./kubernetes-schema";
import { MockRun, runWithMocks } from "./mock-run";
import { fakeSecrets, readStackFile, placeholdersAllowed } from "./stack-files";

export const prodRaw = () => ({ ...readStackFile("prod"), ...placeholdersAllowed, ...fakeSecrets });
export const runProd = (change: Record<string, string> = {}) => runWithMocks("prod", { ...prodRaw(), ...change }, Object.keys(fakeSecrets));

/** Kubernetes objects the program declares (not the ones it only reads). */
export const declaredKubernetes = (run: MockRun) => run.resources.filter((r) => r.type.startsWith("kubernetes:") && !r.readId);
export const manifestsOf = (run: MockRun, type: string) =>
    declaredKubernetes(run)
        .filter((r) => r.type === type)
        .map(manifestOf);

export function manifestNamed(run: MockRun, type: string, name: string, namespace?: string): Record<string, any> {
    const found = manifestsOf(run, type).find((o) => o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
    assert.ok(found, `a ${type} ${namespace ?? "*"}/${name}`);
    return found;
}

export const statefulSet = (run: MockRun, name: string) => manifestNamed(run, "kubernetes:apps/v1:StatefulSet", name);
