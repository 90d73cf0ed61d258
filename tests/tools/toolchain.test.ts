// The toolchain builds exactly the versions the stack deploys, from Go modules, into a cache outside the repository.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { folderReplacements } from "../../scripts/tools";
import { makeTempDir, removeDir } from "../support/run-tool";
import { builtBinaries, gatewayApi, prometheusModuleVersion, recipes, toolPath, toolsDir } from "../../support/toolchain";
import { projectRoot } from "../support/stack-files";

const runTools = (args: readonly string[], env: NodeJS.ProcessEnv = process.env) =>
    spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(projectRoot, "scripts", "tools.ts"), ...args], {
        cwd: projectRoot,
        env,
        encoding: "utf8",
        timeout: 60_000,
    });

describe("npm run tools: the pinned upstream programs", () => {
    it("builds each tool at the version the stack pins, from the module version the Go proxy serves for it", () => {
        assert.deepEqual(
            recipes.map((r) => `${r.tool} ${r.version} ${r.module}@${r.moduleVersion} ${r.binaries.map((b) => b.name).join(",")}`),
            [
                "prometheus 3.13.2 github.com/prometheus/prometheus@v0.313.2 prometheus,promtool",
                "alertmanager 0.28.1 github.com/prometheus/alertmanager@v0.28.1 alertmanager,amtool",
                "node_exporter 1.12.1 github.com/prometheus/node_exporter@v1.12.1 node_exporter",
                "thanos 0.42.4 github.com/thanos-io/thanos@v0.42.4 thanos",
                "gofakes3 1.2.0 github.com/johannesboyne/gofakes3@v1.2.0 gofakes3",
                "pulumi 3.276.0 github.com/pulumi/pulumi/pkg/v3@v3.276.0 pulumi",
                "etcd 3.6.6 go.etcd.io/etcd/server/v3@v3.6.6 etcd",
                "kubernetes 1.36.3 k8s.io/kubernetes@v1.36.3 kube-apiserver,kube-controller-manager,kube-scheduler",
                "prometheus-operator 0.93.1 github.com/prometheus-operator/prometheus-operator@v0.93.1 prometheus-operator",
                "kwok 0.7.0 sigs.k8s.io/kwok@v0.7.0 kwok",
                "pulumi-kubernetes 4.0.0-20260115033456-f47bc2d6f199 github.com/pulumi/pulumi-kubernetes/provider/v4@v4.0.0-20260115033456-f47bc2d6f199 pulumi-resource-kubernetes",
                "otelcol 0.165.0 go.opentelemetry.io/collector/cmd/builder@v0.165.0 otelcol-builder",
                "pulumi-docker 5.2.0 github.com/kreuzwerker/terraform-provider-docker@v0.0.0-20260916201441-96d331c98ff4 ",
            ],
        );
    });

    it("assembles the OTLP collector with the Collector Builder of its release, from the manifest in the repository, for the test command", () => {
        const collector = recipes.find((r) => r.tool === "otelcol")!;
        assert.deepEqual(collector.assembles, { manifest: "support/otelcol-builder.yaml", binary: "otelcol" });
        assert.deepEqual(builtBinaries(collector), ["otelcol"]);
        assert.deepEqual(collector.ldflags, ["go.opentelemetry.io/collector/cmd/builder/internal.version=v0.165.0"]);
        assert.deepEqual(collector.versionCheck, { args: ["--version"], expect: "otelcol version 0.165.0" });
        assert.equal(collector.heavy, undefined);
        assert.match(toolPath("otelcol"), /\/otelcol\/0\.165\.0\/otelcol$/);
    });

    it("bridges kreuzwerker's docker provider with the wrapper module in the repository, under the @pulumi/docker version, for the dev e2e only", () => {
        const provider = recipes.find((r) => r.tool === "pulumi-docker")!;
        assert.equal(provider.bridges!.dir, "support/pulumi-docker");
        assert.deepEqual(builtBinaries(provider), ["pulumi-resource-docker"]);
        assert.deepEqual(Object.keys(provider.bridges!.files), ["shim/shim.go"]);
        assert.match(
            provider.bridges!.files["shim/shim.go"],
            /internal\/provider"\n\)\n\nfunc NewProvider\(version string\) \*schema\.Provider \{ return provider\.New\(version\)\(\) \}/,
        );
        assert.deepEqual(provider.ldflags, ["main.version=5.2.0"]);
        assert.deepEqual(provider.versionCheck, { args: ["-version"], expect: "5.2.0" });
        assert.equal(provider.heavy, true);
        // The wrapper's go.mod puts the module copy (src) where the bridge build finds it.
        assert.match(fs.readFileSync("support/pulumi-docker/go.mod", "utf8"), /github\.com\/terraform-providers\/terraform-provider-docker => \.\.\/src\n/);
    });

    it("builds the Kubernetes provider commit with its SDK release for ../sdk, its embedded schema generated first, and its version linked in", () => {
        const provider = recipes.find((r) => r.tool === "pulumi-kubernetes")!;
        assert.equal(provider.siblingVersion!("github.com/pulumi/pulumi-kubernetes/sdk/v4"), "v4.24.0");
        assert.deepEqual(provider.generate, {
            dir: "cmd/pulumi-resource-kubernetes",
            args: ["run", "generate.go"],
            env: { VERSION: "4.0.0-20260115033456-f47bc2d6f199" },
        });
        assert.deepEqual(provider.ldflags, ["github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=4.0.0-20260115033456-f47bc2d6f199"]);
        assert.deepEqual(provider.versionCheck, {
            command: "grep",
            args: ["-a", "-o", "-m", "1", "-F", "4.0.0-20260115033456-f47bc2d6f199", "{binary}"],
            expect: "4.0.0-20260115033456-f47bc2d6f199",
        });
        assert.ok(provider.heavy);
    });

    it("reads the Gateway API's standard HTTPRoute CRD for the cluster tier from the pinned module, not from a copy in the repository", () => {
        assert.deepEqual(gatewayApi, {
            module: "sigs.k8s.io/gateway-api",
            version: "v1.6.3",
            crds: ["config/crd/standard/gateway.networking.k8s.io_httproutes.yaml"],
        });
    });

    it("maps a Prometheus release to its Go module version", () => {
        assert.equal(prometheusModuleVersion("3.13.2"), "v0.313.2");
        assert.equal(prometheusModuleVersion("3.5.0"), "v0.305.0");
        assert.equal(prometheusModuleVersion("2.53.4"), "v0.253.4");
    });

    it("stands published modules in for the sibling folders a go.mod replaces, and leaves other replacements alone", () => {
        const goMod = [
            "module go.etcd.io/etcd/server/v3",
            "replace (",
            "\tgo.etcd.io/etcd/api/v3 => ../api",
            "\tk8s.io/api v0.0.0 => ./staging/src/k8s.io/api",
            "\tcloud.google.com/go => cloud.google.com/go v0.123.0",
            ")",
            "replace go.etcd.io/etcd/pkg/v3 => ../pkg",
            "replace go.etcd.io/tests/v3 => ./FORBIDDEN_DEPENDENCY",
        ].join("\n");
        assert.deepEqual(folderReplacements(goMod), ["go.etcd.io/etcd/api/v3", "k8s.io/api", "go.etcd.io/etcd/pkg/v3"]);
    });

    it("keeps its cache outside the repository, and PROVISIONING_TOOLS_DIR moves it", () => {
        assert.ok(!path.resolve(toolsDir()).startsWith(path.resolve(projectRoot) + path.sep), toolsDir());
        const before = process.env.PROVISIONING_TOOLS_DIR;
        process.env.PROVISIONING_TOOLS_DIR = "/nonexistent/tools";
        try {
            assert.throws(() => toolPath("promtool"), {
                message: "promtool 3.13.2 is not built (no /nonexistent/tools/prometheus/3.13.2/promtool): run `npm run tools -- prometheus`",
            });
        } finally {
            if (before === undefined) delete process.env.PROVISIONING_TOOLS_DIR;
            else process.env.PROVISIONING_TOOLS_DIR = before;
        }
    });

    it("refuses an unknown tool in one line naming the accepted ones", function () {
        this.timeout(60_000);
        const result = runTools(["prometheus", "grafana"]);
        assert.equal(result.status, 1);
        assert.equal(
            result.stderr,
            "tools: unknown tool grafana: accepted are prometheus, alertmanager, node_exporter, thanos, gofakes3, pulumi, etcd, kubernetes, prometheus-operator, kwok, pulumi-kubernetes, otelcol, pulumi-docker, or --for tests\n",
        );
    });

    it("ends a failed module fetch with one line naming the tool, the version and the step", function () {
        this.timeout(60_000);
        const dir = makeTempDir("tools-offline");
        const result = runTools(["node_exporter"], { ...process.env, PROVISIONING_TOOLS_DIR: dir, GOMODCACHE: path.join(dir, "mod"), GOPROXY: "off" });
        removeDir(dir);
        assert.equal(result.status, 1);
        assert.match(
            result.stderr,
            /^tools: node_exporter 1\.12\.1 \(github\.com\/prometheus\/node_exporter@v1\.12\.1\): module download failed \(exit 1\); log: \S+node_exporter-1\.12\.1\.log\n$/,
        );
    });
});
