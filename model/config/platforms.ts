// What differs between the platforms, as named facts: the config checks, renderers and components read these and never
// ask which platform it is. Key defaults per platform are in schema.ts; the resources themselves are made by platform/.
import type { WorkloadName } from "./catalog";
import type { PlatformName } from "./schema";

/** Docker's facts, each documented here; every platform states the same ones (PlatformProfile). */
const docker = {
    /** Runs several instances of a component, each with its own name (Docker runs one of each on one host). */
    replicas: false,
    /** Workloads find pods, services and nodes through the platform's API and prove who they are to it (RBAC, token reviews). */
    clusterApi: false,
    /** Places the stack in namespaces: the node agents in one of their own, reaching the others by namespaced name. */
    namespaces: false,
    /** Creates a missing host path empty (the kubelet's DirectoryOrCreate) where Docker refuses to start the container. */
    createsMissingHostPaths: false,
    /** Publishes ports on the host the Pulumi CLI runs on, so the CLI reaches Grafana at its external URL. */
    publishesPorts: true,
    /** Gives each data volume a size (a claim), which must hold what the component keeps. */
    sizedVolumes: false,
    /** Serves people through an Ingress or a Gateway API route (monitoring:grafanaIngress, grafanaHttpRoute). */
    ingress: false,
    /** Others depend on it: a placeholder host or a missing heartbeat is refused. */
    production: false,
    /** Keeps data in an object store when monitoring:objectStorage asks (dev keeps every signal on its local volume). */
    objectStorage: false,
    /** Host name people and other stacks reach a component on. */
    externalHost: (config: { readonly externalHost: string; readonly namespace: string }, _component: WorkloadName): string => config.externalHost,
};

export type PlatformProfile = typeof docker;

export const platformProfiles: Readonly<Record<PlatformName, PlatformProfile>> = {
    docker,
    kubernetes: {
        replicas: true,
        clusterApi: true,
        namespaces: true,
        createsMissingHostPaths: true,
        publishesPorts: false,
        sizedVolumes: true,
        ingress: true,
        production: true,
        objectStorage: true,
        externalHost: (config, component) => `${component}.${config.namespace}.svc`,
    },
};

export const profileOf = (config: { readonly platform: PlatformName }): PlatformProfile => platformProfiles[config.platform];
