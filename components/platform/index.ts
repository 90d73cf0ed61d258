// Chooses the platform a stack runs on, by name, in one place.
import * as pulumi from "@pulumi/pulumi";
import { PlatformName, StackConfig } from "../config/types";
import { DockerPlatform } from "./docker";
import { KubernetesPlatform } from "./kubernetes";
import { Platform } from "./workload";

export * from "./workload";
export { DockerPlatform } from "./docker";
export { KubernetesPlatform } from "./kubernetes";

const platforms: Readonly<Record<PlatformName, new (config: StackConfig, baseName: string, parent: pulumi.Resource) => Platform>> = {
    docker: DockerPlatform,
    kubernetes: KubernetesPlatform,
};

export function createPlatform(config: StackConfig, baseName: string, parent: pulumi.Resource): Platform {
    return new platforms[config.platform](config, baseName, parent);
}
