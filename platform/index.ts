// Chooses the platform a stack runs on, by name, in one place.
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../model/config/types";
import { Platform } from "../components/workload";
import { DockerPlatform } from "./docker";
import { KubernetesPlatform } from "./kubernetes";

export function createPlatform(config: StackConfig, baseName: string, parent: pulumi.Resource): Platform {
    return new { docker: DockerPlatform, kubernetes: KubernetesPlatform }[config.platform](config, baseName, parent);
}
