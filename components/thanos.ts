// Thanos over the Prometheus replicas (monitoring:thanos, kubernetes only). Alerts and rules stay in Prometheus; Grafana reads through Query.
import * as pulumi from "@pulumi/pulumi";
import { ThanosPart, thanosImage, thanosPorts, thanosSidecarResources } from "../model/config/catalog";
import { signalBucket } from "../model/config/object-storage";
import { ConfigSlice } from "../model/config/types";
import { internalUrl } from "../model/endpoints";
import { prometheusPaths } from "../render/prometheus/config";
import { renderThanosObjstore, thanosCompactorArgs, thanosPaths, thanosQueryArgs, thanosSidecarArgs, thanosStoreArgs } from "../render/thanos/config";
import { Sidecar, StackComponentArgs, storeConfigFile, Workload, WorkloadFile, WorkloadPort } from "./workload";

type Config = ConfigSlice<"objectStorage" | "thanos" | "ports" | "prometheusReplicas" | "components">;

/** Prometheus' user: the sidecar reads its blocks, and every part reads the secret file as that user's group. */
const user = { uid: 65534, gid: 65534 };

/** The metrics bucket's object store file: secret, so it reaches the pod only through a Kubernetes Secret. */
export function thanosObjstoreFile(config: Config, credentials: pulumi.Input<string> | undefined): WorkloadFile {
    const bucket = signalBucket(config.objectStorage, "metrics");
    if (!bucket || credentials === undefined) throw new Error("Thanos needs monitoring:objectStorage.buckets.metrics and monitoring:objectStorageCredentials");
    return storeConfigFile(user.uid, thanosPaths.objstoreFile, bucket.bucket, credentials, (keys) => renderThanosObjstore(bucket, keys!));
}

const grpc = (clients: WorkloadPort["clients"]): WorkloadPort => ({ name: "thanosGrpc", port: thanosPorts.thanosGrpc, clients });
// Prometheus scrapes every port of the stack; Grafana reads Query's HTTP API.
const http = (clients: WorkloadPort["clients"] = ["prometheus"]): WorkloadPort => ({ name: "thanosHttp", port: thanosPorts.thanosHttp, clients });

export function thanosSidecar(config: Config): Sidecar {
    return {
        name: "thanos-sidecar",
        image: thanosImage,
        args: thanosSidecarArgs(config),
        ports: [grpc(["thanos-query"]), http()],
        user,
        resources: thanosSidecarResources,
        healthPort: thanosPorts.thanosHttp,
        mounts: [prometheusPaths.dataDir, thanosPaths.objstoreFile],
    };
}

function part(component: ThanosPart, args: string[], ports: WorkloadPort[], more: Partial<Workload>): Workload {
    return {
        component,
        image: thanosImage,
        args,
        files: [],
        ports,
        volumes: [],
        user,
        health: { port: thanosPorts.thanosHttp, path: "/-/ready", livenessPath: "/-/healthy" },
        scratchDirs: ["/tmp"],
        ...more,
    };
}

function thanosWorkloads(config: Config, objstore: WorkloadFile): Workload[] {
    return [
        part("thanos-query", thanosQueryArgs(config), [http(["prometheus", "grafana"])], {}),
        // Its index headers are a cache, rebuilt from the bucket on start.
        part("thanos-store", thanosStoreArgs(), [grpc(["thanos-query"]), http()], { files: [objstore], scratchDirs: ["/tmp", thanosPaths.dataDir] }),
        // One writer to the bucket's compaction state: a single replica, its working space on a claim of its own.
        part("thanos-compactor", thanosCompactorArgs(config), [http()], {
            files: [objstore],
            volumes: [{ name: "data", mountPath: thanosPaths.dataDir, size: config.thanos.compactorStorage }],
        }),
    ];
}

export class Thanos extends pulumi.ComponentResource {
    /** Where Grafana and people query the replicas and the bucket as one, deduplicated. */
    public readonly queryUrl: pulumi.Output<string>;
    public readonly ready: readonly pulumi.Resource[];

    constructor(name: string, args: StackComponentArgs<Config>, opts?: pulumi.ComponentResourceOptions) {
        super("monitoring:index:Thanos", name, {}, opts);
        const objstore = thanosObjstoreFile(args.config, args.secrets?.objectStorageCredentials);
        this.ready = thanosWorkloads(args.config, objstore).flatMap((w) => args.platform.deploy(`${name}-${w.component.replace(/^thanos-/, "")}`, w, this));
        this.queryUrl = pulumi.output(internalUrl("thanos-query", thanosPorts.thanosHttp));
        this.registerOutputs({ queryUrl: this.queryUrl });
    }
}
