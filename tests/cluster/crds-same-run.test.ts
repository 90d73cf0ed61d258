// CRDs and objects of their kinds in one Pulumi run (monitoring:prometheusOperator with `crds: install`), with the real
// Pulumi CLI 3.276.0 and the real Kubernetes provider (`npm run tools -- pulumi pulumi-kubernetes`) against a real
// kube-apiserver 1.36.3: the first preview, when the API server does not serve the kinds yet, the up, a clean preview
// after it, a destroy that keeps the CRDs, and an up over the CRDs that are already there. The CRDs come through the
// stack's own installCrds, from the release's files in its Go module instead of its URLs (no downloads here); the
// Prometheus is the stack's own teamsPrometheus object. Skipped, saying why, when the Pulumi tools are not built.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import type { Stack } from "@pulumi/pulumi/automation";
import kubernetesSdk from "@pulumi/kubernetes/package.json";
import { spawnSync } from "child_process";
import { parseStackConfig } from "../../model/config/parse";
import { prometheusOperatorCrdFiles, prometheusOperatorRelease } from "../../model/prometheus-operator";
import { installCrds } from "../../platform/kubernetes/crds";
import { teamsPrometheus } from "../../platform/kubernetes/prometheus-operator";
import { applyObject } from "../support/cluster-fixtures";
import { ControlPlane, startControlPlane } from "../support/control-plane";
import { makeTempDir, removeDir } from "../support/run-tool";
import { goModuleDir, toolPath } from "../../support/toolchain";
import { prodRaw } from "../support/prod-run";

describe("CRDs and a Prometheus of their kind in the same `pulumi up` (real Pulumi CLI 3.276.0 and Kubernetes provider, kube-apiserver 1.36.3)", function () {
    this.timeout(600_000);
    let dir: string | undefined;
    let cp: ControlPlane | undefined;
    let stack: Stack;
    const crdNames = ["podmonitors", "probes", "prometheuses", "prometheusrules", "servicemonitors"].map((p) => `${p}.monitoring.coreos.com`);
    const output = { color: "never" as const, onOutput: (o: string) => dir && fs.appendFileSync(path.join(dir, "pulumi.log"), o) };
    const crdUids = async () => {
        const list = (await cp!.request("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions")).body.items as any[];
        return Object.fromEntries(list.filter((c) => crdNames.includes(c.metadata.name)).map((c) => [c.metadata.name, c.metadata.uid]));
    };
    const prometheus = async () => (await cp!.request("GET", "/apis/monitoring.coreos.com/v1/namespaces/monitoring/prometheuses/teams")).status;

    before(async function () {
        // test:cluster builds both; a missing one fails here in one line naming the command that builds it.
        const [pulumi, provider] = [toolPath("pulumi"), toolPath("pulumi-resource-kubernetes")];
        dir = makeTempDir("crds-same-run");
        for (const sub of ["cluster", "backend", "project"]) fs.mkdirSync(path.join(dir, sub));
        cp = await startControlPlane(path.join(dir, "cluster"), 1);
        for (const name of ["monitoring", "payments"])
            assert.equal(await applyObject(cp, `/api/v1/namespaces/${name}`, { apiVersion: "v1", kind: "Namespace", metadata: { name } }), undefined);
        const config = parseStackConfig(
            {
                ...prodRaw(),
                "monitoring:clientNamespaces": JSON.stringify(["payments", "provisioning"]),
                "monitoring:teams": JSON.stringify([{ name: "payments", namespaces: ["payments"], receivers: { email: "payments@corp.internal" } }]),
                "monitoring:prometheusOperator": JSON.stringify({ crds: "install" }),
            },
            "prod",
        );
        const module = goModuleDir("github.com/prometheus-operator/prometheus-operator", prometheusOperatorRelease);
        const env = {
            PULUMI_BACKEND_URL: `file://${path.join(dir, "backend")}`,
            PULUMI_CONFIG_PASSPHRASE: "cluster-test-only",
            PULUMI_HOME: path.join(dir, "pulumi-home"),
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            KUBECONFIG: cp.kubeconfig,
            PATH: `${path.dirname(pulumi!)}:${process.env.PATH}`,
        };
        process.env.PATH = env.PATH;
        const installed = spawnSync(pulumi!, ["plugin", "install", "resource", "kubernetes", kubernetesSdk.version, "--file", provider!], {
            env: { ...process.env, ...env },
            encoding: "utf8",
        });
        assert.equal(installed.status, 0, installed.stderr);
        const program = async () => {
            const k8sProvider = new k8s.Provider("cluster", { upsertExistingObjects: true });
            const crds = installCrds(
                "crds",
                prometheusOperatorCrdFiles.map((f) => path.join(module, f)),
                { provider: k8sProvider },
            );
            const { apiVersion, kind, metadata, spec } = teamsPrometheus(config) as any;
            new k8s.apiextensions.CustomResource("teams", { apiVersion, kind, metadata, spec }, { provider: k8sProvider, dependsOn: [crds] });
            return {};
        };
        const auto = require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
        const workDir = path.join(dir, "project");
        stack = await auto.LocalWorkspace.createOrSelectStack(
            { stackName: "crds", projectName: "crds-same-run", program },
            { workDir, envVars: env, projectSettings: { name: "crds-same-run", runtime: "nodejs" } },
        );
    });

    after(async function () {
        if (this.currentTest?.state === "failed" && dir) console.error(fs.readFileSync(path.join(dir, "pulumi.log"), "utf8").split("\n").slice(-60).join("\n"));
        await cp?.stop();
        removeDir(dir);
    });

    it("previews the first run while the API server serves none of the kinds, then creates the CRDs and the Prometheus", async () => {
        assert.deepEqual(await crdUids(), {});
        const preview = await stack.preview(output);
        // The stack, the provider, the group, its five CRDs and the Prometheus: the preview did not fail on the unknown kind.
        assert.deepEqual(preview.changeSummary, { create: 9 });
        const up = await stack.up(output);
        assert.equal(up.summary.result, "succeeded");
        assert.deepEqual(Object.keys(await crdUids()).sort(), crdNames);
        assert.equal(await prometheus(), 200);
    });

    it("changes nothing on day 2 (a refresh-preview after the up)", async () => {
        const preview = await stack.preview({ ...output, refresh: true, expectNoChanges: true });
        assert.deepEqual(
            Object.entries(preview.changeSummary).filter(([op]) => !["same", "refresh", "read"].includes(op)),
            [],
        );
    });

    it("keeps the CRDs through `pulumi destroy`, and the next `pulumi up` takes over the CRDs already there", async () => {
        const before = await crdUids();
        await stack.destroy(output);
        assert.equal(await prometheus(), 404);
        assert.deepEqual(await crdUids(), before, "the CRDs stay, the same objects");
        const up = await stack.up(output);
        assert.equal(up.summary.result, "succeeded");
        assert.deepEqual(await crdUids(), before, "taken over, not replaced");
        assert.equal(await prometheus(), 200);
    });
});
