// Growing the claims a StatefulSet created: its claim templates are immutable, so each existing claim gets a patch.
import { StackConfig } from "../../model/config/types";
import { Workload } from "../../components/base/workload";
import type { DeclaredObject } from "./declared-object";

/** The claim the StatefulSet controller creates for template `volume` and replica `ordinal`: <volume>-<statefulset>-<ordinal>. */
function templateClaimName(workload: Workload, volume: string, ordinal: number): string {
    return `${volume}-${workload.component}-${ordinal}`;
}

/**
 * A server-side apply patch per claim of each replica, setting the configured size (and class, when set): a larger size
 * expands the volume where the StorageClass has `allowVolumeExpansion: true`; the API server refuses a smaller size and
 * any other class, since both are immutable for a bound claim. Forced, because the StatefulSet controller owns the
 * request it created; never undone, since deleting a patch would try to remove the size from the claim. Not awaited
 * (`pulumi.com/skipAwait`): the Kubernetes provider waits for a claim of a WaitForFirstConsumer class (the default of
 * most clouds) to be Pending, but a patched claim is already Bound to its running pod, so every `pulumi up` failed after
 * the provider's five-minute timeout (found by `npm run e2e -- prod`); the StatefulSet before it was awaited already.
 */
export function claimPatches(config: StackConfig, workload: Workload, size: string): DeclaredObject[] {
    const replicas = workload.replicas ?? 1;
    return workload.volumes.flatMap((v) =>
        Array.from({ length: replicas }, (_, ordinal) => ({
            object: {
                apiVersion: "v1",
                kind: "PersistentVolumeClaimPatch",
                metadata: {
                    name: templateClaimName(workload, v.name, ordinal),
                    namespace: config.kubernetes.namespace,
                    annotations: { "pulumi.com/patchForce": "true", "pulumi.com/skipAwait": "true" },
                },
                spec: {
                    ...(config.kubernetes.storageClass ? { storageClassName: config.kubernetes.storageClass } : {}),
                    resources: { requests: { storage: size } },
                },
            },
            keepsData: false,
            patchesControllerObject: true,
        })),
    );
}
