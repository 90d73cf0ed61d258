// Docker platform (dev): one user-defined network, a container per workload, named volumes for data.
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { ComponentName, helperImages } from "../model/config/catalog";
import { StackConfig } from "../model/config/types";
import { externalEndpoint, externalUrl } from "../model/endpoints";
import { DeployedWorkload, Platform, Workload } from "../components/base/workload";

/** @public Loaded on demand by platform/index.ts (a require, which import analysis does not follow). */
export class DockerPlatform implements Platform {
    readonly name = "docker";
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
            { name: this.prefix, driver: "bridge", labels: this.labelList() },
            { parent, provider: this.provider },
        );
    }

    externalUrl(component: ComponentName, port: number): string {
        return externalUrl(this.config, component, port);
    }

    externalEndpoint(component: ComponentName, port: number): string {
        return externalEndpoint(this.config, component, port);
    }

    deploy(baseName: string, workload: Workload, parent: pulumi.Resource): DeployedWorkload {
        // Components ask for sidecars only on platforms that run them; a silently dropped proxy would expose its port.
        if ((workload.sidecars ?? []).length > 0) throw new Error(`${workload.component}: the docker platform runs no sidecars`);
        // One host: a node agent runs once, and the config parser allows no more than one replica here.
        if ((workload.replicas ?? 1) !== 1) throw new Error(`the docker platform runs one ${workload.component}, not ${workload.replicas}`);
        const opts = { parent, provider: this.provider };
        const containerName = `${this.prefix}-${workload.component}`;
        const image = new docker.RemoteImage(`${baseName}-image`, { name: workload.image, keepLocally: true }, opts);

        const volumes = workload.volumes.map(
            (v) =>
                new docker.Volume(
                    `${baseName}-${v.name}`,
                    { name: `${containerName}-${v.name}`, labels: this.labelList(workload.component) },
                    // Data outlives the container, and with retainDataOnDestroy also `pulumi destroy`.
                    { ...opts, retainOnDelete: this.config.retainDataOnDestroy },
                ),
        );
        const volumeMounts = workload.volumes.map((v, i) => ({ type: "volume", source: volumes[i].name, target: v.mountPath }));
        const init = workload.volumeOwner ? [this.volumeInit(baseName, workload, volumeMounts, opts)] : [];

        const container = new docker.Container(
            baseName,
            {
                name: containerName,
                image: image.imageId,
                entrypoints: workload.entrypoint ? [...workload.entrypoint] : undefined,
                command: workload.args.length > 0 ? [...workload.args] : undefined,
                restart: "unless-stopped",
                // Always on the stack's network, where the others reach it by alias: a workload's hostNetwork is not
                // honoured here, so Node Exporter's network counters are its container's own (as in dockprom).
                networksAdvanced: [{ name: this.network.name, aliases: [workload.component] }],
                ports: workload.ports.map((p) => ({ internal: p.port, external: p.port, ip: this.config.bindAddress, protocol: p.protocol })),
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
                envs: dockerEnv(workload),
                pidMode: workload.hostPid ? "host" : undefined,
                hosts: workload.reachesHost ? [{ host: "host.docker.internal", ip: "host-gateway" }] : undefined,
                labels: this.labelList(workload.component),
                logDriver: "json-file",
                logOpts: { "max-file": "3", "max-size": "10m" },
            },
            { ...opts, dependsOn: init },
        );
        return { ready: [container] };
    }

    /** One-shot container that hands the fresh volumes to the image's unprivileged user (as Tempo's own examples do). */
    private volumeInit(
        baseName: string,
        workload: Workload,
        mounts: { type: string; source: pulumi.Output<string>; target: string }[],
        opts: pulumi.CustomResourceOptions,
    ): docker.Container {
        const image = new docker.RemoteImage(`${baseName}-init-image`, { name: helperImages.volumeInit, keepLocally: true }, opts);
        return new docker.Container(
            `${baseName}-init`,
            {
                name: `${this.prefix}-${workload.component}-init`,
                image: image.imageId,
                command: ["chown", "-R", workload.volumeOwner!, ...workload.volumes.map((v) => v.mountPath)],
                mounts,
                mustRun: false,
                attach: true,
                labels: this.labelList(workload.component),
            },
            opts,
        );
    }

    /** Labels that let `docker ps --filter label=...` find the stack's objects. */
    private labelList(component?: string): { label: string; value: string }[] {
        return [
            ...(component ? [{ label: "org.provisioning.monitoring.component", value: component }] : []),
            { label: "org.provisioning.monitoring.stack", value: this.config.stack },
        ];
    }
}

/** KEY=value pairs; a node name means nothing on one Docker host, so no workload for Docker asks for it. */
function dockerEnv(workload: Workload): string[] | undefined {
    if (!workload.env || workload.env.length === 0) return undefined;
    return workload.env.map((e) => {
        if (!("value" in e)) throw new Error(`${workload.component}: the docker platform has no node or instance name to put in ${e.name}`);
        return `${e.name}=${e.value}`;
    });
}
