// `npm run e2e -- prod`: the real Pulumi engine (CLI 3.276.0) with the real Kubernetes provider deploys the prod stack to
// a real control plane (tests/support/control-plane.ts: kube-apiserver 1.36.3, controllers, scheduler, kwok's fake nodes), then
// day 2, destroy with retained data and a take-over. Every tool comes from the cache of `npm run tools`. What differs
// from a user's machine (file backend, inline program, the provider commit, no Grafana, kwok): E2E.md.
import * as fs from "fs";
import * as path from "path";
import type { LocalWorkspace as Workspace, Stack } from "@pulumi/pulumi/automation";
import kubernetesSdk from "@pulumi/kubernetes/package.json";
import randomSdk from "@pulumi/random/package.json";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { runProgram } from "../../program/program";
import { TeamMonitoring } from "../../program/team-monitoring";
import type { TeamKubernetesObject } from "../../model/prometheus-operator";
import { ControlPlane, startControlPlane } from "../support/control-plane";
import { applyObject, defaultStorageClass, nginxIngressClass, prometheusOperatorCrds, provisionVolumes } from "../support/cluster-fixtures";
import { makeTempDir, removeDir } from "../support/run-tool";
import { toolPath } from "../../support/toolchain";
import { runDev } from "./e2e-dev";
import { automation, cli as pulumiCli, E2eFailed, mkdir, projectFiles, pulumiEnv, Timed, TimedFn, timer, tsWrapper, upClean } from "./e2e-steps";

/** The prod stack without Grafana: the random, grafana and command providers it would need are not buildable here. */
const components = ["prometheus", "loki", "promtail", "tempo", "alertmanager", "node-exporter"];
const clientNamespaces = ["provisioning", "provisioning-jobs"];

/**
 * Claim growth comes first, so that a component added back and the up after destroy run over grown claims: a kept
 * StatefulSet refused the grown claim templates of a new one (E2E.md, bug 4), so StatefulSets are no longer kept.
 */
const growth = { "monitoring:storageSizes": { prometheus: "80Gi", loki: "60Gi", tempo: "30Gi", alertmanager: "2Gi" } };

const objectStore = { endpoint: "http://objects.storage.invalid:9000", buckets: { metrics: "e2e-metrics", logs: "e2e-logs", traces: "e2e-traces" } };

/** The day-2 changes, each applied by `pulumi up` and checked by a clean refresh-preview (tests/support/day2-changes.ts). */
const day2: readonly { name: string; set: Record<string, unknown>; unset?: readonly string[] }[] = [
    { name: "storageSizes growth", set: growth },
    { name: "retention", set: { "monitoring:prometheusRetentionTime": "15d", "monitoring:lokiRetention": "240h" } },
    { name: "alertmanagerReplicas 3 -> 5", set: { "monitoring:alertmanagerReplicas": 5 } },
    { name: "resources", set: { "monitoring:resources": { prometheus: { limits: { memory: "8Gi" } }, loki: { requests: { cpu: "500m" } } } } },
    { name: "tempo removed", set: { "monitoring:components": components.filter((c) => c !== "tempo") } },
    { name: "tempo added back", set: { "monitoring:components": components } },
    { name: "clientNamespaces + provisioning-jobs", set: { "monitoring:clientNamespaces": clientNamespaces } },
    // A deployed stack moves to object storage with Thanos (no store answers here: kwok runs no containers), then Loki to three replicas.
    {
        name: "object storage and Thanos, Loki's volume period kept",
        set: { "monitoring:objectStorage": objectStore, "monitoring:lokiObjectStorageFrom": "2027-01-15", "monitoring:thanos": { enabled: true } },
    },
    { name: "lokiObjectStorageFrom removed (three Loki replicas)", set: {}, unset: ["monitoring:lokiObjectStorageFrom"] },
];

/** The e2e's team: one namespace of the platform, paged through its own PagerDuty service. */
const team = { name: "payments", namespaces: ["provisioning"], receivers: { pagerduty: true } };
const teamObjects = (namespace: string): TeamKubernetesObject[] => [
    {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        metadata: { name: "checkout", namespace },
        spec: { selector: { matchLabels: { app: "checkout" } }, endpoints: [{ port: "metrics" }] },
    },
    {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name: "checkout", namespace },
        spec: {
            groups: [{ name: "checkout", rules: [{ alert: "CheckoutDown", expr: 'up{job="checkout"} == 0', for: "5m", labels: { severity: "critical" } }] }],
        },
    },
];

type Output = { onOutput: (o: string) => void; color: "never" };

/**
 * The team's own stack (project payments-service) with TeamMonitoring and only the team's entry of the monitoring
 * stack's `teams` output, read through a real StackReference: its ServiceMonitor and PrometheusRule land in its
 * namespace; an object in a namespace it does not own stops its preview with TeamMonitoring's line.
 */
async function teamStack(
    auto: typeof import("@pulumi/pulumi/automation"),
    api: ControlPlane,
    workDir: string,
    env: Record<string, string>,
    output: Output,
    timed: TimedFn,
): Promise<void> {
    const program = (namespace: string) => async () => {
        const provider = new k8s.Provider("payments-cluster", { kubeconfig: fs.readFileSync(api.kubeconfig, "utf8") });
        new TeamMonitoring("payments", {
            monitoring: new pulumi.StackReference("organization/monitoring/prod"),
            team: team.name,
            kubernetes: { provider, objects: teamObjects(namespace) },
        });
    };
    const stack = await auto.LocalWorkspace.createOrSelectStack(
        { stackName: "prod", projectName: "payments-service", program: program("provisioning") },
        { workDir, envVars: env },
    );
    const r = await timed("team stack: pulumi up through a StackReference", () => stack.up(output));
    if (r.summary.result !== "succeeded") throw new E2eFailed(`team stack up: ${r.summary.result}`);
    for (const kind of ["servicemonitors", "prometheusrules"]) {
        const got = await api.request("GET", `/apis/monitoring.coreos.com/v1/namespaces/provisioning/${kind}/checkout`);
        if (got.status !== 200) throw new E2eFailed(`the team's ${kind} provisioning/checkout is not on the API server (${got.status})`);
    }
    const p = await timed("team stack: pulumi preview --refresh --expect-no-changes", () => stack.preview({ ...output, refresh: true, expectNoChanges: true }));
    const changed = Object.entries(p.changeSummary).filter(([op]) => op !== "same" && op !== "refresh" && op !== "read");
    if (changed.length > 0) throw new E2eFailed(`team stack preview is not clean: ${JSON.stringify(p.changeSummary)}`);
    const elsewhere = await auto.LocalWorkspace.createOrSelectStack(
        { stackName: "elsewhere", projectName: "payments-service", program: program("provisioning-jobs") },
        { workDir, envVars: env },
    );
    const refused = await timed("team stack: another team's namespace refused by its preview", async () => {
        try {
            await elsewhere.preview(output);
            return "";
        } catch (error) {
            return String(error);
        }
    });
    if (!refused.includes("namespace provisioning-jobs is not team payments's (its namespaces: provisioning)"))
        throw new E2eFailed(`a team object outside the team's namespaces was not refused: ${refused.split("\n").slice(-3).join(" ")}`);
    await timed("team stack removed", async () => {
        await stack.destroy(output);
        await stack.workspace.removeStack("prod");
        await elsewhere.workspace.removeStack("elsewhere");
    });
}

/** The tools, or one line naming the `npm run tools` that builds the missing one. */
function tools(): { pulumi: string; provider: string } {
    try {
        for (const name of ["etcd", "kube-apiserver", "kwok"]) toolPath(name);
        return { pulumi: toolPath("pulumi"), provider: toolPath("pulumi-resource-kubernetes") };
    } catch (error) {
        throw new E2eFailed((error as Error).message);
    }
}

async function run(): Promise<Timed[]> {
    const { pulumi, provider } = tools();
    const { timed, timings } = timer();
    const dir = makeTempDir("e2e-prod");
    const log = path.join(dir, "pulumi.log");
    let cp: ControlPlane | undefined;
    let stopVolumes: (() => Promise<void>) | undefined;
    try {
        cp = await timed("control plane started (3 kwok nodes)", () => startControlPlane(mkdir(path.join(dir, "cluster")), 3));
        const api = cp;
        const prerequisites: [string, unknown][] = [
            [`/apis/storage.k8s.io/v1/storageclasses/${defaultStorageClass.metadata.name}`, defaultStorageClass],
            [`/apis/networking.k8s.io/v1/ingressclasses/${nginxIngressClass.metadata.name}`, nginxIngressClass],
            ...clientNamespaces.map((n): [string, unknown] => [`/api/v1/namespaces/${n}`, { apiVersion: "v1", kind: "Namespace", metadata: { name: n } }]),
        ];
        // The Prometheus Operator's CRDs, as a cluster that has them already (from its release's Go module: no downloads here).
        const crds = prometheusOperatorCrds().map((c): [string, unknown] => [`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${c.metadata.name}`, c]);
        for (const [p, m] of [...prerequisites, ...crds]) {
            const problem = await applyObject(api, p, m);
            if (problem) throw new E2eFailed(problem);
        }
        stopVolumes = provisionVolumes(api);

        const project = mkdir(path.join(dir, "project"));
        const env = pulumiEnv(dir, pulumi, { KUBECONFIG: api.kubeconfig });
        const auto = automation();
        const cli = pulumiCli(pulumi, project, env, log);
        await timed("providers installed", async () => {
            // The January 2026 provider commit under the version the @pulumi/kubernetes SDK asks for (the newest the proxy serves).
            cli(["plugin", "install", "resource", "kubernetes", kubernetesSdk.version, "--file", provider]);
            cli([
                "plugin",
                "install",
                "resource",
                "random",
                randomSdk.version,
                "--file",
                tsWrapper(dir, "pulumi-resource-random", "tests/e2e/stand-in-random-provider.ts"),
            ]);
        });

        // The test prod stack: no Grafana, placeholders allowed (example.com hosts), the ingress for Grafana left out.
        const { baseline, setConfig } = projectFiles(project, "prod", {
            "monitoring:components": components,
            "monitoring:allowPlaceholders": true,
            "monitoring:grafanaIngress": undefined,
        });
        const program = async () => ({ ...runProgram() });
        const stack: Stack = await auto.LocalWorkspace.createOrSelectStack(
            { stackName: "prod", projectName: "monitoring", program },
            { workDir: project, envVars: env },
        );
        await stack.setAllConfig({
            "monitoring:pagerdutyServiceKey": { value: "e2e-pagerduty-key", secret: true },
            "monitoring:slackWebhookUrl": { value: "https://hooks.slack.invalid/services/E2E", secret: true },
            // A kubernetes stack needs its heartbeat (or the opt-out), as prod should have.
            "monitoring:deadMansSwitchUrl": { value: "https://heartbeat.invalid/ping/e2e", secret: true },
        });
        // An object secret, set entry by entry as `pulumi config set --secret --path` does.
        await stack.setAllConfig(
            {
                "monitoring:objectStorageCredentials.accessKeyId": { value: "E2EACCESSKEY", secret: true },
                "monitoring:objectStorageCredentials.secretAccessKey": { value: "e2e-secret-key", secret: true },
            },
            true,
        );
        const output = { onOutput: (o: string) => fs.appendFileSync(log, o), color: "never" as const };
        const up = (step: string) => upClean(stack, step, timed, output, () => checkCluster(api, step));

        await up("first deploy");
        let uids = await dataUids(api);
        for (const change of day2) {
            setConfig(change.set, change.unset);
            await up(change.name);
            const now = await dataUids(api);
            const replaced = Object.keys(uids).filter((k) => now[k] !== undefined && now[k] !== uids[k]);
            if (replaced.length > 0) throw new E2eFailed(`${change.name} replaced ${replaced.join(", ")}`);
            // A component removed loses its StatefulSet (its claims stay); added back, it gets a new one, not a replaced one.
            uids = now;
        }
        // A team: its routes and the operator for its objects, then its own stack through a real StackReference.
        await stack.setAllConfig({ "monitoring:teamSecrets.payments-pagerduty": { value: "e2e-payments-key", secret: true } }, true);
        setConfig({ "monitoring:teams": [team], "monitoring:prometheusOperator": { crds: "existing" } });
        await up("team payments, Prometheus Operator (CRDs existing)");
        await teamStack(auto, api, mkdir(path.join(dir, "team")), env, output, timed);

        // Back to the baseline, but for the namespaces the platform has and the claims, which only grow.
        setConfig({ ...baseline, ...growth, "monitoring:clientNamespaces": clientNamespaces }, [
            "monitoring:objectStorage",
            "monitoring:thanos",
            "monitoring:teams",
            "monitoring:prometheusOperator",
        ]);
        await up("day-2 changes reverted");

        const before = await dataUids(api);
        await timed("pulumi destroy (retainDataOnDestroy: true)", () => stack.destroy(output));
        const kept = await dataUids(api);
        const claims = Object.keys(before).filter((k) => k.startsWith("persistentvolumeclaims/"));
        const lost = claims.filter((k) => kept[k] !== before[k]);
        if (claims.length === 0 || lost.length > 0) throw new E2eFailed(`destroy did not keep the claims: ${lost.join(", ") || "none found"}`);
        await up("after destroy (take-over)");
        const after = await dataUids(api);
        const replaced = claims.filter((k) => after[k] !== before[k]);
        if (replaced.length > 0) throw new E2eFailed(`the take-over replaced ${replaced.join(", ")}`);
        await timed("stack removed", async () => {
            await stack.destroy(output);
            await (stack.workspace as Workspace).removeStack("prod");
        });
        return timings;
    } catch (error) {
        if (cp) {
            const logs = fs.mkdtempSync(path.join(path.dirname(dir), "e2e-prod-logs-"));
            fs.writeFileSync(path.join(logs, "control-plane.log"), cp.logs());
            if (fs.existsSync(log)) fs.copyFileSync(log, path.join(logs, "pulumi.log"));
            const message = error instanceof Error ? error.message.split("\n").slice(0, 12).join("\n") : String(error);
            throw new E2eFailed(`${message}\n(control plane and Pulumi logs: ${logs})`);
        }
        throw error;
    } finally {
        await stopVolumes?.();
        await cp?.stop();
        removeDir(dir);
    }
}

/** Every workload Ready (by kwok) and every claim Bound, anywhere but kube-system. */
async function checkCluster(cp: ControlPlane, step: string): Promise<void> {
    const problems: string[] = [];
    for (const kind of ["statefulsets", "deployments", "daemonsets"]) {
        for (const w of (await cp.request("GET", `/apis/apps/v1/${kind}`)).body.items) {
            const s = w.status ?? {};
            const ready =
                kind === "daemonsets" ? s.desiredNumberScheduled > 0 && s.numberReady === s.desiredNumberScheduled : (s.readyReplicas ?? 0) === w.spec.replicas;
            if (!ready) problems.push(`${kind} ${w.metadata.namespace}/${w.metadata.name} not ready: ${JSON.stringify(s)}`);
        }
    }
    for (const c of (await cp.request("GET", "/api/v1/persistentvolumeclaims")).body.items)
        if (c.status?.phase !== "Bound") problems.push(`claim ${c.metadata.namespace}/${c.metadata.name} ${c.status?.phase}`);
    if (problems.length > 0) throw new E2eFailed(`after ${step}: ${problems.join("; ")}`);
}

/** Uids of what holds data, StatefulSets and claims: a changed uid is a replaced object. */
async function dataUids(cp: ControlPlane): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [api, kind] of [
        ["/apis/apps/v1", "statefulsets"],
        ["/api/v1", "persistentvolumeclaims"],
    ])
        for (const item of (await cp.request("GET", `${api}/${kind}`)).body.items)
            out[`${kind}/${item.metadata.namespace}/${item.metadata.name}`] = item.metadata.uid;
    return out;
}

async function main(argv: readonly string[]): Promise<number> {
    if (argv.length !== 1 || !["prod", "dev"].includes(argv[0])) {
        console.error("usage: npm run e2e -- prod|dev");
        return 2;
    }
    const started = Date.now();
    try {
        const timings = await (argv[0] === "prod" ? run() : runDev());
        console.log(`e2e: ${argv[0]} passed in ${Math.round((Date.now() - started) / 1000)} s (${timings.length} steps)`);
        return 0;
    } catch (error) {
        if (!(error instanceof E2eFailed)) throw error;
        console.error(`\ne2e: ${error.message}`);
        return 1;
    }
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
