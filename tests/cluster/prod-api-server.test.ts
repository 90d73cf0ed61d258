// The prod stack's Kubernetes objects on a real control plane (tests/support/control-plane.ts: kube-apiserver 1.36.3 with its
// default admission plugins, controllers, scheduler, and kwok's fake nodes). The objects are the program's own, taken
// from a run under the mock engine (no Kubernetes provider is buildable here: see docs/verification.md), and applied as
// the provider applies them: server-side apply, namespaces first, claim patches once their StatefulSet is ready,
// objects that leave the program deleted. What the API server decides is real: schema, defaulting, Pod Security
// `restricted`, immutable fields, claim resizes. Pods are Ready by kwok's word; no container runs.
import { strict as assert } from "assert";
import { MockRun, runWithMocks } from "../support/mock-run";
import { secretKeys } from "../../model/config/schema";
import { fakeSecrets } from "../support/stack-files";
import { ControlPlane, startControlPlane } from "../support/control-plane";
import { makeTempDir, removeDir } from "../support/run-tool";
import { declaredKubernetes, prodRaw, runProd } from "../support/prod-run";
import { manifestOf } from "../support/kubernetes-schema";
import { changes } from "../support/day2-changes";
import { defaultStorageClass, gatewayApiCrds, nginxIngressClass, prometheusOperatorCrds, staticVolume } from "../support/cluster-fixtures";
import * as path from "path";
import { parse, stringify } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { renderPrometheusConfig } from "../../render/prometheus/config";
import { startDaemon } from "../support/daemon";
import { writeFiles } from "../support/run-tool";

const clusterScoped = new Set([
    "Namespace",
    "ClusterRole",
    "ClusterRoleBinding",
    "StorageClass",
    "PersistentVolume",
    "IngressClass",
    "CustomResourceDefinition",
]);
const plural = (kind: string) => kind.toLowerCase().replace(/y$/, "ie").replace(/s$/, "se") + "s";

interface Manifest {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; uid?: string };
    [field: string]: any;
}

/** The REST path of an object (no name: the collection). */
function pathOf(m: Manifest, named = true): string {
    const base = m.apiVersion.includes("/") ? `/apis/${m.apiVersion}` : `/api/${m.apiVersion}`;
    const ns = clusterScoped.has(m.kind) ? "" : `/namespaces/${m.metadata.namespace ?? "default"}`;
    return `${base}${ns}/${plural(m.kind)}${named ? `/${m.metadata.name}` : ""}`;
}

const idOf = (m: Manifest) => `${m.kind} ${m.metadata.namespace ?? ""}/${m.metadata.name}`;
/** A patch is its own resource in Pulumi's state, next to the object it patches. */
const isPatchOf = (m: Manifest, patches: readonly Declared[]) => (patches.some((p) => p.manifest === m) ? " (patch)" : "");
const isPatch = (type: string) => type.endsWith("Patch");
const rank = (m: Manifest) => (m.kind === "Namespace" ? 0 : ["StatefulSet", "Deployment", "DaemonSet"].includes(m.kind) ? 2 : 1);

interface Declared {
    readonly manifest: Manifest;
    /** Paths Pulumi keeps as first created (ignoreChanges). */
    readonly ignored: readonly string[];
}

/** The run's objects as the provider would send them, patches apart, and the client namespaces it reads. */
function objectsOf(run: MockRun) {
    const all = declaredKubernetes(run).map((r) => ({
        patch: isPatch(r.type),
        retain: r.options.retainOnDelete === true,
        declared: { manifest: manifestOf(r) as Manifest, ignored: [...((r.options.ignoreChanges as string[] | undefined) ?? [])] },
    }));
    for (const o of all) o.declared.manifest.kind = o.declared.manifest.kind.replace(/Patch$/, "");
    return {
        objects: all
            .filter((o) => !o.patch)
            .map((o) => o.declared)
            .sort((a, b) => rank(a.manifest) - rank(b.manifest)),
        patches: all.filter((o) => o.patch).map((o) => o.declared),
        retained: new Set(all.filter((o) => o.retain).map((o) => idOf(o.declared.manifest))),
        readNamespaces: run.resources.filter((r) => r.readId && r.type === "kubernetes:core/v1:Namespace").map((r) => r.readId!),
    };
}

/** A change of one config key, run under the mock engine as the stack file plus that key (secrets as secrets). */
function runProdWith(key: string, value: string, other: Record<string, string> = {}): Promise<MockRun> {
    // The changed key, and any other key set with it, reach the program as secrets when they are secret keys.
    const isSecret = (k: string) => secretKeys.includes(k.replace(/^monitoring:/, "") as never);
    const secrets = [...Object.keys(fakeSecrets), ...[`monitoring:${key}`, ...Object.keys(other)].filter(isSecret)];
    return runWithMocks("prod", { ...prodRaw(), ...other, [`monitoring:${key}`]: value }, secrets);
}

const at = (value: any, path: string): any => path.split(".").reduce((v, k) => v?.[k], value);
function withKept(m: Manifest, paths: readonly string[], from: Manifest | undefined): Manifest {
    if (!from) return m;
    const copy = structuredClone(m);
    for (const p of paths) {
        const keys = p.split(".");
        const parent = at(copy, keys.slice(0, -1).join("."));
        if (parent) parent[keys[keys.length - 1]] = structuredClone(at(from, p));
    }
    return copy;
}

describe("prod on a real Kubernetes API server (kube-apiserver 1.36.3; pods Ready by kwok, no container runs)", function () {
    this.timeout(900_000);
    let dir: string | undefined;
    let cp: ControlPlane;
    let baseline: MockRun;
    const warnings: string[] = [];
    /** What was last applied, by object: Pulumi's state, from which ignored paths are sent again. */
    const state = new Map<string, Manifest>();
    /** One-way changes (grown claims) that every later run keeps. */
    const carried: Record<string, string> = {};

    async function apply(m: Manifest): Promise<string | undefined> {
        const r = await cp.request("PATCH", `${pathOf(m)}?fieldManager=pulumi-kubernetes&force=true`, m, "application/apply-patch+yaml");
        warnings.push(...r.warnings.map((w) => `${idOf(m)}: ${w}`));
        return r.status === 200 || r.status === 201 ? undefined : `${idOf(m)}: ${r.status} ${r.body?.message ?? JSON.stringify(r.body)}`;
    }

    /** Deletes as the provider does: waits until the object is gone (a namespace takes its content with it first). */
    async function remove(m: Manifest): Promise<string | undefined> {
        const r = await cp.request("DELETE", pathOf(m));
        if (r.status !== 200 && r.status !== 202) return `delete ${idOf(m)}: ${r.status}`;
        for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((done) => setTimeout(done, 500)))
            if ((await cp.request("GET", pathOf(m))).status === 404) return undefined;
        return `delete ${idOf(m)}: still there after 120 s`;
    }

    async function get(m: Manifest): Promise<any> {
        const r = await cp.request("GET", pathOf(m));
        return r.status === 200 ? r.body : undefined;
    }

    /** Polls until every workload of `objects` is Ready, or names the ones that are not. */
    async function waitReady(objects: readonly Manifest[], timeoutMs = 120_000): Promise<string[]> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const notReady: string[] = [];
            for (const m of objects.filter((o) => rank(o) === 2)) {
                const live = await get(m);
                const s = live?.status ?? {};
                // A status older than the object's last change says nothing about the rollout.
                const ready =
                    s.observedGeneration === live?.metadata.generation &&
                    (m.kind === "DaemonSet"
                        ? s.desiredNumberScheduled > 0 && s.numberReady === s.desiredNumberScheduled && s.updatedNumberScheduled === s.desiredNumberScheduled
                        : (s.readyReplicas ?? 0) === (m.spec.replicas ?? 1) &&
                          (s.updatedReplicas ?? 0) === (m.spec.replicas ?? 1) &&
                          s.replicas === (m.spec.replicas ?? 1));
                if (!ready) notReady.push(`${idOf(m)} ${JSON.stringify(s)}`);
            }
            if (notReady.length === 0 || Date.now() > deadline) return notReady;
            await new Promise((r) => setTimeout(r, 1_000));
        }
    }

    /** `pulumi up` from the cluster's state to `run`'s objects, as the provider does it; the problems, if any. */
    async function up(run: MockRun, previous?: MockRun): Promise<string[]> {
        const { objects, patches, readNamespaces } = objectsOf(run);
        const problems: string[] = [];
        // The client namespaces are the user's: they exist before the stack reads them.
        for (const name of readNamespaces) await apply({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
        const applyKept = async ({ manifest, ignored }: Declared) => {
            const sent = withKept(manifest, ignored, state.get(`${idOf(manifest)}${isPatchOf(manifest, patches)}`));
            const failed = await apply(sent);
            if (failed) problems.push(failed);
            else state.set(`${idOf(manifest)}${isPatchOf(manifest, patches)}`, sent);
        };
        for (const o of objects) await applyKept(o);
        problems.push(...(await waitReady(objects.map((o) => o.manifest))).map((w) => `not ready: ${w}`));
        for (const o of patches) {
            if (!(await get(o.manifest))) problems.push(`${idOf(o.manifest)}: the patched claim does not exist`);
            else await applyKept(o);
        }
        if (previous) {
            const kept = new Set(objects.map((o) => idOf(o.manifest)));
            const was = objectsOf(previous);
            // Pulumi leaves an object with retainOnDelete in the cluster when it leaves the program.
            const gone = was.objects.map((o) => o.manifest).filter((m) => !kept.has(idOf(m)) && m.kind !== "Namespace");
            for (const m of gone) state.delete(idOf(m));
            for (const gone of was.objects.map((o) => o.manifest).filter((m) => !kept.has(idOf(m)) && !was.retained.has(idOf(m)) && m.kind !== "Namespace")) {
                const failed = await remove(gone);
                if (failed) problems.push(failed);
            }
        }
        return problems;
    }

    const claimsOnly = (uids: Record<string, string>) => Object.fromEntries(Object.entries(uids).filter(([k]) => k.startsWith("persistentvolumeclaims/")));

    /** pulumi destroy: every object the program declares, dependents first, but those with retainOnDelete. */
    async function destroy(run: MockRun): Promise<void> {
        const { objects, retained } = objectsOf(run);
        for (const { manifest: m } of [...objects].reverse().filter((o) => !retained.has(idOf(o.manifest)))) {
            assert.equal(await remove(m), undefined);
            state.delete(idOf(m));
        }
    }

    /** Uids of what holds data: StatefulSets and claims. A changed uid is a replaced object. */
    async function dataUids(): Promise<Record<string, string>> {
        const out: Record<string, string> = {};
        for (const kind of ["statefulsets", "persistentvolumeclaims"]) {
            const api = kind === "statefulsets" ? "/apis/apps/v1" : "/api/v1";
            const list = (await cp.request("GET", `${api}/namespaces/monitoring/${kind}`)).body;
            for (const item of list.items) out[`${kind}/${item.metadata.name}`] = item.metadata.uid;
        }
        return out;
    }

    before(async () => {
        dir = makeTempDir("control-plane");
        cp = await startControlPlane(dir, 3);
        // What first-prod-deploy.md asks of the cluster: a default storage class (here with static volumes), the ingress
        // class, the client namespace.
        for (const m of [defaultStorageClass, nginxIngressClass]) assert.equal(await apply(structuredClone(m) as unknown as Manifest), undefined);
        // What grafanaHttpRoute asks of the cluster: the Gateway API's HTTPRoute kind, served once its CRD is established;
        // and what prometheusOperator with `crds: existing` finds there.
        for (const crd of [...gatewayApiCrds(), ...prometheusOperatorCrds()]) {
            assert.equal(await apply(crd as Manifest), undefined);
            for (const deadline = Date.now() + 60_000; ; await new Promise((r) => setTimeout(r, 500))) {
                const conditions: any[] = (await get(crd as Manifest))?.status?.conditions ?? [];
                if (conditions.some((c) => c.type === "Established" && c.status === "True")) break;
                assert.ok(Date.now() < deadline, `${crd.metadata.name} not established after 60 s`);
            }
        }
        baseline = await runProd();
        assert.ifError(baseline.error);
        // Static volumes of exactly each claim's size (a provisioner makes them so): a bound claim's capacity is its
        // request, and it may then only grow. Five of each size, for the day-2 change to five Alertmanagers.
        const sizes = new Set<string>();
        for (const { manifest: m } of objectsOf(baseline).objects) {
            for (const t of m.kind === "StatefulSet" ? m.spec.volumeClaimTemplates : m.kind === "PersistentVolumeClaim" ? [m] : [])
                sizes.add(t.spec.resources.requests.storage);
        }
        for (const [i, size] of [...sizes].entries())
            for (let n = 0; n < 5; n++) {
                const pv = staticVolume(`volume-${i}-${n}`, size);
                assert.equal(await apply(pv as Manifest), undefined);
            }
    });

    after(async function () {
        if (this.currentTest?.state === "failed" && cp) console.error(cp.logs());
        await cp?.stop();
        removeDir(dir);
    });

    it("accepts every object of the first `pulumi up`, and every workload becomes Ready", async () => {
        assert.deepEqual(await up(baseline), []);
    });

    it("says nothing against any object (no Pod Security or deprecation warning)", () => {
        assert.deepEqual(warnings, []);
    });

    it("enforces Pod Security `restricted` on the main namespace and admits every pod there", async () => {
        const ns = (await cp.request("GET", "/api/v1/namespaces/monitoring")).body;
        assert.equal(ns.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        const pods = (await cp.request("GET", "/api/v1/namespaces/monitoring/pods")).body.items;
        assert.ok(pods.length >= 8, `${pods.length} pods`);
        const notReady = pods
            .filter((p: any) => !p.status.conditions?.some((c: any) => c.type === "Ready" && c.status === "True"))
            .map((p: any) => p.metadata.name);
        assert.deepEqual(notReady, []);
    });

    it("binds every claim", async () => {
        const claims = (await cp.request("GET", "/api/v1/namespaces/monitoring/persistentvolumeclaims")).body.items;
        assert.ok(claims.length >= 6, `${claims.length} claims`);
        assert.deepEqual(
            claims.filter((c: any) => c.status.phase !== "Bound").map((c: any) => c.metadata.name),
            [],
        );
    });

    it("accepts Grafana's HTTPRoute (Gateway API v1.6.3 standard CRD) in place of the Ingress, refuses a malformed one, and goes back", async () => {
        const routed = await runProdWith(
            "grafanaHttpRoute",
            JSON.stringify({ host: "grafana.ops.example.com", gateway: { name: "public", namespace: "gateways" } }),
            {
                "monitoring:grafanaIngress": "",
            },
        );
        assert.ifError(routed.error);
        assert.deepEqual(await up(routed, baseline), []);
        const route = { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "grafana", namespace: "monitoring" } } as Manifest;
        const live = await get(route);
        assert.deepEqual(live.spec.parentRefs, [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "public", namespace: "gateways" }]);
        assert.deepEqual(live.spec.hostnames, ["grafana.ops.example.com"]);
        // The API server fills in the defaults of the CRD's schema (backend group and kind, weight) and keeps what was sent.
        assert.deepEqual(live.spec.rules[0].backendRefs, [{ group: "", kind: "Service", name: "grafana", port: 3000, weight: 1 }]);
        assert.equal(await get({ ...route, apiVersion: "networking.k8s.io/v1", kind: "Ingress" }), undefined, "the Ingress is gone");
        // The CRD's schema is in force: a host name that is not one is refused.
        const bad = await apply({ ...live, metadata: { name: "bad-route", namespace: "monitoring" }, spec: { ...live.spec, hostnames: ["Grafana_Ops"] } });
        assert.match(bad ?? "", /^HTTPRoute monitoring\/bad-route: 422 /);
        assert.deepEqual(await up(baseline, routed), []);
        assert.equal(await get(route), undefined, "the HTTPRoute is gone with the key");
        assert.deepEqual(warnings, []);
    });

    it("keeps what retainDataOnDestroy retains through `pulumi destroy`, and the next `pulumi up` takes it over with the same claims", async () => {
        const before = await dataUids();
        await destroy(baseline);
        assert.ok(Object.keys(before).some((k) => k.startsWith("persistentvolumeclaims/")));
        assert.deepEqual(await dataUids(), claimsOnly(before), "the claims stay; the StatefulSets go (their claims outlive them)");
        assert.deepEqual(await up(baseline), []);
        assert.deepEqual(claimsOnly(await dataUids()), claimsOnly(before), "taken over, not replaced");
    });

    for (const [key, change] of Object.entries(changes)) {
        if (change.prod === undefined) continue;
        // A claim only grows: the larger sizes stay (the baseline's are kept from then on, as ignored by nothing else).
        const oneWay = key === "storageSizes";
        it(`applies a change of ${key} in place${oneWay ? "" : ", and back,"} replacing nothing that holds data`, async () => {
            const before = await dataUids();
            const after = await runProdWith(key, change.prod!, { ...carried, ...change.with });
            assert.ifError(after.error);
            assert.deepEqual(await up(after, baseline), [], `${key} -> ${change.prod}`);
            if (oneWay) [baseline, carried[`monitoring:${key}`]] = [after, change.prod!];
            else assert.deepEqual(await up(baseline, after), [], `${key} back`);
            const now = await dataUids();
            // A component removed and added back gets a new StatefulSet; its claims stay.
            const replaced = Object.keys(before).filter((k) => now[k] !== undefined && now[k] !== before[k]);
            assert.deepEqual(key === "components" ? replaced.filter((k) => k.startsWith("persistentvolumeclaims/")) : replaced, [], "replaced");
            assert.deepEqual(warnings, []);
        });
    }

    // E2E.md bug 4: a StatefulSet kept by a destroy refused the grown claim templates of the next up.
    it("after the claims grew, removes a component and adds it back, and comes back after `pulumi destroy`, on the same claims", async () => {
        assert.ok(carried["monitoring:storageSizes"], "the claims grew earlier in this run");
        const before = claimsOnly(await dataUids());
        const withoutTempo = await runProdWith("components", changes.components.prod!, carried);
        assert.deepEqual(await up(withoutTempo, baseline), []);
        assert.deepEqual(await up(baseline, withoutTempo), [], "tempo added back over its grown claim");
        await destroy(baseline);
        assert.deepEqual(await up(baseline), [], "up after destroy over the grown claims");
        assert.deepEqual(claimsOnly(await dataUids()), before, "the same claims, grown");
        const tempo = await get({ apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "tempo", namespace: "monitoring" } } as Manifest);
        assert.equal(tempo.spec.volumeClaimTemplates[0].spec.resources.requests.storage, "30Gi");
        assert.deepEqual(warnings, []);
    });
    it("lets Prometheus 3.13.2 find a team's annotated pod through this API server and label it with its team (monitoring:teams)", async () => {
        const pod = (namespace: string, name: string) => ({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name, namespace, annotations: { "prometheus.io/scrape": "true", "prometheus.io/port": "8080" } },
            spec: { containers: [{ name: "app", image: "registry.example.com/app:1.0.0", ports: [{ containerPort: 8080 }] }] },
        });
        for (const name of ["payments", "provisioning"])
            assert.equal(await apply({ apiVersion: "v1", kind: "Namespace", metadata: { name } } as Manifest), undefined);
        for (const p of [pod("payments", "checkout"), pod("provisioning", "orchestrator-0")]) assert.equal(await apply(p as unknown as Manifest), undefined);
        const config = parseStackConfig(
            {
                ...prodRaw(),
                "monitoring:clientNamespaces": JSON.stringify(["payments", "provisioning"]),
                "monitoring:teams": JSON.stringify([{ name: "payments", namespaces: ["payments"], receivers: { email: "payments@example.com" } }]),
            },
            "prod",
        );
        // The stack's job as rendered, reaching this API server through its kubeconfig instead of the pod's service account.
        const job = (parse(renderPrometheusConfig(config)).scrape_configs as any[]).find((j) => j.job_name === "kubernetes-pods");
        for (const sd of job.kubernetes_sd_configs) sd.kubeconfig_file = cp.kubeconfig;
        writeFiles(dir!, { "prometheus/prometheus.yml": stringify({ global: { scrape_interval: "1s" }, scrape_configs: [job] }) });
        const prometheus = await startDaemon(
            "prometheus",
            [
                `--config.file=${path.join(dir!, "prometheus", "prometheus.yml")}`,
                `--storage.tsdb.path=${path.join(dir!, "prometheus", "data")}`,
                "--web.listen-address=127.0.0.1:{port}",
            ],
            "/-/ready",
            60_000,
        );
        try {
            let found: Record<string, string | undefined> = {};
            for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 1_000))) {
                const targets = (await (await fetch(`${prometheus.baseUrl}/api/v1/targets?state=active`)).json()) as {
                    data: { activeTargets: { labels: Record<string, string> }[] };
                };
                found = Object.fromEntries(targets.data.activeTargets.map((t) => [`${t.labels.namespace}/${t.labels.pod}`, t.labels.team]));
                if (Object.keys(found).length >= 2) break;
            }
            // kwok runs no container: the scrape itself fails; what is proven is discovery, relabelling and the team label.
            assert.deepEqual(found, { "payments/checkout": "payments", "provisioning/orchestrator-0": undefined });
        } finally {
            await prometheus.stop();
        }
    });
});
