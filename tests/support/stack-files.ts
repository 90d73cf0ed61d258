// The test suite's own stacks (tests/fixtures/stacks/Pulumi.<stack>.yaml) as the tests use them: raw config, and
// StackConfig with fake secrets. The project's Pulumi.<stack>.yaml belong to the user: no test pins their values
// (tests/unit/stack-files-shipped.test.ts only checks that they are valid).
import * as path from "path";
import { parseStackConfig } from "../../model/config/parse";
import { listStacks, readStackFileConfig, secretsNeededBy } from "../../model/config/stack-file";

export { secretsNeededBy };
import { StackConfig } from "../../model/config/types";
import { readUserFiles } from "../../model/user-files";
import { userContent, UserContent } from "../../render/user-content";
import { buildDashboards } from "../../dashboards";

export const projectRoot = path.resolve(__dirname, "..", "..");

/** Copies of the stack files as first shipped: every value a test pins holds whatever the user makes of Pulumi.dev.yaml and Pulumi.prod.yaml. */
export const fixtureStacksDir = path.join(projectRoot, "tests", "fixtures", "stacks");

export const stackNames = (): string[] => listStacks(fixtureStacksDir);

/** The raw config of a test stack alone, with no secret set (what a fresh `pulumi stack init` would have). */
export const readStackFile = (stack: string): Record<string, string> => readStackFileConfig(fixtureStacksDir, stack).raw;

/** A test stack's raw config with every `secure:` key and each of `fakeSecrets` set to "x": tests never see real secrets. */
export function loadRawStackConfig(stack: string, fakeSecrets: readonly string[] = []): Record<string, string> {
    const { raw, secureKeys } = readStackFileConfig(fixtureStacksDir, stack);
    return { ...raw, ...Object.fromEntries([...secureKeys, ...fakeSecrets].map((key) => [key.includes(":") ? key : `monitoring:${key}`, "x"])) };
}

/** StackConfig of a test stack, with fake values for the secrets it needs plus `extraSecrets` (e.g. ["smtpPassword"] to exercise SMTP authentication). */
export function loadStackConfig(stack: string, extraSecrets: readonly string[] = []): StackConfig {
    return parseStackConfig(loadRawStackConfig(stack, [...secretsNeededBy(loadRawStackConfig(stack)), ...extraSecrets]), stack);
}

/** The tests' user files (tests/fixtures/stacks/user/), checked as the program checks them. */
export const fixtureUserContent = (): UserContent => userContent(readUserFiles(fixtureStacksDir), buildDashboards());

/** Recognisable fake values for the secrets a stack's channels need, to search for in plain text. */
export const fakeSecrets: Readonly<Record<string, string>> = {
    "monitoring:pagerdutyServiceKey": "fake-pagerduty-routing-key-0123456789",
    "monitoring:slackWebhookUrl": "https://hooks.slack.invalid/services/FAKE/FAKE/fake",
    "monitoring:smtpPassword": "fake-smtp-password-9876543210",
    "monitoring:deadMansSwitchUrl": "https://heartbeat.invalid/ping/fake-dead-mans-switch-0246",
};

/** The documented override the prod test stack's mock runs pass: it keeps Pulumi.prod.yaml's example.com values, which kubernetes stacks refuse. */
export const placeholdersAllowed: Readonly<Record<string, string>> = { "monitoring:allowPlaceholders": "true" };

/** What an operator writes instead of the prod stack's placeholders (`.internal` is the private-use top-level domain, not a documentation one). */
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
