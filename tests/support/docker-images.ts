// The images of the dev end-to-end run, for a Docker engine that cannot pull them (no registry here): each pinned tag the
// engine lacks is built from the binaries of `npm run tools`, laid out as the official image lays them out (the
// binary's path, the unprivileged user, the data folder it owns, the entrypoint and default arguments), on Debian's
// static busybox where the official image has busybox (its health checks run `wget`). A tag the engine has already,
// pulled from its registry, is used as it is.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { defaultImages, helperImages } from "../../model/config/catalog";
import { makeTempDir, removeDir } from "./run-tool";
import { toolPath } from "../../support/toolchain";

/** Debian's busybox-static (`apt-get install busybox-static`): the shell, `wget` and `chown` the images' commands use. */
const busybox = "/bin/busybox";

interface ImageRecipe {
    readonly tag: string;
    /** Tool binaries copied into /bin (paths from the tools cache). */
    readonly binaries: readonly string[];
    readonly withBusybox: boolean;
    /** Folders the image's user owns (its data and config), as in the official image. */
    readonly owned?: readonly string[];
    readonly user?: string;
    readonly workdir?: string;
    readonly entrypoint?: readonly string[];
    readonly cmd?: readonly string[];
}

const recipes = (): ImageRecipe[] => [
    {
        tag: defaultImages.prometheus,
        binaries: [toolPath("prometheus"), toolPath("promtool")],
        withBusybox: true,
        owned: ["/prometheus", "/etc/prometheus"],
        user: "nobody",
        workdir: "/prometheus",
        entrypoint: ["/bin/prometheus"],
        cmd: ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"],
    },
    {
        tag: defaultImages.alertmanager,
        binaries: [toolPath("alertmanager"), toolPath("amtool")],
        withBusybox: true,
        owned: ["/alertmanager", "/etc/alertmanager"],
        user: "nobody",
        workdir: "/alertmanager",
        entrypoint: ["/bin/alertmanager"],
        cmd: ["--config.file=/etc/alertmanager/alertmanager.yml", "--storage.path=/alertmanager"],
    },
    { tag: defaultImages["node-exporter"], binaries: [toolPath("node_exporter")], withBusybox: true, user: "nobody", entrypoint: ["/bin/node_exporter"] },
    // The collector's core image is the binary alone, as user 10001.
    {
        tag: helperImages.otelCollector,
        binaries: [toolPath("otelcol")],
        withBusybox: false,
        user: "10001",
        entrypoint: ["/bin/otelcol"],
        cmd: ["--config", "/etc/otelcol/config.yaml"],
    },
    { tag: helperImages.volumeInit, binaries: [], withBusybox: true, cmd: ["sh"] },
];

/** The Dockerfile of one image (its context holds the binaries, busybox, passwd and group). */
function dockerfile(recipe: ImageRecipe): string {
    const json = (values: readonly string[]) => JSON.stringify(values);
    return [
        "FROM scratch",
        `LABEL org.provisioning.monitoring.built-by="npm run e2e -- dev"`,
        ...(recipe.withBusybox
            ? ["COPY busybox /bin/busybox", "COPY passwd group /etc/", 'RUN ["/bin/busybox", "--install", "-s", "/bin"]', "RUN mkdir -m 1777 /tmp"]
            : []),
        ...recipe.binaries.map((b) => `COPY ${path.basename(b)} /bin/${path.basename(b)}`),
        ...(recipe.owned ? [`RUN mkdir -p ${recipe.owned.join(" ")} && chown -R nobody:nobody ${recipe.owned.join(" ")}`] : []),
        ...(recipe.user ? [`USER ${recipe.user}`] : []),
        ...(recipe.workdir ? [`WORKDIR ${recipe.workdir}`] : []),
        ...(recipe.entrypoint ? [`ENTRYPOINT ${json(recipe.entrypoint)}`] : []),
        ...(recipe.cmd ? [`CMD ${json(recipe.cmd)}`] : []),
        "",
    ].join("\n");
}

// The classic builder: the engine here has no BuildKit client plugin (buildx), and these images need none of it.
const docker = (args: readonly string[], cwd?: string) =>
    spawnSync("docker", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, DOCKER_BUILDKIT: "0" } });

/** Builds each image of `tags` the engine lacks; returns the tags it built. Throws one line naming what is missing. */
export function ensureImages(tags: readonly string[]): string[] {
    const wanted = recipes().filter((r) => tags.includes(r.tag));
    const unknown = tags.filter((t) => !wanted.some((r) => r.tag === t));
    if (unknown.length > 0) throw new Error(`no recipe builds the image ${unknown.join(", ")} here (Grafana, Loki, Promtail and Tempo are AGPL: E2E.md)`);
    const missing = wanted.filter((r) => docker(["image", "inspect", r.tag]).status !== 0);
    if (missing.some((r) => r.withBusybox) && !fs.existsSync(busybox)) throw new Error(`${busybox} is missing: apt-get install busybox-static`);
    for (const recipe of missing) {
        const context = makeTempDir("image");
        try {
            for (const b of recipe.binaries) fs.copyFileSync(b, path.join(context, path.basename(b)));
            if (recipe.withBusybox) {
                fs.copyFileSync(busybox, path.join(context, "busybox"));
                fs.writeFileSync(path.join(context, "passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n");
                fs.writeFileSync(path.join(context, "group"), "root:x:0:\nnobody:x:65534:\n");
            }
            fs.writeFileSync(path.join(context, "Dockerfile"), dockerfile(recipe));
            const built = docker(["build", "--quiet", "--tag", recipe.tag, "."], context);
            if (built.status !== 0) throw new Error(`docker build ${recipe.tag} failed: ${built.stderr.trim().split("\n").pop()}`);
        } finally {
            removeDir(context);
        }
    }
    return missing.map((r) => r.tag);
}
