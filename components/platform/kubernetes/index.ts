// Kubernetes platform (prod): the stack's namespace, and each workload as the objects of objects.ts.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ComponentName } from "../../config/catalog";
import { StackConfig } from "../../config/types";
import { externalEndpoint, externalUrl } from "../../render/endpoints";
import { DeployedWorkload, Platform, Workload } from "../workload";
import { kubeStateMetricsObjects } from "./kube-state-metrics";
import { DeclaredObject, KubernetesObject, namespaceObjects, workloadObjects } from "./objects";

type ResourceClass = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The SDK's class for each apiVersion/kind this platform declares. */
const resourceClasses: Readonly<Record<string, ResourceClass>> = {
    "v1/Namespace": k8s.core.v1.Namespace,
    "v1/ServiceAccount": k8s.core.v1.ServiceAccount,
    "v1/ConfigMap": k8s.core.v1.ConfigMap,
    "v1/Secret": k8s.core.v1.Secret,
    "v1/Service": k8s.core.v1.Service,
    "v1/PersistentVolumeClaim": k8s.core.v1.PersistentVolumeClaim,
    "apps/v1/StatefulSet": k8s.apps.v1.StatefulSet,
    "apps/v1/Deployment": k8s.apps.v1.Deployment,
    "apps/v1/DaemonSet": k8s.apps.v1.DaemonSet,
    "policy/v1/PodDisruptionBudget": k8s.policy.v1.PodDisruptionBudget,
    "networking.k8s.io/v1/NetworkPolicy": k8s.networking.v1.NetworkPolicy,
    "networking.k8s.io/v1/Ingress": k8s.networking.v1.Ingress,
    "rbac.authorization.k8s.io/v1/Role": k8s.rbac.v1.Role,
    "rbac.authorization.k8s.io/v1/RoleBinding": k8s.rbac.v1.RoleBinding,
    "rbac.authorization.k8s.io/v1/ClusterRole": k8s.rbac.v1.ClusterRole,
    "rbac.authorization.k8s.io/v1/ClusterRoleBinding": k8s.rbac.v1.ClusterRoleBinding,
};

const workloadKinds = new Set(["StatefulSet", "Deployment", "DaemonSet"]);

export class KubernetesPlatform implements Platform {
    readonly name = "kubernetes";
    private readonly provider: k8s.Provider;
    /** Everything else waits for the namespace. */
    private readonly namespace: pulumi.CustomResource[] = [];
    /** Keys the hash of each workload's credentials in its pod template (generated once, kept secret in the state). */
    private readonly checksumKey: pulumi.Output<string>;

    constructor(private readonly config: StackConfig, baseName: string, parent: pulumi.Resource) {
        this.provider = new k8s.Provider(
            `${baseName}-kubernetes`,
            { ...(config.kubernetes.kubeContext ? { context: config.kubernetes.kubeContext } : {}) },
            { parent },
        );
        this.checksumKey = new random.RandomPassword(`${baseName}-checksum-key`, { length: 32, special: false }, { parent }).result;
        const [namespace, ...policies] = namespaceObjects(config);
        this.namespace.push(this.declare(`${baseName}-namespace`, namespace, parent));
        for (const p of policies) this.declare(`${baseName}-${p.object.kind.toLowerCase()}-${p.object.metadata.name}`, p, parent);
        // The cluster's own state, for Prometheus to scrape: only when there is a Prometheus.
        if (config.components.includes("prometheus")) {
            for (const o of kubeStateMetricsObjects(config)) this.declare(`${baseName}-${this.objectSuffix(o)}`, o, parent);
        }
    }

    /** `<kind>[-<namespace> when not the stack's]-<name>`: unique per object, stable across runs. */
    private objectSuffix(declared: DeclaredObject): string {
        const o = declared.object;
        const ns = o.metadata.namespace && o.metadata.namespace !== this.config.kubernetes.namespace ? `-${o.metadata.namespace}` : "";
        return `${o.kind.toLowerCase()}${ns}-${o.metadata.name}`;
    }

    externalUrl(component: ComponentName, port: number): string {
        return externalUrl(this.config, component, port);
    }

    externalEndpoint(component: ComponentName, port: number): string {
        return externalEndpoint(this.config, component, port);
    }

    deploy(baseName: string, workload: Workload, parent: pulumi.Resource): DeployedWorkload {
        const ready: pulumi.Resource[] = [];
        for (const declared of workloadObjects(this.config, workload, this.checksumKey)) {
            const o = declared.object;
            const suffix = `${o.kind.toLowerCase()}${o.metadata.namespace && o.metadata.namespace !== this.config.kubernetes.namespace ? `-${o.metadata.namespace}` : ""}`;
            const resource = this.declare(`${baseName}-${suffix}-${o.metadata.name}`, declared, parent);
            if (workloadKinds.has(o.kind)) ready.push(resource);
        }
        return { ready };
    }

    private declare(name: string, declared: DeclaredObject, parent: pulumi.Resource): pulumi.CustomResource {
        const { apiVersion, kind, ...args } = declared.object as KubernetesObject;
        const cls = resourceClasses[`${apiVersion}/${kind}`];
        if (!cls) throw new Error(`the kubernetes platform has no resource class for ${apiVersion} ${kind}`);
        return new cls(name, args, {
            parent,
            provider: this.provider,
            dependsOn: this.namespace,
            // Claims, the StatefulSets that own claim templates, and the namespace that holds them outlive `pulumi destroy`.
            retainOnDelete: declared.keepsData && this.config.retainDataOnDestroy,
        });
    }
}
