// The monitoring stack's policies: each a thin wrapper reporting the pure checks of checks.ts, callable without the CLI.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { claimsNotRetained, plainCredentials, portsBeyondBindAddress, Props, unhardenedContainers, unpinnedImages, unroutedAlertRules } from "./checks";

type Check = (type: string, props: Props, config: Record<string, any>) => string[];

function policy(name: string, description: string, check: Check, configSchema?: ResourceValidationPolicy["configSchema"]): ResourceValidationPolicy {
    return {
        name,
        description,
        enforcementLevel: "mandatory",
        ...(configSchema ? { configSchema } : {}),
        validateResource: (args, reportViolation) => {
            const config = configSchema ? args.getConfig<Record<string, any>>() : {};
            for (const problem of check(args.type, args.props, config)) reportViolation(problem);
        },
    };
}

export const pinnedImages = policy("pinned-images", "Images are pinned to a tag or digest, never latest.", unpinnedImages);

export const hardenedKubernetesContainers = policy(
    "hardened-kubernetes-containers",
    "Every Kubernetes container has requests, limits and probes, runs as non-root and cannot escalate privileges.",
    unhardenedContainers,
);

export const dockerPortsOnBindAddress = policy(
    "docker-ports-on-bind-address",
    "Docker ports are published on the configured bind address only (policy config bindAddress, default 127.0.0.1).",
    // The engine fills in the schema default; a direct call without config gets the same one.
    (type, props, config) => portsBeyondBindAddress(type, props, config.bindAddress ?? "127.0.0.1"),
    { properties: { bindAddress: { type: "string", default: "127.0.0.1" } } },
);

export const claimsKeptOnDelete = policy("claims-kept-on-delete", "StatefulSets keep their volume claims when deleted or scaled down.", claimsNotRetained);

export const credentialsOnlyAsSecrets = policy(
    "credentials-only-as-secrets",
    "Credentials reach containers as secret files or Secrets, never in environment values or plain config files.",
    plainCredentials,
);

export const alertRulesRoutedWithRunbooks = policy(
    "alert-rules-routed-with-runbooks",
    "Every alert rule has a severity the routing tree routes, an owner (platform or monitoring) and an https runbook URL.",
    unroutedAlertRules,
);

export const monitoringPolicies: readonly ResourceValidationPolicy[] = [
    pinnedImages,
    hardenedKubernetesContainers,
    dockerPortsOnBindAddress,
    claimsKeptOnDelete,
    credentialsOnlyAsSecrets,
    alertRulesRoutedWithRunbooks,
];
