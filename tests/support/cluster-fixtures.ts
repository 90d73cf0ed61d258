// What docs/how-to/first-prod-deploy.md asks of a cluster, for the control plane of tests/support/control-plane.ts (which has
// no storage provisioner and no ingress controller): a default storage class, volumes for the claims, the `nginx`
// ingress class, the Gateway API's HTTPRoute CRD. Shared by the cluster test (tests/cluster/) and the end-to-end run (tests/e2e/e2e.ts).
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ControlPlane } from "./control-plane";
import { prometheusOperatorCrdFiles, prometheusOperatorRelease } from "../../model/prometheus-operator";
import { gatewayApi, goModuleDir } from "../../support/toolchain";

export const defaultStorageClass = {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: "standard", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
    provisioner: "kubernetes.io/no-provisioner",
    volumeBindingMode: "WaitForFirstConsumer",
    allowVolumeExpansion: true,
} as const;

export const nginxIngressClass = {
    apiVersion: "networking.k8s.io/v1",
    kind: "IngressClass",
    metadata: { name: "nginx" },
    spec: { controller: "k8s.io/ingress-nginx" },
} as const;

/** The Gateway API's standard CRDs grafanaHttpRoute needs (HTTPRoute), from the pinned module in the Go module cache. */
export function gatewayApiCrds(): { apiVersion: string; kind: string; metadata: { name: string } }[] {
    const dir = goModuleDir(gatewayApi.module, gatewayApi.version);
    return gatewayApi.crds.map((file) => parse(fs.readFileSync(path.join(dir, file), "utf8")));
}

/** A static volume of the default class of exactly `size` (as a provisioner makes them): a bound claim's capacity is its request, and it may then only grow. */
export function staticVolume(name: string, size: string) {
    const spec = {
        storageClassName: defaultStorageClass.metadata.name,
        capacity: { storage: size },
        accessModes: ["ReadWriteOnce"],
        hostPath: { path: `/data/${name}` },
    };
    return { apiVersion: "v1", kind: "PersistentVolume", metadata: { name }, spec };
}

/** The CRDs monitoring:prometheusOperator installs, read from the release's Go module (the stack reads the same paths from its URL). */
export function prometheusOperatorCrds(): { apiVersion: string; kind: string; metadata: { name: string } }[] {
    const dir = goModuleDir("github.com/prometheus-operator/prometheus-operator", prometheusOperatorRelease);
    return prometheusOperatorCrdFiles.map((file) => parse(fs.readFileSync(path.join(dir, file), "utf8")));
}

/** Server-side apply of one object, as the provider applies it; the error text, or undefined. */
export async function applyObject(cp: ControlPlane, path: string, object: unknown): Promise<string | undefined> {
    const r = await cp.request("PATCH", `${path}?fieldManager=pulumi-kubernetes&force=true`, object, "application/apply-patch+yaml");
    return r.status === 200 || r.status === 201 ? undefined : `${path}: ${r.status} ${r.body?.message ?? JSON.stringify(r.body)}`;
}

/** Plays the static provisioner every `intervalMs`: each Pending claim of the default class without an Available volume of its size gets one. */
export function provisionVolumes(cp: ControlPlane, intervalMs = 1_000): () => Promise<void> {
    let stopped = false;
    let made = 0;
    const items = async (path: string): Promise<any[]> => (await cp.request("GET", path)).body?.items ?? [];
    const loop = (async () => {
        while (!stopped) {
            const claims = await items("/api/v1/persistentvolumeclaims");
            const free = (await items("/api/v1/persistentvolumes"))
                .filter((v) => v.status?.phase === "Available" && !v.spec.claimRef)
                .map((v) => v.spec.capacity.storage);
            for (const c of claims) {
                if (c.status?.phase !== "Pending" || c.spec.volumeName) continue;
                if ((c.spec.storageClassName ?? defaultStorageClass.metadata.name) !== defaultStorageClass.metadata.name) continue;
                const size = c.spec.resources.requests.storage;
                const i = free.indexOf(size);
                if (i >= 0) free.splice(i, 1);
                else await applyObject(cp, `/api/v1/persistentvolumes/volume-${made}`, staticVolume(`volume-${made++}`, size));
            }
            await new Promise((r) => setTimeout(r, intervalMs));
        }
    })();
    return async () => {
        stopped = true;
        await loop.catch(() => undefined);
    };
}
