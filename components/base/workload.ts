// What a component asks a platform to run; nothing here knows about Docker or Kubernetes.
import * as pulumi from "@pulumi/pulumi";
import { ComponentName, PortName } from "../../model/config/catalog";
import { PortClient } from "../../model/clients";
import { StackConfig } from "../../model/config/types";

export interface WorkloadFile {
    /** Absolute path inside the container. */
    readonly path: string;
    /** File content; a secret Output for credentials. */
    readonly content: pulumi.Input<string>;
    /** Credentials: kept secret in every resource input and readable only by `owner`. */
    readonly secret?: boolean;
    /** uid that must be able to read a secret file. */
    readonly owner?: string;
}

export interface WorkloadPort {
    /** Stack-wide port name (also the config key under `monitoring:ports`). */
    readonly name: PortName;
    readonly port: number;
    readonly protocol: "tcp";
    /** Everyone who needs this port; platforms that can isolate workloads admit these and no one else. */
    readonly clients: readonly PortClient[];
}

/** A port replicas of a clustered component talk to each other on (Alertmanager's gossip), never published. */
export interface PeerPort {
    readonly name: string;
    readonly port: number;
}

export interface WorkloadVolume {
    /** Short name of the persistent volume (data, positions, ...). */
    readonly name: string;
    readonly mountPath: string;
}

export interface HostMount {
    readonly hostPath: string;
    readonly mountPath: string;
    /** Where the platform can, create it empty on a host that lacks it instead of refusing to start. Default: false. */
    readonly createIfMissing?: boolean;
}

export interface WorkloadHealth {
    /** HTTP endpoint that answers 200 when the component is ready. */
    readonly port: number;
    readonly path: string;
    /** HTTP endpoint that answers 200 while the process is alive, even before it is ready. Default: `path`. */
    readonly livenessPath?: string;
    /** How to probe from inside the container, for platforms that exec the probe there (the images differ in their tools). */
    readonly exec?: readonly string[];
}

/** An environment variable: a fixed value, the name of the node the workload runs on, or the instance's own name or address. */
export type WorkloadEnv =
    | { readonly name: string; readonly value: string }
    | { readonly name: string; readonly nodeName: true }
    | { readonly name: string; readonly instance: "name" | "ip" };

/**
 * Files re-read in place: everything under `dir` is delivered as one directory (never file by file), and a change makes
 * the process reload (SIGHUP to `processName`, confirmed on `statusUrl`) instead of restarting the workload.
 */
export interface InPlaceReload {
    readonly dir: string;
    readonly processName: string;
    /** URL inside the workload that reports the last reload's success (Prometheus' runtimeinfo). */
    readonly statusUrl: string;
}

/** A helper process next to the workload's own, sharing its network (an authenticating proxy in front of a port). */
export interface Sidecar {
    readonly name: string;
    readonly image: string;
    readonly args: readonly string[];
    readonly ports: readonly WorkloadPort[];
    readonly env?: readonly WorkloadEnv[];
    readonly user: { readonly uid: number; readonly gid: number };
    readonly resources: { readonly requests: { cpu: string; memory: string }; readonly limits: { cpu: string; memory: string } };
    /** A TCP port that accepts connections while the sidecar works. */
    readonly healthPort: number;
    /** Checks each caller's platform identity (an authenticating proxy): it needs the right to review tokens and access. */
    readonly authenticatesClients?: boolean;
}

/** An HTTPS entry point for people, in front of one port (Grafana's UI). */
export interface WorkloadIngress {
    readonly port: number;
    readonly host: string;
    /** Secret holding the host's TLS certificate. */
    readonly tlsSecretName: string;
    /** Ingress class; the platform's default when absent. */
    readonly className?: string;
    /** Namespace of the ingress controller: the only source of people's requests where the platform isolates workloads. */
    readonly controllerNamespace?: string;
    /** Annotations for the ingress controller or a certificate issuer. */
    readonly annotations?: Readonly<Record<string, string>>;
}

export interface Workload {
    readonly component: ComponentName;
    readonly image: string;
    /** Replaces the image's entrypoint; `args` follow it. Default: the image's own. */
    readonly entrypoint?: readonly string[];
    readonly args: readonly string[];
    readonly files: readonly WorkloadFile[];
    readonly ports: readonly WorkloadPort[];
    readonly volumes: readonly WorkloadVolume[];
    /** Host paths mounted read-only (Node Exporter's /proc, Promtail's logs). */
    readonly hostMounts?: readonly HostMount[];
    /** Share the host's process namespace (Node Exporter). */
    readonly hostPid?: boolean;
    /** Reach services on the host (platform targets in dev). */
    readonly reachesHost?: boolean;
    readonly health?: WorkloadHealth;
    /** uid:gid that must own the persistent volumes (images that do not create their data directory). */
    readonly volumeOwner?: string;
    /** The image's unprivileged user; platforms that can enforce it run the workload as this user and never as root. */
    readonly user: { readonly uid: number; readonly gid: number; readonly supplementalGroups?: readonly number[] };
    /** Writable scratch directories on an otherwise read-only root filesystem (emptied on restart). Default: none. */
    readonly scratchDirs?: readonly string[];
    /** One instance on every node (node agents) instead of a fixed number of replicas. */
    readonly perNode?: boolean;
    /** Replicas keep a stable name and their own persistent volumes (databases); otherwise they are interchangeable. */
    readonly stableIdentity?: boolean;
    /** Instances to run. Default: 1. */
    readonly replicas?: number;
    /** Where replicas gossip with each other, when there are several. */
    readonly peerPort?: PeerPort;
    /** See the host's network interfaces, for host network metrics (Node Exporter). */
    readonly hostNetwork?: boolean;
    /** Environment variables. Default: none. */
    readonly env?: readonly WorkloadEnv[];
    /** Objects of the platform's own API the workload watches to discover targets (pods and services). Default: none. */
    readonly discovers?: readonly ("pods" | "services" | "endpoints")[];
    /** Presents its platform identity to endpoints that check it (metrics behind an authenticating proxy). Default: false. */
    readonly readsAuthenticatedMetrics?: boolean;
    /** Namespaces it discovers in. Default: the stack's and the platform's (`discoveryNamespaces`). */
    readonly discoveryNamespaces?: readonly string[];
    /** Read every node and its kubelet's metrics (cluster-wide, read-only), to scrape kubelets and cAdvisor. Default: false. */
    readonly readsNodeMetrics?: boolean;
    /** An HTTPS entry point for people. Default: none. */
    readonly ingress?: WorkloadIngress;
    /** Files the process reloads in place; platforms that can deliver changed files without a restart do. Default: none. */
    readonly reload?: InPlaceReload;
    /** Helper processes in the same network namespace (platforms that support them). Default: none. */
    readonly sidecars?: readonly Sidecar[];
    /** The main process's health endpoint answers on this address only (node_exporter behind its proxy): probes go there. */
    readonly healthHost?: string;
}

export interface DeployedWorkload {
    /** Resources a dependant must wait for (the running container or pods). */
    readonly ready: readonly pulumi.Resource[];
}

/** A place to run workloads: chosen once per stack by `platform`, never inspected by components. */
/** Makes the stack's platform; the program passes it in, so components never import a platform (components -> platform). */
export type PlatformFactory = (config: StackConfig, baseName: string, parent: pulumi.Resource) => Platform;

export interface Platform {
    readonly name: string;
    /** URL users and other stacks reach a component's port on. */
    externalUrl(component: ComponentName, port: number): string;
    /** host:port users and other stacks reach a component's port on (gRPC endpoints). */
    externalEndpoint(component: ComponentName, port: number): string;
    /** Declares the workload's resources as children of `parent`, named after `baseName`. */
    deploy(baseName: string, workload: Workload, parent: pulumi.Resource): DeployedWorkload;
}
