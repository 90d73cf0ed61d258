import { strict as assert } from "assert";
import { checkNodeVersion, checkPassphrase, checkPlaceholders, checkPulumiCli, checkStackConfig } from "../../deploy/checks";
import { loadRawStackConfig, loadStackConfig, readStackFile } from "../support/stack-files";

// `pulumi version` prints the version with a leading v and a newline (the Automation API trims it: automation/cmd.js).
const pulumiVersion = (stdout: string, exitCode = 0) => ({ found: true as const, exitCode, stdout, stderr: "" });

describe("preflight: this machine and the stack file (deploy/checks.ts)", () => {
    describe("Node.js", () => {
        const sdk = { version: "3.270.0", nodeRange: ">=22" };
        it("passes a Node.js inside the range @pulumi/pulumi declares", () => {
            assert.equal(checkNodeVersion("22.12.0", sdk).status, "ok");
            assert.equal(checkNodeVersion("24.1.0", sdk).status, "ok");
        });
        it("fails an older one, naming the range, the SDK and the fix", () => {
            const result = checkNodeVersion("20.20.2", sdk);
            assert.equal(result.status, "fail");
            assert.equal(
                result.message,
                "Node.js 20.20.2 is outside what @pulumi/pulumi 3.270.0 supports (>=22): install a Node.js LTS release in that range (e.g. nvm install --lts), then npm ci",
            );
        });
    });

    describe("Pulumi CLI", () => {
        it("fails when it is not on PATH, with the install command for the minimum version", () => {
            const result = checkPulumiCli({ found: false }, "3.270.0");
            assert.equal(result.status, "fail");
            assert.equal(
                result.message,
                "Pulumi CLI not found on PATH: install Pulumi 3.270.0 or newer: curl -fsSL https://get.pulumi.com | sh -s -- --version 3.270.0 (or see https://www.pulumi.com/docs/install/)",
            );
        });
        it("passes the SDK's own version and newer ones, as `pulumi version` prints them", () => {
            assert.deepEqual(checkPulumiCli(pulumiVersion("v3.270.0\n"), "3.270.0"), { status: "ok", message: "Pulumi CLI 3.270.0 (at least 3.270.0)" });
            assert.equal(checkPulumiCli(pulumiVersion("v3.281.1\n"), "3.270.0").status, "ok");
        });
        it("fails an older CLI than the pinned SDK", () => {
            const result = checkPulumiCli(pulumiVersion("v3.269.0\n"), "3.270.0");
            assert.equal(result.status, "fail");
            assert.match(result.message, /^Pulumi CLI 3\.269\.0 is older than 3\.270\.0, the version of @pulumi\/pulumi this project pins: upgrade it: /);
        });
        it("fails a CLI that does not print a version", () => {
            assert.equal(checkPulumiCli(pulumiVersion("", 1), "3.270.0").status, "fail");
            assert.equal(checkPulumiCli(pulumiVersion("garbage\n"), "3.270.0").status, "fail");
        });
    });

    describe("the config, through model/config's validation", () => {
        it("passes the dev test stack", () => {
            const { results, config } = checkStackConfig("dev", { raw: readStackFile("dev"), secureKeys: [] });
            assert.deepEqual(results, [{ status: "ok", message: "config of stack dev is valid (platform docker)" }]);
            assert.equal(config?.platform, "docker");
        });
        it("counts `secure:` keys as set, so prod passes once its secrets are set", () => {
            const secureKeys = ["monitoring:pagerdutyServiceKey", "monitoring:slackWebhookUrl", "monitoring:deadMansSwitchUrl"];
            assert.equal(checkStackConfig("prod", { raw: readStackFile("prod"), secureKeys }).results[0].status, "ok");
        });
        it("lists every problem with the validator's own message, one line each", () => {
            const { results, config, configForChecks } = checkStackConfig("prod", { raw: readStackFile("prod"), secureKeys: [] });
            assert.equal(config, undefined);
            assert.equal(configForChecks?.platform, "kubernetes", "only secrets are missing: the other checks still run");
            assert.deepEqual(results, [
                {
                    status: "fail",
                    message:
                        "config: monitoring:pagerdutyServiceKey: required secret because notificationChannels includes pagerduty (not set); set it with: pulumi config set --secret monitoring:pagerdutyServiceKey <integration-key>",
                },
                {
                    status: "fail",
                    message:
                        "config: monitoring:slackWebhookUrl: required secret because notificationChannels includes slack (not set); set it with: pulumi config set --secret monitoring:slackWebhookUrl <webhook-url>",
                },
                {
                    status: "fail",
                    message:
                        "config: monitoring:deadMansSwitchUrl: required secret on kubernetes, or the Watchdog goes to a blackhole and a dead Prometheus or Alertmanager pages no one (not set); set it with: pulumi config set --secret monitoring:deadMansSwitchUrl <heartbeat-url> (or monitoring:allowNoHeartbeat: true to deploy without a heartbeat)",
                },
            ]);
        });
        it("gives no config to check with when more than secrets is wrong", () => {
            const raw = { ...readStackFile("dev"), "monitoring:scrapeInterval": "15 seconds" };
            const { results, configForChecks } = checkStackConfig("dev", { raw, secureKeys: [] });
            assert.equal(configForChecks, undefined);
            assert.equal(results[0].status, "fail");
            assert.match(results[0].message, /^config: monitoring:scrapeInterval: expected a duration/);
        });
        it("reports a missing stack file", () => {
            const { results } = checkStackConfig("qa", { error: "no stack file /p/Pulumi.qa.yaml; stacks here: dev, prod" });
            assert.deepEqual(results, [{ status: "fail", message: "config: no stack file /p/Pulumi.qa.yaml; stacks here: dev, prod" }]);
        });
    });

    describe("placeholders in a stack that notifies people", () => {
        it("fails every example.com host left in the prod test stack, naming key and value", () => {
            const results = checkPlaceholders(loadStackConfig("prod"));
            assert.equal(results.length, 4);
            assert.ok(results.every((r) => r.status === "fail"));
            assert.equal(
                results[0].message,
                'monitoring:alertEmailTo: "ops@example.com" is a documentation placeholder (RFC 2606); set the address that receives alert e-mail in Pulumi.prod.yaml (or monitoring:allowPlaceholders: true to deploy it anyway)',
            );
        });
        it("passes them with monitoring:allowPlaceholders: true, saying so", () => {
            // The secrets as the stack file holds them: encrypted (`secure:`), never in plain text.
            const raw = { ...loadRawStackConfig("prod"), "monitoring:allowPlaceholders": "true" };
            const { config } = checkStackConfig("prod", {
                raw,
                secureKeys: ["monitoring:pagerdutyServiceKey", "monitoring:slackWebhookUrl", "monitoring:deadMansSwitchUrl"],
            });
            assert.deepEqual(checkPlaceholders(config!), [{ status: "ok", message: "placeholder hosts allowed (monitoring:allowPlaceholders: true)" }]);
        });
        it("fails them in a kubernetes stack without channels too (the program refuses them there)", () => {
            const raw = { ...loadRawStackConfig("prod"), "monitoring:notificationChannels": "[]" };
            const { config } = checkStackConfig("prod", { raw, secureKeys: ["monitoring:deadMansSwitchUrl"] });
            assert.equal(checkPlaceholders(config!).length, 1);
            assert.match(
                checkPlaceholders(config!)[0].message,
                /^monitoring:grafanaIngress\.host: "grafana\.provisioning\.example\.com" is a documentation placeholder/,
            );
        });
        it("says nothing for a stack without channels (dev notifies nobody)", () => {
            const raw = { ...loadRawStackConfig("dev"), "monitoring:externalHost": "monitoring.example.com" };
            const { config } = checkStackConfig("dev", { raw, secureKeys: [] });
            assert.deepEqual(checkPlaceholders(config!), []);
        });
    });

    describe("secrets passphrase", () => {
        it("is not needed when the backend keeps the secrets", () => {
            assert.equal(checkPassphrase("dev", false, {}, false), undefined);
        });
        it("comes from PULUMI_CONFIG_PASSPHRASE (even empty), PULUMI_CONFIG_PASSPHRASE_FILE or the terminal", () => {
            assert.equal(checkPassphrase("dev", true, { PULUMI_CONFIG_PASSPHRASE: "" }, false)?.status, "ok");
            assert.equal(checkPassphrase("dev", true, { PULUMI_CONFIG_PASSPHRASE_FILE: "/run/secrets/p" }, false)?.status, "ok");
            assert.equal(checkPassphrase("dev", true, {}, true)?.status, "ok");
        });
        it("fails without a terminal to ask on, naming both variables", () => {
            assert.deepEqual(checkPassphrase("dev", true, {}, false), {
                status: "fail",
                message:
                    "stack dev keeps its secrets under a passphrase and there is no terminal to ask for it: set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE",
            });
        });
    });
});
