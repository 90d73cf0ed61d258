// What runs a workload's pods: a DaemonSet per node, a StatefulSet with claim templates, or a Deployment with its claims; and its disruption budget.
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../../model/config/types";
import { headlessServiceName } from "../../model/endpoints";
import { Workload } from "../../components/base/workload";
import { claimPatches } from "./claims";
import { DeclaredObject, KubernetesObject, meta } from "./declared-object";
import { selectorLabels } from "./labels";
import { claimName, podTemplate, volumeSourceOf } from "./pod";

export function controller(config: StackConfig, workload: Workload, annotations: Record<string, pulumi.Input<string>>): DeclaredObject[] {
    const podTemplateSpec = podTemplate(config, workload, annotations);
    const selector = { matchLabels: selectorLabels(config, workload.component) };
    const replicas = workload.replicas ?? 1;
    const source = volumeSourceOf(workload);
    if (workload.perNode) {
        return [
            {
                object: {
                    apiVersion: "apps/v1",
                    kind: "DaemonSet",
                    metadata: meta(config, workload, workload.component),
                    spec: {
                        selector,
                        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
                        template: podTemplateSpec,
                    } satisfies k8s.types.input.apps.v1.DaemonSetSpec,
                },
                keepsData: false,
            },
        ];
    }
    if (source === "claim-template") {
        const size = storageSize(config, workload);
        return [
            {
                object: {
                    apiVersion: "apps/v1",
                    kind: "StatefulSet",
                    metadata: meta(config, workload, workload.component),
                    spec: {
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
                            spec: claimSpec(config, size),
                        })),
                        template: podTemplateSpec,
                    } satisfies k8s.types.input.apps.v1.StatefulSetSpec,
                },
                // Not kept by a destroy: its claims outlive it (the retention policy above), and a new StatefulSet over a kept
                // one whose claims grew would be refused for changed claim templates (E2E.md, bug 4).
                keepsData: false,
                // Immutable: the templates stay as first created; existing claims grow through their patches below.
                ignoreChanges: ["spec.volumeClaimTemplates"],
            },
            ...claimPatches(config, workload, size),
        ];
    }
    const claims: DeclaredObject[] = workload.volumes.map((v) => ({
        object: {
            apiVersion: "v1",
            kind: "PersistentVolumeClaim",
            metadata: meta(config, workload, claimName(workload, v.name)),
            spec: claimSpec(config, storageSize(config, workload)),
        },
        keepsData: true,
        // The class is immutable (a change would replace the claim); its size grows in place.
        ignoreChanges: ["spec.storageClassName"],
    }));
    const deployment: KubernetesObject = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: meta(config, workload, workload.component),
        // One writer on a ReadWriteOnce claim: stop the old pod before the new one mounts it.
        spec: {
            replicas,
            selector,
            strategy: { type: claims.length > 0 ? "Recreate" : "RollingUpdate" },
            template: podTemplateSpec,
        } satisfies k8s.types.input.apps.v1.DeploymentSpec,
    };
    return [...claims, { object: deployment, keepsData: false }];
}

function storageSize(config: StackConfig, workload: Workload): string {
    const size = (config.kubernetes.storageSizes as Record<string, string | undefined>)[workload.component];
    if (size === undefined) throw new Error(`${workload.component} keeps data but monitoring:storageSizes has no size for it`);
    return size;
}

function claimSpec(config: StackConfig, size: string): k8s.types.input.core.v1.PersistentVolumeClaimSpec {
    return {
        accessModes: ["ReadWriteOnce"],
        ...(config.kubernetes.storageClass ? { storageClassName: config.kubernetes.storageClass } : {}),
        resources: { requests: { storage: size } },
    };
}

export function disruptionBudget(config: StackConfig, workload: Workload): DeclaredObject[] {
    if ((workload.replicas ?? 1) <= 1) return [];
    return [
        {
            object: {
                apiVersion: "policy/v1",
                kind: "PodDisruptionBudget",
                metadata: meta(config, workload, workload.component),
                // A drain takes one replica at a time; the others keep the cluster's quorum of notifications.
                spec: {
                    maxUnavailable: 1,
                    selector: { matchLabels: selectorLabels(config, workload.component) },
                } satisfies k8s.types.input.policy.v1.PodDisruptionBudgetSpec,
            },
            keepsData: false,
        },
    ];
}
