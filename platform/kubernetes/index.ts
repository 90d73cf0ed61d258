// Kubernetes platform (prod): the stack's namespaces, kube-state-metrics, and each workload as the objects of objects.ts.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { StackConfig } from "../../model/config/types";
import { componentNamespace } from "../../model/endpoints";
import { Platform, Workload } from "../../components/workload";
import { prometheusOperatorCrdFiles, prometheusOperatorCrdUrl } from "../../model/prometheus-operator";
import { kubeStateMetricsObjects } from "./kube-state-metrics";
import { namespaceObjects } from "./namespaces";
import { DeclaredObject, KubernetesObject, workloadObjects } from "./objects";
import { installCrds } from "./crds";
import { prometheusOperatorObjects } from "./prometheus-operator";

type ResourceClass = new (name: string, args: object, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** Kinds of custom resource definitions the SDK has no class for: declared as CustomResource, apiVersion and kind in the inputs. */
const customKinds = new Set(["gateway.networking.k8s.io/v1 HTTPRoute", "monitoring.coreos.com/v1 Prometheus"]);

/** The SDK's class for an apiVersion and kind: `apps/v1` StatefulSet is k8s.apps.v1.StatefulSet, `v1` kinds are in k8s.core.v1. */
function resourceClass(apiVersion: string, kind: string): ResourceClass {
    const [group, version] = apiVersion.includes("/") ? [apiVersion.split("/")[0].split(".")[0], apiVersion.split("/")[1]] : ["core", apiVersion];
    const cls = (k8s as unknown as Record<string, Record<string, Record<string, ResourceClass>>>)[group]?.[version]?.[kind];
    if (!cls) throw new Error(`the kubernetes platform has no resource class for ${apiVersion} ${kind}`);
    return cls;
}

const workloadKinds = new Set(["StatefulSet", "Deployment", "DaemonSet"]);

export class KubernetesPlatform implements Platform {
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
                ...(config.kubeContext ? { context: config.kubeContext } : {}),
                // Takes over what `pulumi destroy` kept (retainDataOnDestroy) instead of failing with AlreadyExists; objects are never renamed without aliases.
                upsertExistingObjects: true,
            },
            { parent },
        );
        this.checksumKey = new random.RandomPassword(`${baseName}-checksum-key`, { length: 32, special: false }, { parent }).result;
        for (const declared of namespaceObjects(config)) {
            const o = declared.object;
            const name = o.kind === "Namespace" ? `${baseName}-namespace${this.namespaceSuffix(o.metadata.name)}` : this.nameOf(baseName, o);
            const resource = this.declare(name, declared, parent);
            if (o.kind === "Namespace") this.namespaces.push(resource);
        }
        // A namespace of the platform that does not exist stops the preview at this read, before anything is deployed.
        for (const namespace of config.clientNamespaces.filter((n) => n !== config.namespace)) {
            const existing = k8s.core.v1.Namespace.get(`${baseName}-client-namespace-${namespace}`, namespace, { parent, provider: this.provider });
            this.clientNamespaces.set(namespace, existing);
        }
        // The cluster's own state, for Prometheus to scrape: only when there is a Prometheus.
        const kubeStateMetrics = config.components.includes("prometheus") ? kubeStateMetricsObjects(config) : [];
        for (const declared of kubeStateMetrics) this.declare(this.nameOf(baseName, declared.object), declared, parent);
        const crdFiles = prometheusOperatorCrdFiles.map(prometheusOperatorCrdUrl);
        const crds =
            config.prometheusOperator?.crds === "install"
                ? [installCrds(`${baseName}-prometheus-operator-crds`, crdFiles, { parent, provider: this.provider })]
                : [];
        for (const declared of prometheusOperatorObjects(config)) this.declare(this.nameOf(baseName, declared.object), declared, parent, crds);
    }

    deploy(baseName: string, workload: Workload, parent: pulumi.Resource): pulumi.Resource[] {
        const ready: pulumi.Resource[] = [];
        for (const declared of workloadObjects(this.config, workload, this.checksumKey)) {
            const o = declared.object;
            // A claim patch waits for the controller that creates the claim (and its pods) to be ready, and for its class check.
            const checked = declared.patchesControllerObject ? this.checkedClaimPatch(declared, workload, ready) : declared;
            const resource = this.declare(this.nameOf(baseName, o, workload), checked, parent, declared.patchesControllerObject ? ready : []);
            if (workloadKinds.has(o.kind)) ready.push(resource);
        }
        return ready;
    }

    /** The claim patch, its size released only once the class the claim templates were created with (ignoreChanges keeps it) is the configured one. */
    private checkedClaimPatch(declared: DeclaredObject, workload: Workload, controllers: readonly pulumi.Resource[]): DeclaredObject {
        const set = controllers.find((c) => c instanceof k8s.apps.v1.StatefulSet) as k8s.apps.v1.StatefulSet | undefined;
        if (!set) throw new Error(`${workload.component}: a claim patch without the StatefulSet that creates the claim`);
        const o = declared.object as KubernetesObject & { spec: { resources: { requests: { storage: string } } } };
        const configured = this.config.storageClass;
        const className = (c: string | undefined) => (c === undefined ? "the cluster's default class" : `storage class ${c}`);
        const storage = set.spec.apply((s) => {
            for (const template of s?.volumeClaimTemplates ?? []) {
                const createdWith = template.spec?.storageClassName;
                if (createdWith === configured) continue;
                // The safe path in the same words as docs/kubernetes.md, "Changing the storage class".
                const problem =
                    `monitoring:storageClass: the claims of ${workload.component} were created with ${className(createdWith)}, not ${className(configured)}; ` +
                    "a bound claim's storage class cannot change. Set monitoring:storageClass back to the class the claims have, " +
                    'or move the data on purpose: see docs/kubernetes.md, "Changing the storage class"';
                throw new pulumi.ResourceError(problem, set, true);
            }
            return o.spec.resources.requests.storage;
        });
        return { ...declared, object: { ...o, spec: { ...o.spec, resources: { requests: { storage } } } } };
    }

    /** Only where names could clash: objects in the main namespace, and node agents' own objects in theirs, keep the names they always had. */
    private namespaceSuffix(namespace: string | undefined, workload?: Workload): string {
        if (!namespace || namespace === this.config.namespace) return "";
        if (workload && namespace === componentNamespace(this.config, workload.component)) return "";
        return `-${namespace}`;
    }

    private nameOf(baseName: string, o: KubernetesObject, workload?: Workload): string {
        return `${baseName}-${o.kind.toLowerCase()}${this.namespaceSuffix(o.metadata.namespace, workload)}-${o.metadata.name}`;
    }

    /** Declares the object after the stack's namespaces, `after`, and the platform's namespace it goes in (read first). */
    private declare(name: string, declared: DeclaredObject, parent: pulumi.Resource, after: readonly pulumi.Resource[] = []): pulumi.CustomResource {
        const retained = declared.keepsData && this.config.retainDataOnDestroy;
        const o = declared.object;
        const client = o.metadata.namespace ? this.clientNamespaces.get(o.metadata.namespace) : undefined;
        // Forced when retained: each resource has its own field manager, conflicting with the creator's (e2e prod: `conflict with "pulumi-kubernetes-<id>"`).
        const annotations = { ...(o.metadata.annotations as Record<string, string> | undefined), "pulumi.com/patchForce": "true" };
        const { apiVersion, kind, ...args } = retained ? { ...o, metadata: { ...o.metadata, annotations } } : o;
        const opts = {
            parent,
            provider: this.provider,
            dependsOn: [...this.namespaces, ...after, ...(client ? [client] : [])],
            // A claim patch is never undone: removing it would try to take the size off the claim.
            retainOnDelete: declared.patchesControllerObject || retained,
            ...(declared.ignoreChanges ? { ignoreChanges: [...declared.ignoreChanges] } : {}),
        };
        return customKinds.has(`${apiVersion} ${kind}`)
            ? new k8s.apiextensions.CustomResource(name, { apiVersion, kind, ...args }, opts)
            : new (resourceClass(apiVersion, kind))(name, args, opts);
    }
}
