// The upstream programs tests, drills and benches run, at the versions the stack pins (image tags of model/config/catalog.ts,
// SDK versions of package.json), built from Go modules by `npm run tools` (scripts/tools.ts) into a cache outside the repository.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { defaultImages, helperImages, thanosImage } from "../model/config/catalog";
import { parsedJson } from "../model/common/parsed-json";
import packageJson from "../package.json";

export interface Recipe {
    /** The cache folder's name, and what `npm run tools -- <name>` builds. */
    readonly tool: string;
    /** The version users see (an image tag without the `v`, an npm version), and the module version the Go proxy serves for it. */
    readonly version: string;
    readonly module: string;
    readonly moduleVersion: string;
    readonly binaries: readonly { readonly name: string; readonly goPackage: string }[];
    /** `-X` settings that make each binary report the pinned version. */
    readonly ldflags: readonly string[];
    readonly tags?: readonly string[];
    /** The module version that stands in for each folder of its own repository its go.mod replaces (the module zip holds no sibling folders). */
    readonly siblingVersion?: (modulePath: string) => string;
    /** What prints the version (`command` instead of the binary, `{binary}` its path in the arguments) and what that must hold. */
    readonly versionCheck: { readonly command?: string; readonly args: readonly string[]; readonly expect: string };
    /** A `go run` before the build, in `dir` of the module, for files the build embeds that upstream generates before a release. */
    readonly generate?: { readonly dir: string; readonly args: readonly string[]; readonly env: Readonly<Record<string, string>> };
    /** Only `npm run tools` builds these, not the test command's `--for tests` (minutes each, for the end-to-end runs). */
    readonly heavy?: boolean;
    /** The binary built is a builder: run in the build folder on `manifest` (a file of this repository), it generates and compiles `binary`, the tool. */
    readonly assembles?: { readonly manifest: string; readonly binary: string };
    /** A Terraform provider: `files` (exposing its internal/ provider) are added; `binary` is built from `dir`, whose go.mod replaces the provider with it. */
    readonly bridges?: { readonly dir: string; readonly binary: string; readonly files: Readonly<Record<string, string>> };
}

/** Versions of tools the stack does not deploy but its end-to-end runs need (a real control plane). */
const controlPlaneVersions = { kubernetes: "1.36.3", etcd: "3.6.6", kwok: "0.7.0" } as const;

// The Go proxy here serves pulumi-kubernetes/provider/v4 only at this January 2026 commit (no release tag); its go.mod requires the SDK v4.24.0, replaced
// by ../sdk. `pulumi plugin install` files it under the @pulumi/kubernetes version of package.json, so the engine loads it (docs/verification.md).
const kubernetesProvider = { version: "4.0.0-20260115033456-f47bc2d6f199", sdk: "v4.24.0" } as const;

/** The Gateway API release whose standard-channel CRDs the cluster tests install (for grafanaHttpRoute), read from its Go module, not copied here. */
export const gatewayApi = {
    module: "sigs.k8s.io/gateway-api",
    version: "v1.6.3",
    crds: ["config/crd/standard/gateway.networking.k8s.io_httproutes.yaml"],
} as const;

/** The folder of a Go module version in the module cache, downloaded first if need be. */
export function goModuleDir(module: string, version: string): string {
    const env = { ...process.env, GOWORK: "off", GOFLAGS: "-mod=mod" };
    const result = spawnSync("go", ["mod", "download", "-json", `${module}@${version}`], { env, encoding: "utf8", timeout: 600_000, cwd: os.tmpdir() });
    const answer = (parsedJson(result.stdout ?? "") ?? {}) as { Dir?: string; Error?: string };
    if (result.status !== 0 || !answer.Dir)
        throw new Error(`go mod download ${module}@${version} failed: ${answer.Error ?? result.error?.message ?? result.stderr}`);
    return answer.Dir;
}

const tagOf = (image: string): string => image.slice(image.lastIndexOf(":") + 1).replace(/^v/, "");

/** Prometheus publishes release vX.Y.Z as Go module version v0.X0Y.Z (its module path has no /v3 suffix). */
export function prometheusModuleVersion(release: string): string {
    const [major, minor, patch] = release.split(".").map(Number);
    return `v0.${major * 100 + minor}.${patch}`;
}

/** A Prometheus project: built as the official images are (netgo, no cgo, without the web UI's assets: the HTTP API is the same), printing its version with --version. */
function prometheusFamily(tool: string, module: string, version: string, binaries: Recipe["binaries"], moduleVersion = `v${version}`): Recipe {
    const buildInfo = [`Version=${version}`, `Revision=${moduleVersion}`, "Branch=HEAD", "BuildUser=npm-run-tools", "BuildDate=19700101-00:00:00"];
    const ldflags = buildInfo.map((v) => `github.com/prometheus/common/version.${v}`);
    return { tool, version, module, moduleVersion, binaries, ldflags, tags: ["netgo"], versionCheck: { args: ["--version"], expect: `version ${version} ` } };
}

/** A heavy tool (for the end-to-end runs) built from module version v<version>, printing `expect` with `args`; `more` adds or overrides fields. */
function goTool(tool: string, version: string, module: string, binaries: Recipe["binaries"], args: string[], expect: string, more: Partial<Recipe> = {}) {
    return { tool, version, module, moduleVersion: `v${version}`, binaries, ldflags: [], versionCheck: { args, expect }, heavy: true, ...more };
}
const bin = (name: string, goPackage = `./cmd/${name}`) => ({ name, goPackage });

const prometheus = tagOf(defaultImages.prometheus);
/** The Prometheus Operator release of the pinned config reloader (one release ships both images). */
const prometheusOperatorVersion = tagOf(helperImages.configReloader);
const pulumi = packageJson.dependencies["@pulumi/pulumi"];
const { kubernetes, etcd, kwok } = controlPlaneVersions;
/** The S3-compatible store the Thanos live test ships blocks to (MinIO's server is AGPL and not served as a module here). */
const gofakes3 = "1.2.0";
const kubeVersion = ["gitVersion", "gitMajor", "gitMinor"].map((v, i) => `${v}=${[`v${kubernetes}`, ...kubernetes.split(".")][i]}`);
const kubeBinaries = ["kube-apiserver", "kube-controller-manager", "kube-scheduler"].map((n) => bin(n));
const kubeLdflags = [...kubeVersion, "gitTreeState=clean", "buildDate=1970-01-01T00:00:00Z"].map((v) => `k8s.io/component-base/version.${v}`);
const provider = kubernetesProvider.version;
const otelCollector = tagOf(helperImages.otelCollector);
const dockerSdk = packageJson.dependencies["@pulumi/docker"];
/** The newest commit of kreuzwerker's provider the Go proxy serves (pulumi-docker's own module is refused here, 403). */
const dockerTerraformProvider = "v0.0.0-20260916201441-96d331c98ff4";
/** Added to kreuzwerker's module, as pulumi-docker's own patch does: its SDKv2 provider lives under internal/. */
const dockerProviderShim = `package shim

import (
\t"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
\t"github.com/terraform-providers/terraform-provider-docker/internal/provider"
)

func NewProvider(version string) *schema.Provider { return provider.New(version)() }
`;

export const recipes: readonly Recipe[] = [
    prometheusFamily("prometheus", "github.com/prometheus/prometheus", prometheus, [bin("prometheus"), bin("promtool")], prometheusModuleVersion(prometheus)),
    prometheusFamily("alertmanager", "github.com/prometheus/alertmanager", tagOf(defaultImages.alertmanager), [bin("alertmanager"), bin("amtool")]),
    prometheusFamily("node_exporter", "github.com/prometheus/node_exporter", tagOf(defaultImages["node-exporter"]), [bin("node_exporter", ".")]),
    // About 7 minutes cold, so the test command builds it. slicelabels as in .promu.yml: without it the Store Gateway segfaults on its first block (live test).
    { ...prometheusFamily("thanos", "github.com/thanos-io/thanos", tagOf(thanosImage), [bin("thanos")]), tags: ["netgo", "slicelabels"] },
    // It prints no version and -h exits 1: the binary's build info names the program (the version is the module's, pinned here).
    {
        tool: "gofakes3",
        version: gofakes3,
        module: "github.com/johannesboyne/gofakes3",
        moduleVersion: `v${gofakes3}`,
        binaries: [bin("gofakes3")],
        ldflags: [],
        versionCheck: { command: "go", args: ["version", "-m", "{binary}"], expect: "github.com/johannesboyne/gofakes3/cmd/gofakes3" },
    },
    goTool("pulumi", pulumi, "github.com/pulumi/pulumi/pkg/v3", [bin("pulumi")], ["version"], `v${pulumi}`, {
        ldflags: [`github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${pulumi}`],
        siblingVersion: () => `v${pulumi}`,
    }),
    goTool("etcd", etcd, "go.etcd.io/etcd/server/v3", [bin("etcd", ".")], ["--version"], `etcd Version: ${etcd}`, { siblingVersion: () => `v${etcd}` }),
    goTool("kubernetes", kubernetes, "k8s.io/kubernetes", kubeBinaries, ["--version"], `Kubernetes v${kubernetes}`, {
        ldflags: kubeLdflags,
        // The staging folders are published as k8s.io/<name> v0.<minor>.<patch>.
        siblingVersion: () => `v0.${kubernetes.split(".").slice(1).join(".")}`,
    }),
    {
        ...prometheusFamily("prometheus-operator", "github.com/prometheus-operator/prometheus-operator", prometheusOperatorVersion, [
            bin("prometheus-operator", "./cmd/operator"),
        ]),
        // Its go.mod replaces its API and client packages with their folders, published as modules of the same version.
        siblingVersion: () => `v${prometheusOperatorVersion}`,
        heavy: true,
    },
    goTool("kwok", kwok, "sigs.k8s.io/kwok", [bin("kwok")], ["--version"], `v${kwok}`, { ldflags: [`sigs.k8s.io/kwok/pkg/consts.Version=v${kwok}`] }),
    goTool("pulumi-kubernetes", provider, "github.com/pulumi/pulumi-kubernetes/provider/v4", [bin("pulumi-resource-kubernetes")], [], provider, {
        ldflags: [`github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=${provider}`],
        siblingVersion: () => kubernetesProvider.sdk,
        // main.go embeds schema-embed.json and terraform-mapping-embed.json, which `go generate` writes from schema.json before a release: not in the module.
        generate: { dir: "cmd/pulumi-resource-kubernetes", args: ["run", "generate.go"], env: { VERSION: provider } },
        // A provider prints nothing (it serves gRPC) and -trimpath keeps linker flags out of its build info: find the linked version string in the binary.
        versionCheck: { command: "grep", args: ["-a", "-o", "-m", "1", "-F", provider, "{binary}"], expect: provider },
    }),
    {
        // The collector image's release of the OpenTelemetry Collector Builder compiles the components the stack configures.
        tool: "otelcol",
        version: otelCollector,
        module: "go.opentelemetry.io/collector/cmd/builder",
        moduleVersion: `v${otelCollector}`,
        binaries: [bin("otelcol-builder", ".")],
        ldflags: [`go.opentelemetry.io/collector/cmd/builder/internal.version=v${otelCollector}`],
        assembles: { manifest: "support/otelcol-builder.yaml", binary: "otelcol" },
        versionCheck: { args: ["--version"], expect: `otelcol version ${otelCollector}` },
    },
    {
        // The dev end-to-end run's docker provider, installed as the @pulumi/docker version of package.json (E2E.md).
        tool: "pulumi-docker",
        version: dockerSdk,
        module: "github.com/kreuzwerker/terraform-provider-docker",
        moduleVersion: dockerTerraformProvider,
        binaries: [],
        ldflags: [`main.version=${dockerSdk}`],
        bridges: { dir: "support/pulumi-docker", binary: "pulumi-resource-docker", files: { "shim/shim.go": dockerProviderShim } },
        versionCheck: { args: ["-version"], expect: dockerSdk },
        heavy: true,
    },
];

/** The commands a recipe leaves in its cache folder: its binaries, or the one its builder assembles. */
export const builtBinaries = (recipe: Recipe): string[] => {
    const made = recipe.assembles ?? recipe.bridges;
    return made ? [made.binary] : recipe.binaries.map((b) => b.name);
};

/** Where built tools live: $PROVISIONING_TOOLS_DIR, else the user's cache folder (never inside the repository). */
export function toolsDir(): string {
    return process.env.PROVISIONING_TOOLS_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "provisioning-monitoring", "tools");
}

export const recipeDir = (recipe: Recipe): string => path.join(toolsDir(), recipe.tool, recipe.version);

export function toolPath(name: string): string {
    const recipe = recipes.find((r) => builtBinaries(r).includes(name));
    if (!recipe) throw new Error(`no recipe builds ${name}; known: ${recipes.flatMap(builtBinaries).join(", ")}`);
    const file = path.join(recipeDir(recipe), name);
    if (!fs.existsSync(file)) throw new Error(`${name} ${recipe.version} is not built (no ${file}): run \`npm run tools -- ${recipe.tool}\``);
    return file;
}

export function onPath(command: string, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
    const dir = (env.PATH ?? "").split(path.delimiter).find((d) => d !== "" && fs.existsSync(path.join(d, command)));
    return dir === undefined ? undefined : path.join(dir, command);
}
