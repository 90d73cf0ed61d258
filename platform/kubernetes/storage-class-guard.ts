// A storage class change refused with the safe path: a bound claim's class is immutable, and the claim templates keep the
// class they were created with (ignoreChanges), so the program compares that recorded class with the configured one.
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../../model/config/types";

/** How to change the class of claims that hold data; the same words as docs/kubernetes.md, "Changing the storage class". */
const storageClassSafePath =
    "a bound claim's storage class cannot change. Set monitoring:storageClass back to the class the claims have, " +
    'or move the data on purpose: see docs/kubernetes.md, "Changing the storage class"';

/** The problem with the configured class, given the class a StatefulSet's claim templates were created with; undefined when they agree. */
function storageClassProblem(config: StackConfig, component: string, createdWith: string | undefined): string | undefined {
    const configured = config.kubernetes.storageClass;
    if (configured === createdWith) return undefined;
    const name = (c: string | undefined) => (c === undefined ? "the cluster's default class" : `storage class ${c}`);
    return `monitoring:storageClass: the claims of ${component} were created with ${name(createdWith)}, not ${name(configured)}; ${storageClassSafePath}`;
}

/**
 * The value `value`, once the StatefulSet's recorded claim template class agrees with the config; otherwise an error that
 * stops whatever waits for it (the claim patches) and names the key, both classes and the safe path.
 */
export function afterStorageClassCheck<T>(config: StackConfig, component: string, statefulSet: pulumi.CustomResource, value: T): pulumi.Output<T> {
    const spec = (statefulSet as unknown as { spec: pulumi.Output<{ volumeClaimTemplates?: { spec?: { storageClassName?: string } }[] }> }).spec;
    return spec.apply((s) => {
        for (const template of s?.volumeClaimTemplates ?? []) {
            const problem = storageClassProblem(config, component, template.spec?.storageClassName);
            if (problem) throw new pulumi.ResourceError(problem, statefulSet, true);
        }
        return value;
    });
}
