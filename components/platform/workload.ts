// What a component asks a platform to run; nothing here knows about Docker or Kubernetes.
import * as pulumi from "@pulumi/pulumi";
import { ComponentName, PortName } from "../config/catalog";

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
}

export interface WorkloadVolume {
    /** Short name of the persistent volume (data, positions, ...). */
    readonly name: string;
    readonly mountPath: string;
}

export interface HostMount {
    readonly hostPath: string;
    readonly mountPath: string;
}

export interface WorkloadHealth {
    /** HTTP endpoint that answers 200 when the component is ready. */
    readonly port: number;
    readonly path: string;
    /** How to probe from inside the container, for platforms that exec the probe there (the images differ in their tools). */
    readonly exec?: readonly string[];
}

export interface Workload {
    readonly component: ComponentName;
    readonly image: string;
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
}

export interface DeployedWorkload {
    /** Resources a dependant must wait for (the running container or pods). */
    readonly ready: readonly pulumi.Resource[];
}

/** A place to run workloads: chosen once per stack by `platform`, never inspected by components. */
export interface Platform {
    readonly name: string;
    /** URL users and other stacks reach a published port on. */
    externalUrl(port: number): string;
    /** host:port users and other stacks reach a published port on (gRPC endpoints). */
    externalEndpoint(port: number): string;
    /** Declares the workload's resources as children of `parent`, named after `baseName`. */
    deploy(baseName: string, workload: Workload, parent: pulumi.Resource): DeployedWorkload;
}
