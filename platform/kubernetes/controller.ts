// What runs a workload's pods: a DaemonSet, a StatefulSet (its claims grown by patches) or a Deployment with its claims; its disruption budget.
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../../model/config/types";
import { headlessServiceName } from "../../model/endpoints";
import { Workload } from "../../components/workload";
import { declared, DeclaredObject, KubernetesObject, meta, selectorLabels } from "./objects";
import { claimName, podTemplate } from "./pod";

export function controller(config: StackConfig, workload: Workload, annotations: Record<string, pulumi.Input<string>>): DeclaredObject[] {
    const template = podTemplate(config, workload, annotations);
    const selector = { matchLabels: selectorLabels(config, workload.component) };
    const replicas = workload.replicas ?? 1;
    const metadata = meta(config, workload, workload.component);
    if (workload.perNode) {
        const spec: k8s.types.input.apps.v1.DaemonSetSpec = {
            selector,
            updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
            template,
        };
        return [declared({ apiVersion: "apps/v1", kind: "DaemonSet", metadata, spec })];
    }
    const size = workload.volumes.find((v) => v.size)?.size ?? (config.storageSizes as Record<string, string | undefined>)[workload.component];
    if (workload.volumes.length > 0 && size === undefined) throw new Error(`${workload.component} keeps data but monitoring:storageSizes has no size for it`);
    // What the claim patches keep up to date: the class and the size.
    const classAndSize = { ...(config.storageClass ? { storageClassName: config.storageClass } : {}), resources: { requests: { storage: size! } } };
    const claimSpec = { accessModes: ["ReadWriteOnce"], ...classAndSize };
    if (workload.stableIdentity) {
        const spec: k8s.types.input.apps.v1.StatefulSetSpec = {
            serviceName: headlessServiceName(workload.component),
            replicas,
            // Immutable, so one value for any replica count: replicas start together (peers wait for each other).
            podManagementPolicy: "Parallel",
            selector,
            updateStrategy: { type: "RollingUpdate" },
            // Claims outlive the StatefulSet and any scale-down: data is removed on purpose only.
            persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
            volumeClaimTemplates: workload.volumes.map((v) => ({
                metadata: { name: v.name, labels: selectorLabels(config, workload.component) },
                spec: claimSpec,
            })),
            template,
        };
        // Templates are immutable: claims grow by patches. Not kept: a new StatefulSet over a kept one with grown claims is refused (E2E.md, bug 4).
        return [
            { ...declared({ apiVersion: "apps/v1", kind: "StatefulSet", metadata, spec }), ignoreChanges: ["spec.volumeClaimTemplates"] },
            ...claimPatches(config, workload, classAndSize),
        ];
    }
    const claims: DeclaredObject[] = workload.volumes.map((v) => ({
        ...declared({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: meta(config, workload, claimName(workload, v.name)), spec: claimSpec }, true),
        // The class is immutable (a change would replace the claim); its size grows in place.
        ignoreChanges: ["spec.storageClassName"],
    }));
    // One writer on a ReadWriteOnce claim: stop the old pod before the new one mounts it.
    const spec: k8s.types.input.apps.v1.DeploymentSpec = { replicas, selector, strategy: { type: claims.length > 0 ? "Recreate" : "RollingUpdate" }, template };
    return [...claims, declared({ apiVersion: "apps/v1", kind: "Deployment", metadata, spec })];
}

/**
 * Sets each claim's size and class: a larger size expands the volume where the class allows; the API server refuses a smaller one or
 * another class. Forced: the StatefulSet controller owns the request. Not awaited: the provider waits for a WaitForFirstConsumer claim
 * to be Pending, but a patched one is Bound, so `pulumi up` timed out after five minutes (`npm run e2e -- prod`).
 */
function claimPatches(config: StackConfig, workload: Workload, classAndSize: object): DeclaredObject[] {
    return workload.volumes.flatMap((v) =>
        Array.from({ length: workload.replicas ?? 1 }, (_, ordinal) => ({
            ...declared({
                apiVersion: "v1",
                kind: "PersistentVolumeClaimPatch",
                metadata: {
                    name: `${v.name}-${workload.component}-${ordinal}`,
                    namespace: config.namespace,
                    annotations: { "pulumi.com/patchForce": "true", "pulumi.com/skipAwait": "true" },
                },
                spec: classAndSize,
            } as KubernetesObject),
            patchesControllerObject: true,
        })),
    );
}

/** A drain takes one replica at a time; the others keep the cluster's quorum of notifications. */
export function disruptionBudget(config: StackConfig, workload: Workload): DeclaredObject[] {
    if ((workload.replicas ?? 1) <= 1) return [];
    const spec: k8s.types.input.policy.v1.PodDisruptionBudgetSpec = {
        maxUnavailable: 1,
        selector: { matchLabels: selectorLabels(config, workload.component) },
    };
    return [declared({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: meta(config, workload, workload.component), spec })];
}
