// The real Pulumi.<stack>.yaml files as the tests use them: raw config, and StackConfig with fake secrets.
import * as path from "path";
import { parseStackConfig } from "../model/config/parse";
import { channelRequirements, NotificationChannel } from "../model/config/schema";
import { listStacks, readStackFileConfig } from "../model/config/stack-file";
import { StackConfig } from "../model/config/types";

/** The project root (where Pulumi.yaml lives). */
export const projectRoot = path.resolve(__dirname, "..");

/** Stacks with a Pulumi.<stack>.yaml in the project root, sorted. */
export function stackNames(): string[] {
    return listStacks(projectRoot);
}

/**
 * The raw `config:` map of Pulumi.<stack>.yaml as parseStackConfig takes it, with every key in `fakeSecrets`
 * (and every `secure:` key of the file) set to "x": tests never see real secrets.
 */
export function loadRawStackConfig(stack: string, fakeSecrets: readonly string[] = []): Record<string, string> {
    const { raw, secureKeys } = readStackFileConfig(projectRoot, stack);
    const withSecrets = { ...raw };
    for (const key of [...secureKeys, ...fakeSecrets]) withSecrets[key.includes(":") ? key : `monitoring:${key}`] = "x";
    return withSecrets;
}

/**
 * Secret keys a stack file makes mandatory (what `pulumi config set --secret` would have set): its notificationChannels',
 * and on kubernetes the heartbeat unless the stack opts out (every shipped kubernetes stack deploys Alertmanager).
 */
export function secretsNeededBy(raw: Readonly<Record<string, string>>): string[] {
    const channels: NotificationChannel[] = raw["monitoring:notificationChannels"] ? JSON.parse(raw["monitoring:notificationChannels"]) : [];
    const heartbeat = raw["monitoring:platform"] === "kubernetes" && raw["monitoring:allowNoHeartbeat"] !== "true" ? ["deadMansSwitchUrl"] : [];
    return [...channels.flatMap((c) => channelRequirements[c].secrets), ...heartbeat];
}

/**
 * StackConfig of a real stack file, with fake values for the secrets its channels need plus `extraSecrets`
 * (e.g. ["smtpPassword"] to exercise SMTP authentication).
 */
export function loadStackConfig(stack: string, extraSecrets: readonly string[] = []): StackConfig {
    const raw = loadRawStackConfig(stack);
    return parseStackConfig(loadRawStackConfig(stack, [...secretsNeededBy(raw), ...extraSecrets]), stack);
}

/** The raw config of a stack file alone, with no secret set (what a fresh `pulumi stack init` would have). */
export function readStackFile(stack: string): Record<string, string> {
    return readStackFileConfig(projectRoot, stack).raw;
}

/** Recognisable fake values for the secrets a stack's channels need, to search for in plain text. */
export const fakeSecrets: Readonly<Record<string, string>> = {
    "monitoring:pagerdutyServiceKey": "fake-pagerduty-routing-key-0123456789",
    "monitoring:slackWebhookUrl": "https://hooks.slack.invalid/services/FAKE/FAKE/fake",
    "monitoring:smtpPassword": "fake-smtp-password-9876543210",
    "monitoring:deadMansSwitchUrl": "https://heartbeat.invalid/ping/fake-dead-mans-switch-0246",
};

/**
 * The shipped Pulumi.prod.yaml keeps its example.com values to show what goes where; the program refuses them in a
 * kubernetes stack (tests/unit/placeholders.test.ts holds that line by line), so mock runs of that very file pass the
 * documented override instead of editing it.
 */
export const placeholdersAllowed: Readonly<Record<string, string>> = { "monitoring:allowPlaceholders": "true" };

/** What an operator writes instead of Pulumi.prod.yaml's placeholders (`.internal` is the private-use top-level domain, not a documentation one). */
export const realProdValues: Readonly<Record<string, string>> = {
    "monitoring:alertEmailTo": "ops@corp.internal",
    "monitoring:alertEmailFrom": "alerts@provisioning.corp.internal",
    "monitoring:smtpSmarthost": "smtp.corp.internal:587",
    "monitoring:grafanaIngress": JSON.stringify({
        host: "grafana.provisioning.corp.internal",
        tlsSecretName: "grafana-tls",
        className: "nginx",
        controllerNamespace: "ingress-nginx",
    }),
};
