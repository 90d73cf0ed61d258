// Chooses the platform a stack runs on, by name, in one place.
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config/types";
import { DockerPlatform } from "./docker";
import { Platform } from "./workload";

export * from "./workload";
export { DockerPlatform } from "./docker";

/** Platforms this version can deploy to. */
export const supportedPlatforms = ["docker"] as const;

/** Fails before anything is declared when the stack asks for a platform this version cannot deploy to yet. */
export function assertPlatformSupported(config: StackConfig): void {
    if (!(supportedPlatforms as readonly string[]).includes(config.platform)) {
        throw new Error(
            `monitoring:platform: ${JSON.stringify(config.platform)} is not deployable yet: the Kubernetes target is not implemented ` +
                `in this version (supported: ${supportedPlatforms.join(", ")}). Use the dev stack (platform: docker) for now.`,
        );
    }
}

export function createPlatform(config: StackConfig, baseName: string, parent: pulumi.Resource): Platform {
    assertPlatformSupported(config);
    return new DockerPlatform(config, baseName, parent);
}
