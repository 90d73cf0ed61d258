// The upstream programs the tests, drills and benches run, at exactly the versions the stack deploys, built from Go
// modules by `npm run tools` (scripts/tools.ts) into a cache outside the repository. The versions come from the
// project's own pins: the image tags of model/config/catalog.ts and the SDK versions of package.json.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { defaultImages } from "../model/config/catalog";
import packageJson from "../package.json";

/** A command a recipe builds: its Go package inside the module, and the file name it gets. */
interface Binary {
    readonly name: string;
    readonly goPackage: string;
}

export interface Recipe {
    /** The cache folder's name, and what `npm run tools -- <name>` builds. */
    readonly tool: string;
    /** The version users see (an image tag without the `v`, an npm version). */
    readonly version: string;
    readonly module: string;
    /** The module version the Go proxy serves for `version`. */
    readonly moduleVersion: string;
    readonly binaries: readonly Binary[];
    /** `-X` settings that make each binary report the pinned version. */
    readonly ldflags: readonly string[];
    readonly tags?: readonly string[];
    /**
     * The module version of each module its go.mod replaces with a folder of its own repository: the module zip
     * holds no sibling folders, so the published module of that version stands in for the folder.
     */
    readonly siblingVersion?: (modulePath: string) => string;
    /**
     * The arguments that print the version, and the text that output must hold. With `command`, that program is run
     * instead of the binary, and `{binary}` in the arguments is the binary's path (for a binary that prints nothing).
     */
    readonly versionCheck: { readonly command?: string; readonly args: readonly string[]; readonly expect: string };
    /**
     * A `go run` before the build, for files the build embeds that the module does not ship (generated upstream by
     * `go generate` before a release): its folder in the module, its arguments and its environment.
     */
    readonly generate?: { readonly dir: string; readonly args: readonly string[]; readonly env: Readonly<Record<string, string>> };
    /** Only `npm run tools` builds these, not the test command's `--for tests` (minutes each, for the end-to-end runs). */
    readonly heavy?: boolean;
}

/** Versions of tools the stack does not deploy but its end-to-end runs need (a real control plane). */
const controlPlaneVersions = { kubernetes: "1.36.3", etcd: "3.6.6", kwok: "0.7.0" } as const;

/**
 * The Kubernetes provider: the only version of github.com/pulumi/pulumi-kubernetes/provider/v4 the Go module proxy
 * serves here is this January 2026 commit (no release tag of the provider module is served). Its go.mod requires the
 * SDK at v4.24.0 and replaces it with its sibling folder ../sdk. `pulumi plugin install` puts it under the version the
 * `@pulumi/kubernetes` SDK asks for (package.json), so the engine loads it (docs/verification.md says so too).
 */
const kubernetesProvider = { version: "4.0.0-20260115033456-f47bc2d6f199", sdk: "v4.24.0" } as const;

const tagOf = (image: string): string => image.slice(image.lastIndexOf(":") + 1).replace(/^v/, "");

/** Prometheus publishes release vX.Y.Z as Go module version v0.X0Y.Z (its module path has no /v3 suffix). */
export function prometheusModuleVersion(release: string): string {
    const [major, minor, patch] = release.split(".").map(Number);
    return `v0.${major * 100 + minor}.${patch}`;
}

/** The `-X` flags of github.com/prometheus/common/version, which every Prometheus project prints with --version. */
const prometheusVersionFlags = (version: string, moduleVersion: string): string[] =>
    [`Version=${version}`, `Revision=${moduleVersion}`, "Branch=HEAD", "BuildUser=npm-run-tools", "BuildDate=19700101-00:00:00"].map(
        (v) => `github.com/prometheus/common/version.${v}`,
    );

function prometheusFamily(tool: string, module: string, version: string, moduleVersion: string, binaries: readonly Binary[]): Recipe {
    return {
        tool,
        version,
        module,
        moduleVersion,
        binaries,
        ldflags: prometheusVersionFlags(version, moduleVersion),
        // The official images are built with the netgo resolver and no cgo; the web UI's assets (built by pnpm
        // upstream, not part of the module) are left out: the HTTP API is the same without them.
        tags: ["netgo"],
        versionCheck: { args: ["--version"], expect: `version ${version} ` },
    };
}

const prometheus = tagOf(defaultImages.prometheus);
const alertmanager = tagOf(defaultImages.alertmanager);
const nodeExporter = tagOf(defaultImages["node-exporter"]);
const pulumi = packageJson.dependencies["@pulumi/pulumi"];
const { kubernetes, etcd, kwok } = controlPlaneVersions;

export const recipes: readonly Recipe[] = [
    prometheusFamily("prometheus", "github.com/prometheus/prometheus", prometheus, prometheusModuleVersion(prometheus), [
        { name: "prometheus", goPackage: "./cmd/prometheus" },
        { name: "promtool", goPackage: "./cmd/promtool" },
    ]),
    prometheusFamily("alertmanager", "github.com/prometheus/alertmanager", alertmanager, `v${alertmanager}`, [
        { name: "alertmanager", goPackage: "./cmd/alertmanager" },
        { name: "amtool", goPackage: "./cmd/amtool" },
    ]),
    prometheusFamily("node_exporter", "github.com/prometheus/node_exporter", nodeExporter, `v${nodeExporter}`, [{ name: "node_exporter", goPackage: "." }]),
    {
        tool: "pulumi",
        version: pulumi,
        module: "github.com/pulumi/pulumi/pkg/v3",
        moduleVersion: `v${pulumi}`,
        binaries: [{ name: "pulumi", goPackage: "./cmd/pulumi" }],
        ldflags: [`github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${pulumi}`],
        siblingVersion: () => `v${pulumi}`,
        versionCheck: { args: ["version"], expect: `v${pulumi}` },
        heavy: true,
    },
    {
        tool: "etcd",
        version: etcd,
        module: "go.etcd.io/etcd/server/v3",
        moduleVersion: `v${etcd}`,
        binaries: [{ name: "etcd", goPackage: "." }],
        ldflags: [],
        siblingVersion: () => `v${etcd}`,
        versionCheck: { args: ["--version"], expect: `etcd Version: ${etcd}` },
        heavy: true,
    },
    {
        tool: "kubernetes",
        version: kubernetes,
        module: "k8s.io/kubernetes",
        moduleVersion: `v${kubernetes}`,
        binaries: ["kube-apiserver", "kube-controller-manager", "kube-scheduler"].map((name) => ({ name, goPackage: `./cmd/${name}` })),
        ldflags: ["gitVersion", "gitMajor", "gitMinor"]
            .map((v, i) => `k8s.io/component-base/version.${v}=${[`v${kubernetes}`, ...kubernetes.split(".")][i]}`)
            .concat(["gitTreeState=clean", "buildDate=1970-01-01T00:00:00Z"].map((v) => `k8s.io/component-base/version.${v}`)),
        // The staging folders are published as k8s.io/<name> v0.<minor>.<patch>.
        siblingVersion: () => `v0.${kubernetes.split(".").slice(1).join(".")}`,
        versionCheck: { args: ["--version"], expect: `Kubernetes v${kubernetes}` },
        heavy: true,
    },
    {
        tool: "kwok",
        version: kwok,
        module: "sigs.k8s.io/kwok",
        moduleVersion: `v${kwok}`,
        binaries: [{ name: "kwok", goPackage: "./cmd/kwok" }],
        ldflags: [`sigs.k8s.io/kwok/pkg/consts.Version=v${kwok}`],
        versionCheck: { args: ["--version"], expect: `v${kwok}` },
        heavy: true,
    },
    {
        tool: "pulumi-kubernetes",
        version: kubernetesProvider.version,
        module: "github.com/pulumi/pulumi-kubernetes/provider/v4",
        moduleVersion: `v${kubernetesProvider.version}`,
        binaries: [{ name: "pulumi-resource-kubernetes", goPackage: "./cmd/pulumi-resource-kubernetes" }],
        ldflags: [`github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=${kubernetesProvider.version}`],
        siblingVersion: () => kubernetesProvider.sdk,
        // main.go embeds schema-embed.json and terraform-mapping-embed.json, which upstream's `go generate` writes from
        // the committed schema.json (with the version set) before a release; the module ships only schema.json.
        generate: { dir: "cmd/pulumi-resource-kubernetes", args: ["run", "generate.go"], env: { VERSION: kubernetesProvider.version } },
        // A provider prints nothing of its own (it serves gRPC), and -trimpath keeps the linker flags out of its build
        // info: the check finds the linked version string in the binary (the embedded schema carries it too).
        versionCheck: { command: "grep", args: ["-a", "-o", "-m", "1", "-F", kubernetesProvider.version, "{binary}"], expect: kubernetesProvider.version },
        heavy: true,
    },
];

/** Where built tools live: $PROVISIONING_TOOLS_DIR, else the user's cache folder (never inside the repository). */
export function toolsDir(): string {
    const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    return process.env.PROVISIONING_TOOLS_DIR || path.join(base, "provisioning-monitoring", "tools");
}

/** The folder of one recipe's binaries, keyed by its version. */
export const recipeDir = (recipe: Recipe): string => path.join(toolsDir(), recipe.tool, recipe.version);

/** The recipe that builds the command `name`. */
function recipeOf(name: string): Recipe {
    const recipe = recipes.find((r) => r.binaries.some((b) => b.name === name));
    if (!recipe) throw new Error(`no recipe builds ${name}; known: ${recipes.flatMap((r) => r.binaries.map((b) => b.name)).join(", ")}`);
    return recipe;
}

/** The absolute path of a built command; throws one line naming the command that builds it when it is missing. */
export function toolPath(name: string): string {
    const recipe = recipeOf(name);
    const file = path.join(recipeDir(recipe), name);
    if (!fs.existsSync(file)) {
        throw new Error(`${name} ${recipe.version} is not built (no ${file}): run \`npm run tools -- ${recipe.tool}\``);
    }
    return file;
}
