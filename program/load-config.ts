// The edge where Pulumi's config meets the pure parser: read once, validate, fail before any resource.
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { configNamespace } from "../model/config/config-values";
import { ConfigError, parseStackConfig } from "../model/config/parse";
import { SecretKey } from "../model/config/schema";
import { StackConfig } from "../model/config/types";
import { UserFiles } from "../model/user-files";
import { DashboardDefinition } from "../dashboards";
import { userContent, UserContent, UserFilesError } from "../render/user-content";

/** The current stack's validated config; bad config stops the program with every problem listed. */
export function loadStackConfig(): StackConfig {
    try {
        const raw = pulumi.runtime.allConfig();
        return parseStackConfig(raw, pulumi.getStack(), { refusePlaceholders: true, plainTextKeys: plainTextKeys(Object.keys(raw)) });
    } catch (err) {
        // RunError prints the message alone, without a stack trace that would bury it.
        if (err instanceof ConfigError) throw new pulumi.RunError(err.message);
        throw err;
    }
}

/** The user's dashboards and rule files, checked against the built-in dashboards; bad files stop the program, each named. */
export function loadUserContent(files: UserFiles, builtIn: readonly DashboardDefinition[]): UserContent {
    try {
        return userContent(files, builtIn);
    } catch (err) {
        if (err instanceof UserFilesError) throw new pulumi.RunError(err.message);
        throw err;
    }
}

// Internal to the SDK but exported: whether the engine handed a key over as a secret (`secure:` in the stack file).
const { isConfigSecret } = runtimeConfig as { isConfigSecret?: (key: string) => boolean };

/** Keys the engine passed in plain text; none known when the SDK cannot tell. */
function plainTextKeys(keys: readonly string[]): string[] {
    return isConfigSecret ? keys.filter((key) => !isConfigSecret(key)) : [];
}

/** The stack's secret values, read through Pulumi's secret API so they stay secret downstream. */
export function loadStackSecrets(config: StackConfig): Partial<Record<SecretKey, pulumi.Output<string>>> {
    const stackConfig = new pulumi.Config(configNamespace);
    return Object.fromEntries(config.secretsSet.map((key) => [key, stackConfig.requireSecret(key)]));
}
