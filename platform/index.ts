// Chooses the platform a stack runs on, by name, in one place.
import * as pulumi from "@pulumi/pulumi";
import { PlatformName, StackConfig } from "../model/config/types";
import { Platform } from "../components/base/workload";

type PlatformClass = new (config: StackConfig, baseName: string, parent: pulumi.Resource) => Platform;

// Loaded on demand: a stack needs one platform's SDK, and @pulumi/kubernetes alone adds ~90 ms to every Docker run.
const platforms: Readonly<Record<PlatformName, () => PlatformClass>> = {
    docker: () => (require("./docker") as typeof import("./docker")).DockerPlatform,
    kubernetes: () => (require("./kubernetes") as typeof import("./kubernetes")).KubernetesPlatform,
};

export function createPlatform(config: StackConfig, baseName: string, parent: pulumi.Resource): Platform {
    return new (platforms[config.platform]())(config, baseName, parent);
}
