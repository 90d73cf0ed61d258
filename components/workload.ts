// The contract between components and platforms (no Docker or Kubernetes here; every field is read by a platform), and the components' base class.
import * as pulumi from "@pulumi/pulumi";
import { collectorName, ComponentName, deploysCollector, PortName, ThanosPortName, WorkloadName } from "../model/config/catalog";
import { ObjectStorageKeys } from "../model/config/object-storage";
import { SecretKey } from "../model/config/schema";
import { ConfigSlice, StackConfig } from "../model/config/types";
import { externalUrl, internalUrl, PortClient } from "../model/endpoints";

export interface WorkloadFile {
    readonly path: string;
    readonly content: pulumi.Input<string>;
    /** Credentials: kept secret in every resource input and readable only by `owner` (a uid). */
    readonly secret?: boolean;
    readonly owner?: string;
}

export interface WorkloadPort {
    /** Stack-wide port name (also the config key under `monitoring:ports`; Thanos' fixed ports are no key). */
    readonly name: PortName | ThanosPortName;
    readonly port: number;
    /** false: reached inside the stack only, never published on the host (another workload publishes that number). Default true. */
    readonly published?: false;
    /** Everyone who needs this port; platforms that can isolate workloads admit these and no one else. */
    readonly clients: readonly PortClient[];
}

/** An environment variable: a fixed value, or the node's or the instance's own name or address where the platform has them. */
export type WorkloadEnv =
    | { readonly name: string; readonly value: string }
    | { readonly name: string; readonly nodeName: true }
    | { readonly name: string; readonly instance: "name" | "ip" };

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
    /** Checks each caller's platform identity: it needs the right to review tokens and access. */
    readonly authenticatesClients?: boolean;
    /** Mount paths of the workload's own volumes and files it sees too (the Thanos sidecar reads Prometheus' blocks). */
    readonly mounts?: readonly string[];
}

export interface Workload {
    readonly component: WorkloadName;
    readonly image: string;
    /** Replaces the image's entrypoint; `args` follow it. Default: the image's own. */
    readonly entrypoint?: readonly string[];
    readonly args: readonly string[];
    readonly files: readonly WorkloadFile[];
    readonly ports: readonly WorkloadPort[];
    /** `size`: the claim's size where it is no key of monitoring:storageSizes (the Thanos Compactor's). */
    readonly volumes: readonly { readonly name: string; readonly mountPath: string; readonly size?: string }[];
    /** The image's unprivileged user; platforms that can enforce it run the workload as this user and never as root. */
    readonly user: { readonly uid: number; readonly gid: number; readonly supplementalGroups?: readonly number[] };
    /** The image does not create its data directory: fresh volumes are handed to `user` first. */
    readonly chownsVolumes?: boolean;
    readonly health: {
        /** HTTP endpoint that answers 200 when the component is ready, on `host` when it listens on one address only. */
        readonly port: number;
        readonly path: string;
        readonly host?: string;
        /** HTTP endpoint that answers 200 while the process is alive, even before it is ready. Default: `path`. */
        readonly livenessPath?: string;
        /** How to probe from inside the container, for platforms that exec the probe there (the images differ in their tools). */
        readonly exec?: readonly string[];
    };
    /** Instances to run (default 1); with `stableIdentity` each keeps its name and its own volumes (databases). */
    readonly replicas?: number;
    readonly stableIdentity?: boolean;
    /** Where the replicas gossip with each other (Alertmanager), never published. */
    readonly peerPort?: { readonly name: string; readonly port: number };
    readonly perNode?: boolean;
    /** Read-only. `createIfMissing`: made empty where the platform can (else refused); `forOtherStacks`: made 0755 by the deployer for other stacks to fill. */
    readonly hostMounts?: readonly {
        readonly hostPath: string;
        readonly mountPath: string;
        readonly createIfMissing?: boolean;
        readonly forOtherStacks?: boolean;
    }[];
    /** Share the host's process and network namespaces (Node Exporter). */
    readonly hostNamespaces?: boolean;
    /** Reach services on the host the platform runs on (platform targets in dev). */
    readonly reachesHost?: boolean;
    /** Writable scratch directories on an otherwise read-only root filesystem (emptied on restart). */
    readonly scratchDirs?: readonly string[];
    readonly env?: readonly WorkloadEnv[];
    /** What it reads from the platform's API: objects it discovers targets among, nodes' metrics, metrics behind a proxy. */
    readonly api?: {
        readonly discovers?: { readonly kinds: readonly ("pods" | "services" | "endpoints")[]; readonly namespaces: readonly string[] };
        readonly nodeMetrics?: boolean;
        readonly authenticatedMetrics?: boolean;
    };
    /** An HTTPS entry point for people in front of one port, where the platform has one (Grafana's UI). */
    readonly ingress?: { readonly port: number } & NonNullable<StackConfig["grafanaIngress"]>;
    /** The same through a Gateway API HTTPRoute attached to a Gateway someone else runs (TLS ends there). */
    readonly httpRoute?: { readonly port: number } & NonNullable<StackConfig["grafanaHttpRoute"]>;
    /** Files under `dir` reloaded in place (SIGHUP to `processName`, confirmed on `statusUrl`) where the platform can deliver them live. */
    readonly reload?: { readonly dir: string; readonly processName: string; readonly statusUrl: string };
    readonly sidecars?: readonly Sidecar[];
}

/** A place to run workloads, chosen once per stack by monitoring:platform (platform/index.ts). */
export interface Platform {
    /** Declares the workload's resources as children of `parent`, named after `baseName`; returns what dependants wait for. */
    deploy(baseName: string, workload: Workload, parent: pulumi.Resource): readonly pulumi.Resource[];
}

/** Makes the stack's platform; the program passes it in, so components never import a platform (components -> platform). */
export type PlatformFactory = (config: StackConfig, baseName: string, parent: pulumi.Resource) => Platform;

/** What every component reads: whether it is deployed, its port, and how it is reached from outside. */
export type ComponentConfig = ConfigSlice<
    "components" | "otlpCollector" | "ports" | "images" | "platform" | "externalHost" | "namespace" | "grafanaIngress" | "grafanaHttpRoute"
>;

/** The stack's secret config values (model/config/schema.ts says what each holds), each a Pulumi secret; absent when not set. */
export type StackSecrets = Partial<Record<SecretKey, pulumi.Input<string>>>;

export interface StackComponentArgs<C = ComponentConfig> {
    readonly config: C;
    readonly platform: Platform;
    /** Each component reads its own: receiver, scrape and remote-write credentials, the object store's keys, Grafana's passwords. */
    readonly secrets?: StackSecrets;
}

/** The shape the seven components share: refuse to run undeclared, hand a workload to the platform, expose URLs. */
export abstract class StackComponent extends pulumi.ComponentResource {
    public readonly internalUrl: pulumi.Output<string>;
    public readonly externalUrl: pulumi.Output<string>;
    /** Resources that are up once the component runs; dependants wait on them. */
    public ready: readonly pulumi.Resource[] = [];

    protected constructor(
        className: string,
        name: string,
        component: ComponentName | typeof collectorName,
        port: PortName,
        args: StackComponentArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super(`monitoring:index:${className}`, name, {}, opts);
        if (component === collectorName && !deploysCollector(args.config)) {
            throw new pulumi.ResourceError(`${className} is declared but monitoring:otlpCollector is off or no store it forwards to is deployed`, this);
        }
        if (component !== collectorName && !args.config.components.includes(component)) {
            throw new pulumi.ResourceError(
                `${className} is declared but monitoring:components does not include ${component} (got ${JSON.stringify(args.config.components)})`,
                this,
            );
        }
        this.internalUrl = pulumi.output(internalUrl(component, args.config.ports[port]));
        this.externalUrl = pulumi.output(externalUrl(args.config, component, args.config.ports[port]));
    }

    protected run(name: string, args: StackComponentArgs, workload: Workload, outputs: pulumi.Inputs = {}): void {
        this.ready = args.platform.deploy(name, workload, this);
        this.registerOutputs({ internalUrl: this.internalUrl, externalUrl: this.externalUrl, ...outputs });
    }
}

export const secretFile = (uid: number, path: string, content: pulumi.Input<string>): WorkloadFile => ({ path, content, secret: true, owner: String(uid) });

/** A secret config value holding JSON text of entry -> value (scrape, remote-write, team credentials): one entry, "" when absent; still secret. */
export function secretEntries(text: pulumi.Input<string>): (entry: string) => pulumi.Output<string> {
    const entries = pulumi.output(text).apply((t) => JSON.parse(t) as Record<string, string>);
    return (entry) => entries.apply((e) => e[entry] ?? "");
}

/** A config file that holds the object store's keys when the component keeps its data in `bucket`: then a secret file. */
export function storeConfigFile(
    uid: number,
    path: string,
    bucket: string | undefined,
    credentials: pulumi.Input<string> | undefined,
    render: (keys?: ObjectStorageKeys) => string,
): WorkloadFile {
    if (!bucket || credentials === undefined) return { path, content: render() };
    // monitoring:objectStorageCredentials (a Pulumi secret, JSON text) as the keys the S3 clients (Loki, Tempo, Thanos) take, still secret.
    const entry = secretEntries(credentials);
    const keys = pulumi.all([entry("accessKeyId"), entry("secretAccessKey")]).apply(([accessKeyId, secretAccessKey]) => ({ accessKeyId, secretAccessKey }));
    return secretFile(uid, path, pulumi.secret(keys).apply(render));
}
