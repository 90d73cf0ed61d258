// Kubernetes platform (prod): the stack's namespaces, and each workload as the objects of objects.ts.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ComponentName } from "../../model/config/catalog";
import { StackConfig } from "../../model/config/types";
import { nodeAgentComponents, nodeAgentNamespace } from "../../model/discovery";
import { externalEndpoint, externalUrl } from "../../model/endpoints";
import { DeployedWorkload, Platform, Workload } from "../../components/base/workload";
import { kubeStateMetricsObjects } from "./kube-state-metrics";
import { namespaceObjects } from "./namespaces";
import { DeclaredObject, KubernetesObject } from "./declared-object";
import { workloadObjects } from "./objects";
import { afterStorageClassCheck } from "./storage-class-guard";

type ResourceClass = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The SDK's class for each apiVersion/kind this platform declares. */
const resourceClasses: Readonly<Record<string, ResourceClass>> = {
    "v1/Namespace": k8s.core.v1.Namespace,
    "v1/ServiceAccount": k8s.core.v1.ServiceAccount,
    "v1/ConfigMap": k8s.core.v1.ConfigMap,
    "v1/Secret": k8s.core.v1.Secret,
    "v1/Service": k8s.core.v1.Service,
    "v1/PersistentVolumeClaim": k8s.core.v1.PersistentVolumeClaim,
    "v1/PersistentVolumeClaimPatch": k8s.core.v1.PersistentVolumeClaimPatch,
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

/**
 * What outlives `pulumi destroy` or a component's removal (retainOnDelete) is applied with `pulumi.com/patchForce`: the
 * provider gives each resource its own server-side apply field manager, so the resource that takes a retained object
 * over (upsertExistingObjects) conflicts with the manager of the one that created it (`npm run e2e -- prod` found it on a
 * kept StatefulSet: `conflict with "pulumi-kubernetes-<id>"`).
 */
function withTakeOver(declared: DeclaredObject, retainDataOnDestroy: boolean): DeclaredObject {
    if (!declared.keepsData || !retainDataOnDestroy) return declared;
    const o = declared.object;
    const annotations = { ...(o.metadata.annotations as Record<string, string> | undefined), "pulumi.com/patchForce": "true" };
    return { ...declared, object: { ...o, metadata: { ...o.metadata, annotations } } };
}

/** @public Loaded on demand by platform/index.ts (a require, which import analysis does not follow). */
export class KubernetesPlatform implements Platform {
    readonly name = "kubernetes";
    private readonly provider: k8s.Provider;
    /** Everything else waits for the stack's namespaces. */
    private readonly namespaces: pulumi.Resource[] = [];
    /** The platform's namespaces, read (never created) before anything is placed in them. */
    private readonly clientNamespaces = new Map<string, pulumi.Resource>();
    /** Keys the hash of each workload's credentials in its pod template (generated once, kept secret in the state). */
    private readonly checksumKey: pulumi.Output<string>;

    constructor(
        private readonly config: StackConfig,
        baseName: string,
        parent: pulumi.Resource,
    ) {
        this.provider = new k8s.Provider(
            `${baseName}-kubernetes`,
            {
                ...(config.kubernetes.kubeContext ? { context: config.kubernetes.kubeContext } : {}),
                // `pulumi destroy` keeps the namespace and claims (retainDataOnDestroy); the next `pulumi up`
                // takes them over instead of failing with AlreadyExists. The program never renames an object without aliases.
                upsertExistingObjects: true,
            },
            { parent },
        );
        this.checksumKey = new random.RandomPassword(`${baseName}-checksum-key`, { length: 32, special: false }, { parent }).result;
        for (const declared of namespaceObjects(config)) {
            const o = declared.object;
            const name =
                o.kind === "Namespace"
                    ? `${baseName}-namespace${this.namespaceSuffix(o.metadata.name)}`
                    : `${baseName}-${o.kind.toLowerCase()}${this.namespaceSuffix(o.metadata.namespace!)}-${o.metadata.name}`;
            const resource = this.declare(name, declared, parent, []);
            if (o.kind === "Namespace") this.namespaces.push(resource);
        }
        // A namespace of the platform that does not exist stops the preview at this read, before anything is deployed.
        for (const namespace of config.kubernetes.clientNamespaces.filter((n) => n !== config.kubernetes.namespace)) {
            this.clientNamespaces.set(
                namespace,
                k8s.core.v1.Namespace.get(`${baseName}-client-namespace-${namespace}`, namespace, { parent, provider: this.provider }),
            );
        }
        // The cluster's own state, for Prometheus to scrape: only when there is a Prometheus.
        if (config.components.includes("prometheus")) {
            for (const declared of kubeStateMetricsObjects(config)) {
                const o = declared.object;
                const client = o.metadata.namespace ? this.clientNamespaces.get(o.metadata.namespace) : undefined;
                this.declare(
                    `${baseName}-${o.kind.toLowerCase()}${this.namespaceSuffix(o.metadata.namespace)}-${o.metadata.name}`,
                    declared,
                    parent,
                    client ? [client] : [],
                );
            }
        }
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
            const suffix = `${o.kind.toLowerCase()}${this.namespaceSuffix(o.metadata.namespace, workload)}`;
            const client = o.metadata.namespace ? this.clientNamespaces.get(o.metadata.namespace) : undefined;
            // A claim patch waits for the controller that creates the claim (and its pods) to be ready, and for its class check.
            const after = declared.patchesControllerObject ? ready : client ? [client] : [];
            const checked = declared.patchesControllerObject ? this.checkedClaimPatch(declared, workload, ready) : declared;
            const resource = this.declare(`${baseName}-${suffix}-${o.metadata.name}`, checked, parent, after);
            if (workloadKinds.has(o.kind)) ready.push(resource);
        }
        return { ready };
    }

    /** The claim patch, its size released only once the StatefulSet's recorded claim class matches the config. */
    private checkedClaimPatch(declared: DeclaredObject, workload: Workload, controllers: readonly pulumi.Resource[]): DeclaredObject {
        const set = controllers.find((c) => c instanceof k8s.apps.v1.StatefulSet) as pulumi.CustomResource | undefined;
        if (!set) throw new Error(`${workload.component}: a claim patch without the StatefulSet that creates the claim`);
        const o = declared.object as KubernetesObject & { spec: { resources: { requests: { storage: string } } } };
        const storage = afterStorageClassCheck(this.config, workload.component, set, o.spec.resources.requests.storage);
        return { ...declared, object: { ...o, spec: { ...o.spec, resources: { requests: { storage } } } } };
    }

    /**
     * Resource names carry the namespace only where names could clash: objects in the main namespace, and the node
     * agents' own objects in theirs, keep the names they always had.
     */
    private namespaceSuffix(namespace: string | undefined, workload?: Workload): string {
        if (!namespace || namespace === this.config.kubernetes.namespace) return "";
        const agent = workload && (nodeAgentComponents as readonly string[]).includes(workload.component);
        if (agent && namespace === nodeAgentNamespace(this.config)) return "";
        return `-${namespace}`;
    }

    private declare(name: string, declared: DeclaredObject, parent: pulumi.Resource, after: readonly pulumi.Resource[]): pulumi.CustomResource {
        const { apiVersion, kind, ...args } = withTakeOver(declared, this.config.retainDataOnDestroy).object as KubernetesObject;
        const cls = resourceClasses[`${apiVersion}/${kind}`];
        if (!cls) throw new Error(`the kubernetes platform has no resource class for ${apiVersion} ${kind}`);
        return new cls(name, args, {
            parent,
            provider: this.provider,
            dependsOn: [...this.namespaces, ...after],
            // Claims and the namespaces that hold them outlive `pulumi destroy`;
            // a claim patch is never undone (removing it would try to take the size off the claim).
            retainOnDelete: declared.patchesControllerObject || (declared.keepsData && this.config.retainDataOnDestroy),
            ...(declared.ignoreChanges ? { ignoreChanges: [...declared.ignoreChanges] } : {}),
        });
    }
}
