// Day 2 on Kubernetes: claims grow through patches, a storage class change is refused with the safe path, destroy -> up
// takes retained objects over, and a first `pulumi up` reads the platform's namespaces before placing anything there.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { generatedPassword, MockRun, PriorState, runWithMocks } from "../support/mock-run";
import { declaredKubernetes, manifestNamed, manifestsOf, prodRaw, runProd, statefulSet } from "../support/prod-run";
import { fakeSecrets } from "../support/stack-files";
import { unwrapSecrets } from "../support/secrets";

const urnOf = (r: pulumi.Resource) => new Promise<string>((done) => r.urn.apply(done));
const patches = (run: MockRun) => declaredKubernetes(run).filter((r) => r.type === "kubernetes:core/v1:PersistentVolumeClaimPatch");

/** A cluster where the StatefulSets' claim templates were created with storage class `createdWith`. */
const createdWithClass =
    (createdWith: string | undefined): PriorState =>
    (type, _name, inputs) => {
        if (type !== "kubernetes:apps/v1:StatefulSet") return undefined;
        const templates = inputs.spec.volumeClaimTemplates.map((t: any) => {
            const { storageClassName: _, ...spec } = t.spec;
            return { ...t, spec: { ...spec, ...(createdWith ? { storageClassName: createdWith } : {}) } };
        });
        return { spec: { ...inputs.spec, volumeClaimTemplates: templates } };
    };

describe("Kubernetes day 2 (mock engine, Pulumi.prod.yaml)", function () {
    this.timeout(60_000);
    let run: MockRun;
    before(async () => {
        run = await runProd();
        assert.ifError(run.error);
    });

    it("takes over objects a `pulumi destroy` retained (upsertExistingObjects), instead of failing with AlreadyExists", () => {
        const provider = run.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
        assert.equal(provider.inputs.upsertExistingObjects, "true");
    });

    it("forces the apply of what outlives destroy, so a later resource takes it over despite the first one's field manager", () => {
        const kept = declaredKubernetes(run).filter((r) => r.options.retainOnDelete === true && !r.type.endsWith("Patch"));
        assert.deepEqual([...new Set(kept.map((r) => r.type))].sort(), ["kubernetes:core/v1:Namespace", "kubernetes:core/v1:PersistentVolumeClaim"]);
        for (const r of kept) assert.equal(r.inputs.metadata.annotations?.["pulumi.com/patchForce"], "true", r.name);
        for (const r of declaredKubernetes(run).filter((r) => r.options.retainOnDelete !== true))
            assert.equal(r.inputs.metadata.annotations?.["pulumi.com/patchForce"], undefined, r.name);
    });

    it("keeps the StatefulSets' immutable fields constant: Parallel at any replica count, claim templates as first created", async () => {
        const one = await runProd({ "monitoring:alertmanagerReplicas": "1", "monitoring:prometheusReplicas": "1" });
        for (const r of [run, one])
            for (const set of manifestsOf(r, "kubernetes:apps/v1:StatefulSet")) assert.equal(set.spec.podManagementPolicy, "Parallel", set.metadata.name);
        for (const set of declaredKubernetes(run).filter((r) => r.type === "kubernetes:apps/v1:StatefulSet")) {
            assert.deepEqual(set.options.ignoreChanges, ["spec.volumeClaimTemplates"], set.name);
        }
        const grafanaClaim = declaredKubernetes(run).find((r) => r.type === "kubernetes:core/v1:PersistentVolumeClaim")!;
        assert.deepEqual(grafanaClaim.options.ignoreChanges, ["spec.storageClassName"], "a class change never replaces Grafana's claim");
    });

    it("grows every replica's claim with a forced server-side patch, not awaited, after its StatefulSet, never undone", async () => {
        assert.deepEqual(
            patches(run)
                .map((p) => p.inputs.metadata.name)
                .sort(),
            ["data-alertmanager-0", "data-alertmanager-1", "data-alertmanager-2", "data-loki-0", "data-prometheus-0", "data-prometheus-1", "data-tempo-0"],
        );
        for (const patch of patches(run)) {
            const component = patch.inputs.metadata.name.split("-")[1];
            assert.equal(patch.inputs.metadata.namespace, "monitoring");
            // Not awaited: the provider waits for a claim of a WaitForFirstConsumer class to be Pending, and a patched claim
            // is Bound already (each patch timed out after five minutes in `npm run e2e -- prod`).
            assert.deepEqual(patch.inputs.metadata.annotations, { "pulumi.com/patchForce": "true", "pulumi.com/skipAwait": "true" });
            assert.deepEqual(unwrapSecrets(patch.inputs.spec), {
                resources: { requests: { storage: statefulSet(run, component).spec.volumeClaimTemplates[0].spec.resources.requests.storage } },
            });
            assert.equal(patch.options.retainOnDelete, true);
            const after = await Promise.all((patch.options.dependsOn as pulumi.Resource[]).map(urnOf));
            assert.ok(
                after.some((u) => u.endsWith(`statefulset-${component}`)),
                `${patch.name} waits for its StatefulSet`,
            );
        }
        const grown = await runProd({ "monitoring:storageSizes": '{"prometheus":"100Gi"}' });
        assert.ifError(grown.error);
        const size = (r: MockRun, name: string) => patches(r).find((p) => p.inputs.metadata.name === name)!.inputs.spec.resources.requests.storage;
        assert.equal(size(grown, "data-prometheus-1"), "100Gi");
        assert.equal(size(grown, "data-loki-0"), "50Gi");
    });

    it("patches the claims of new replicas too when a StatefulSet scales up", async () => {
        const five = await runProd({ "monitoring:alertmanagerReplicas": "5" });
        assert.ok(patches(five).some((p) => p.inputs.metadata.name === "data-alertmanager-4"));
    });

    it("stops before touching a claim when monitoring:storageClass differs from the class the claims were created with, naming the safe path", async () => {
        const changed = await runWithMocks(
            "prod",
            { ...prodRaw(), "monitoring:storageClass": "fast-ssd" },
            Object.keys(fakeSecrets),
            {},
            generatedPassword,
            createdWithClass("standard"),
        );
        assert.match(
            changed.error?.message ?? "",
            /monitoring:storageClass: the claims of \w+ were created with storage class standard, not storage class fast-ssd; a bound claim's storage class cannot change\. Set monitoring:storageClass back to the class the claims have, or move the data on purpose: see docs\/kubernetes\.md, "Changing the storage class"/,
        );
        assert.equal(patches(changed).length, 0, "no claim is patched");
        const fromDefault = await runWithMocks(
            "prod",
            { ...prodRaw(), "monitoring:storageClass": "fast-ssd" },
            Object.keys(fakeSecrets),
            {},
            generatedPassword,
            createdWithClass(undefined),
        );
        assert.match(fromDefault.error?.message ?? "", /were created with the cluster's default class, not storage class fast-ssd/);
        const same = await runWithMocks(
            "prod",
            { ...prodRaw(), "monitoring:storageClass": "fast-ssd" },
            Object.keys(fakeSecrets),
            {},
            generatedPassword,
            createdWithClass("fast-ssd"),
        );
        assert.ifError(same.error);
        assert.equal(patches(same)[0].inputs.spec.storageClassName, "fast-ssd");
    });

    it("reads each platform namespace before placing anything in it, and creates none", async () => {
        const reads = run.resources.filter((r) => r.readId);
        assert.deepEqual(
            reads.map((r) => [r.type, r.readId]),
            [["kubernetes:core/v1:Namespace", "provisioning"]],
        );
        const inClient = declaredKubernetes(run).filter((r) => r.inputs.metadata?.namespace === "provisioning");
        assert.deepEqual([...new Set(inClient.map((r) => r.type.split(":")[2]))].sort(), ["Role", "RoleBinding"]);
        for (const r of inClient) {
            const after = await Promise.all((r.options.dependsOn as pulumi.Resource[]).map(urnOf));
            assert.ok(
                after.some((u) => u.endsWith("-client-namespace-provisioning")),
                `${r.name} waits for the read`,
            );
        }
        assert.ok(!manifestsOf(run, "kubernetes:core/v1:Namespace").some((n) => n.metadata.name === "provisioning"));
    });

    it("places nothing in a platform namespace that does not exist: the read fails first", async () => {
        const missing: PriorState = (type, name) => {
            if (type === "kubernetes:core/v1:Namespace" && name.endsWith("-client-namespace-provisioning"))
                throw new Error('namespaces "provisioning" not found');
            return undefined;
        };
        const fresh = await runWithMocks("prod", prodRaw(), Object.keys(fakeSecrets), {}, generatedPassword, missing);
        assert.match(fresh.error?.message ?? "", /namespaces "provisioning" not found/);
        assert.deepEqual(
            declaredKubernetes(fresh).filter((r) => r.inputs.metadata?.namespace === "provisioning"),
            [],
        );
    });

    it("needs no read when the stack's own namespace is the only client namespace", async () => {
        const own = await runProd({ "monitoring:clientNamespaces": '["monitoring"]' });
        assert.ifError(own.error);
        assert.equal(own.resources.filter((r) => r.readId).length, 0);
        assert.ok(manifestNamed(own, "kubernetes:rbac.authorization.k8s.io/v1:Role", "monitoring-prod-prometheus-discovery", "monitoring"));
    });
});
