// Docker platform (dev): one user-defined network, a container per workload, named volumes for data.
import * as path from "path";
import * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { helperImages } from "../model/config/catalog";
import { StackConfig } from "../model/config/types";
import { Platform, Workload } from "../components/workload";

export class DockerPlatform implements Platform {
    private readonly prefix: string;
    private readonly provider?: docker.Provider;
    private readonly network: docker.Network;

    constructor(
        private readonly config: StackConfig,
        baseName: string,
        parent: pulumi.Resource,
    ) {
        this.prefix = `monitoring-${config.stack}`;
        this.provider = config.dockerHost ? new docker.Provider(`${baseName}-docker`, { host: config.dockerHost }, { parent }) : undefined;
        this.network = new docker.Network(
            `${baseName}-network`,
            { name: this.prefix, driver: "bridge", labels: this.labels() },
            { parent, provider: this.provider },
        );
    }

    deploy(baseName: string, workload: Workload, parent: pulumi.Resource): pulumi.Resource[] {
        // A silently dropped proxy would expose its port; one host runs one instance (the config parser refuses more).
        if ((workload.sidecars ?? []).length > 0) throw new Error(`${workload.component}: the docker platform runs no sidecars`);
        if ((workload.replicas ?? 1) !== 1) throw new Error(`the docker platform runs one ${workload.component}, not ${workload.replicas}`);
        const opts = { parent, provider: this.provider };
        const containerName = `${this.prefix}-${workload.component}`;
        const labels = this.labels(workload.component);
        const image = new docker.RemoteImage(`${baseName}-image`, { name: workload.image, keepLocally: true }, opts);
        const volumeMounts = workload.volumes.map((v) => {
            // Data outlives the container, and with retainDataOnDestroy also `pulumi destroy`.
            const volume = new docker.Volume(
                `${baseName}-${v.name}`,
                { name: `${containerName}-${v.name}`, labels },
                { ...opts, retainOnDelete: this.config.retainDataOnDestroy },
            );
            return { type: "volume", source: volume.name, target: v.mountPath };
        });
        // A one-shot container hands fresh volumes to the image's unprivileged user (as Tempo's own examples do).
        const init = workload.chownsVolumes
            ? [
                  new docker.Container(
                      `${baseName}-init`,
                      {
                          name: `${containerName}-init`,
                          image: new docker.RemoteImage(`${baseName}-init-image`, { name: helperImages.volumeInit, keepLocally: true }, opts).imageId,
                          command: ["chown", "-R", `${workload.user.uid}:${workload.user.gid}`, ...workload.volumes.map((v) => v.mountPath)],
                          mounts: volumeMounts,
                          mustRun: false,
                          attach: true,
                          labels,
                      },
                      opts,
                  ),
              ]
            : [];
        // Docker refuses to start with a missing bind source; created here as the deploying user, whose other stacks write there.
        const sharedDirs = (workload.hostMounts ?? [])
            .filter((m) => m.forOtherStacks)
            .map(
                (m) =>
                    new command.local.Command(
                        `${baseName}-dir-${path.posix.basename(m.mountPath)}`,
                        { create: m.hostPath, interpreter: ["mkdir", "-p", "-m", "0755"] },
                        { parent },
                    ),
            );
        // A node's or an instance's name means nothing on one host: such variables are left unset (nothing renders them here).
        const envs = (workload.env ?? []).flatMap((e) => ("value" in e ? [`${e.name}=${e.value}`] : []));
        const container = new docker.Container(
            baseName,
            {
                name: containerName,
                image: image.imageId,
                entrypoints: workload.entrypoint ? [...workload.entrypoint] : undefined,
                command: workload.args.length > 0 ? [...workload.args] : undefined,
                restart: "unless-stopped",
                // A host network is not honoured: Node Exporter's network counters are its container's own (as in dockprom).
                networksAdvanced: [{ name: this.network.name, aliases: [workload.component] }],
                ports: workload.ports
                    .filter((p) => p.published !== false)
                    .map((p) => ({ internal: p.port, external: p.port, ip: this.config.bindAddress, protocol: "tcp" })),
                mounts: [
                    ...volumeMounts,
                    ...(workload.hostMounts ?? []).map((m) => ({ type: "bind", source: m.hostPath, target: m.mountPath, readOnly: true })),
                ],
                uploads: workload.files.map((f) =>
                    f.secret
                        ? { file: f.path, content: pulumi.secret(f.content), permissions: "0400", ...(f.owner ? { owner: f.owner } : {}) }
                        : { file: f.path, content: f.content },
                ),
                healthcheck: workload.health?.exec
                    ? { tests: ["CMD", ...workload.health.exec], interval: "15s", timeout: "5s", retries: 3, startPeriod: "30s" }
                    : undefined,
                envs: envs.length > 0 ? envs : undefined,
                pidMode: workload.hostNamespaces ? "host" : undefined,
                hosts: workload.reachesHost ? [{ host: "host.docker.internal", ip: "host-gateway" }] : undefined,
                labels,
                logDriver: "json-file",
                logOpts: { "max-file": "3", "max-size": "10m" },
            },
            { ...opts, dependsOn: [...init, ...sharedDirs] },
        );
        return [container];
    }

    /** Labels that let `docker ps --filter label=...` find the stack's objects. */
    private labels(component?: string): { label: string; value: string }[] {
        return [
            ...(component ? [{ label: "org.provisioning.monitoring.component", value: component }] : []),
            { label: "org.provisioning.monitoring.stack", value: this.config.stack },
        ];
    }
}
