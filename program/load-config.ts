// The edge where Pulumi's config and the user's files meet the pure checks: read once, validate, fail before any resource.
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { buildDashboards, DashboardDefinition } from "../dashboards";
import { ConfigError, configNamespace, parseStackConfig } from "../model/config/parse";
import { SecretKey } from "../model/config/schema";
import { StackConfig } from "../model/config/types";
import { UserFiles } from "../model/user-files";
import { userContent, UserContent, UserFilesError } from "../render/user-content";

// Internal to the SDK but exported: whether the engine handed a key over as a secret (`secure:` in the stack file).
const { isConfigSecret } = runtimeConfig as { isConfigSecret?: (key: string) => boolean };

/** A problem the user fixes in their files: printed alone (RunError), without a stack trace that would bury it. */
function asRunError<T>(load: () => T): T {
    try {
        return load();
    } catch (err) {
        if (err instanceof ConfigError || err instanceof UserFilesError) throw new pulumi.RunError(err.message);
        throw err;
    }
}

/** The current stack's validated config; bad config stops the program with every problem listed. */
export function loadStackConfig(): StackConfig {
    const raw = pulumi.runtime.allConfig();
    // Keys the engine passed in plain text; none known when the SDK cannot tell.
    const plainTextKeys = isConfigSecret ? Object.keys(raw).filter((key) => !isConfigSecret(key)) : [];
    return asRunError(() => parseStackConfig(raw, pulumi.getStack(), { refusePlaceholders: true, plainTextKeys }));
}

/** The user's dashboards and rule files, checked against the built-in dashboards (default: the project's, under `runbookBaseUrl`). */
export function loadUserContent(files: UserFiles, runbookBaseUrl: string, builtIn: readonly DashboardDefinition[] = buildDashboards(runbookBaseUrl)) {
    return { content: asRunError<UserContent>(() => userContent(files, builtIn)), builtIn };
}

/** The stack's secret values, read through Pulumi's secret API so they stay secret downstream. */
export function loadStackSecrets(config: StackConfig): Partial<Record<SecretKey, pulumi.Output<string>>> {
    const stackConfig = new pulumi.Config(configNamespace);
    return Object.fromEntries(config.secretsSet.map((key) => [key, stackConfig.requireSecret(key)]));
}
