// Day 2: every config key changed on a deployed stack must give a plan the cluster (or Docker engine) can apply without
// replacing what holds data. For a before/after pair per key, under the mock engine: no immutable field of an object that
// exists in both runs changes (unless Pulumi keeps it as first created: ignoreChanges), and every object keeps its
// resource name and parent (its URN). The pairs run in two test files, half of the keys each, so that the suite's two
// parallel workers share them (tests/unit/config-change-stability*.test.ts).
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { configKeys, secretKeys } from "../../model/config/schema";
import { MockRun, RecordedResource, runWithMocks } from "./mock-run";
import { prodRaw } from "./prod-run";
import { fakeSecrets, readStackFile } from "./stack-files";
import { changes } from "./day2-changes";
import { unwrapSecrets } from "./secrets";

/** Fields Kubernetes will not change in place, per kind; Docker volume names. */
const immutableFields: Record<string, string[]> = {
    "kubernetes:apps/v1:StatefulSet": ["metadata.name", "spec.selector", "spec.serviceName", "spec.podManagementPolicy", "spec.volumeClaimTemplates"],
    "kubernetes:apps/v1:Deployment": ["metadata.name", "spec.selector"],
    "kubernetes:apps/v1:DaemonSet": ["metadata.name", "spec.selector"],
    "kubernetes:core/v1:Service": ["metadata.name", "spec.clusterIP"],
    "kubernetes:core/v1:PersistentVolumeClaim": ["metadata.name", "spec.storageClassName", "spec.accessModes"],
    "kubernetes:core/v1:PersistentVolumeClaimPatch": ["metadata.name", "spec.storageClassName"],
    "kubernetes:core/v1:Namespace": ["metadata.name"],
    "docker:index/volume:Volume": ["name"],
};

const at = (value: any, path: string) => path.split(".").reduce((v, k) => (v === undefined || v === null ? undefined : v[k]), value);
// A pulled image is no named object of the engine (several components may pull busybox): it is known by its resource name.
const identity = (r: RecordedResource) =>
    r.type === "docker:index/remoteImage:RemoteImage"
        ? `${r.type} ${r.name}`
        : `${r.type} ${r.inputs.metadata?.namespace ?? ""}/${r.inputs.metadata?.name ?? r.inputs.name ?? r.name}`;

function urnOf(resource: pulumi.Resource | undefined): Promise<string> {
    return resource ? new Promise((done) => resource.urn.apply(done)) : Promise.resolve("");
}

/** Every problem a change from `before` to `after` would cause on a deployed stack; none when `pulumi up` applies it in place. */
async function day2Problems(before: MockRun, after: MockRun): Promise<string[]> {
    const problems: string[] = [];
    const declared = (run: MockRun) => run.resources.filter((r) => !r.readId);
    const byName = new Map(declared(before).map((r) => [`${r.type}::${r.name}`, r]));
    for (const now of declared(after)) {
        const was = byName.get(`${now.type}::${now.name}`);
        if (!was) continue;
        // A namespaced object that moved namespace is another object (created new, the old one deleted or retained).
        if (was.inputs.metadata?.namespace !== now.inputs.metadata?.namespace) continue;
        const kept = new Set(now.options.ignoreChanges ?? []);
        for (const field of immutableFields[now.type] ?? []) {
            const [a, b] = [unwrapSecrets(at(was.inputs, field)), unwrapSecrets(at(now.inputs, field))];
            if (JSON.stringify(a) === JSON.stringify(b)) continue;
            if (kept.has(field)) continue;
            problems.push(`${now.type} ${now.name}: ${field} would change from ${JSON.stringify(a)} to ${JSON.stringify(b)}`);
        }
    }
    // The same object keeps its resource name and parent (URN); a new one may appear, an old one may go.
    const named = async (run: MockRun) =>
        new Map(await Promise.all(declared(run).map(async (r) => [identity(r), `${r.name} under ${await urnOf(r.options.parent)}`] as const)));
    const [was, now] = [await named(before), await named(after)];
    for (const [id, where] of now) if (was.has(id) && was.get(id) !== where) problems.push(`${id}: was ${was.get(id)}, now ${where}`);
    // The Kubernetes provider is never replaced (that would replace everything it manages).
    const provider = (run: MockRun) => JSON.stringify(run.resources.filter((r) => r.type === "pulumi:providers:kubernetes").map((r) => r.inputs));
    if (provider(before) !== provider(after)) problems.push(`the Kubernetes provider's inputs change: ${provider(before)} -> ${provider(after)}`);
    return problems;
}

function withChange(raw: Record<string, string>, key: string, value: string): Record<string, string> {
    return { ...raw, [`monitoring:${key}`]: value };
}

/** The pairs of the first or second half of the keys (in the day-2 table's order); the first half also checks the table and the check. */
export function describeConfigChanges(half: 1 | 2): void {
    describe(`every config key can change on a deployed stack (mock engine, before/after pairs, keys half ${half})`, function () {
        this.timeout(240_000);
        const devRaw = () => readStackFile("dev");
        const devSecrets = ["monitoring:grafanaAdminPassword", "monitoring:pagerdutyServiceKey"];
        let prod: MockRun;
        let dev: MockRun;
        before(async () => {
            prod = await runWithMocks("prod", prodRaw(), Object.keys(fakeSecrets));
            dev = await runWithMocks("dev", { ...devRaw(), "monitoring:pagerdutyServiceKey": "fake-key" }, devSecrets);
            assert.ifError(prod.error);
            assert.ifError(dev.error);
        });

        const entries = Object.entries(changes);
        const mine = half === 1 ? entries.slice(0, Math.ceil(entries.length / 2)) : entries.slice(Math.ceil(entries.length / 2));

        if (half === 1)
            it("has a pair, or a reason, for every config and secret key", () => {
                assert.deepEqual(Object.keys(changes).sort(), [...Object.keys(configKeys), ...secretKeys].sort());
                for (const [key, change] of Object.entries(changes)) assert.ok(change.why || change.prod || change.dev, key);
            });

        for (const [key, change] of mine) {
            // A changed secret reaches the program as a secret (`pulumi config set --secret`), never in plain text.
            const isSecret = (k: string) => (secretKeys as readonly string[]).includes(k.replace(/^monitoring:/, ""));
            const changedSecret = [`monitoring:${key}`, ...Object.keys(change.with ?? {})].filter(isSecret);
            if (change.prod !== undefined) {
                it(`prod: ${key}`, async () => {
                    const after = await runWithMocks("prod", withChange({ ...prodRaw(), ...change.with }, key, change.prod!), [
                        ...Object.keys(fakeSecrets),
                        "monitoring:grafanaAdminPassword",
                        ...changedSecret,
                    ]);
                    assert.ifError(after.error);
                    assert.ok(after.resources.length > 50);
                    assert.deepEqual(await day2Problems(prod, after), []);
                });
            }
            if (change.dev !== undefined) {
                it(`dev: ${key}`, async () => {
                    const after = await runWithMocks("dev", withChange({ ...devRaw(), "monitoring:pagerdutyServiceKey": "fake-key" }, key, change.dev!), [
                        ...devSecrets,
                        ...changedSecret,
                    ]);
                    assert.ifError(after.error);
                    assert.deepEqual(await day2Problems(dev, after), []);
                });
            }
        }

        if (half === 1)
            it("finds a change it must refuse (the check can fail)", async () => {
                const stale = prod.resources.map((r) => {
                    const copy = { type: r.type, name: r.name, inputs: JSON.parse(JSON.stringify(r.inputs)) } as RecordedResource;
                    Object.defineProperty(copy, "options", { value: r.options, enumerable: false });
                    return copy;
                });
                const set = stale.find((r) => r.type === "kubernetes:apps/v1:StatefulSet" && r.name.endsWith("prometheus"))!;
                set.inputs.spec.podManagementPolicy = "OrderedReady";
                set.inputs.spec.volumeClaimTemplates[0].spec.resources.requests.storage = "1Gi";
                const moved = stale.find((r) => r.type === "kubernetes:core/v1:ConfigMap" && r.name.endsWith("loki-config"))!;
                Object.defineProperty(moved, "name", { value: "renamed-loki-config" });
                const problems = await day2Problems({ ...prod, resources: stale }, prod);
                assert.equal(problems.length, 2, problems.join("\n"));
                assert.match(problems[0], /spec\.podManagementPolicy would change from "OrderedReady" to "Parallel"/);
                assert.match(
                    problems[1],
                    /^kubernetes:core\/v1:ConfigMap monitoring\/loki-config: was renamed-loki-config under urn:pulumi:prod::monitoring::.*Loki::/,
                );
            });
    });
}
