// docs/how-to/route-alerts-to-your-team.md, run end to end on a test stack: the page's channel settings on the dev test
// stack, its alertmanager.yml on the real Alertmanager 0.28.1 with a local stand-in for Slack's webhook, and the page's
// `npm run ops -- test-alert` commands printing the page's lines; the warning reaches the page's Slack channel.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { alertmanagerSecretFiles, renderAlertmanagerConfig } from "../../render/alertmanager/config";
import { cleanUpOnExit, Daemon } from "../support/daemon";
import { startAlertmanager } from "../support/local-daemons";
import { done, notYet, waitFor } from "../support/poll";
import { makeTempDir, removeDir, requireTool, writeFiles } from "../support/run-tool";
import { loadRawStackConfig, projectRoot } from "../support/stack-files";
import { startWebhookReceiver, WebhookReceiver } from "../support/webhook-receiver";
import { describeRun, runOps } from "../support/run-ops";

const howTo = fs.readFileSync(path.join(projectRoot, "docs", "how-to", "route-alerts-to-your-team.md"), "utf8");
const blocks = [...howTo.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2] }));
const block = (i: number, lang: string) => {
    assert.equal(blocks[i]?.lang, lang, `block ${i} of the how-to is ${lang}`);
    return blocks[i].body;
};

describe("how-to: route alerts to your team, end to end on a test stack", function () {
    this.timeout(120_000);
    let dir: string | undefined;
    let forget: (() => void) | undefined;
    let slack: WebhookReceiver | undefined;
    let alertmanager: Daemon | undefined;
    const testAlert = (severity: string) =>
        runOps(["test-alert", "--severity", severity, "--cluster", "provisioning-dev", "--resolve-after", "1m", "--alertmanager-url", alertmanager!.baseUrl]);

    before(async () => {
        requireTool("alertmanager");
        // The page's settings, in the dev test stack, with the secret its command sets.
        const settings = parse(block(0, "yaml")) as Record<string, unknown>;
        assert.match(block(1, "bash"), /^pulumi config set --secret monitoring:slackWebhookUrl <incoming webhook url> --stack dev$/m);
        const raw = {
            ...loadRawStackConfig("dev"),
            ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])),
            "monitoring:slackWebhookUrl": "x",
        };
        const config = parseStackConfig(raw, "dev");
        assert.deepEqual([config.notificationChannels, config.slackChannel], [["slack"], "#team-payments"]);
        dir = makeTempDir("route-alerts");
        const created = dir;
        forget = cleanUpOnExit(() => fs.rmSync(created, { recursive: true, force: true, maxRetries: 5 }));
        slack = await startWebhookReceiver();
        // As deployed: the webhook URL in its secret file (here Slack's stand-in), the rest as rendered; notifications sooner.
        const rendered = parse(renderAlertmanagerConfig(config).split(alertmanagerSecretFiles.slackWebhookUrl).join(path.join(dir, "slack-webhook-url")));
        rendered.route.group_wait = "1s";
        writeFiles(dir, { "slack-webhook-url": `${slack.baseUrl}/slack`, "alertmanager.yml": stringify(rendered, { lineWidth: 0 }) });
        alertmanager = await startAlertmanager(config, { dir });
    });

    after(async () => {
        await Promise.allSettled([alertmanager?.stop(), slack?.close()]);
        removeDir(dir);
        forget?.();
    });

    it("test-alert --severity warning: slack, as predicted, no warning; the message reaches the page's channel", async () => {
        assert.match(block(2, "bash"), /^npm run ops -- test-alert --severity warning$/m);
        const run = await testAlert("warning");
        assert.equal(run.code, 0, describeRun(run));
        for (const line of block(3, "").trim().split("\n")) assert.ok(run.stdout.split("\n").includes(line), `${line}\n${run.stdout}`);
        assert.doesNotMatch(run.stdout, /no integration/);
        const message = await waitFor(
            "a Slack message",
            async () => {
                const got = slack!.receivedOn("slack")[0];
                return got ? done(got.body as unknown as { channel: string }) : notYet("none yet");
            },
            30_000,
        );
        assert.equal(message.channel, "#team-payments");
        assert.match(JSON.stringify(message), /Test alert \(warning\)/);
    });

    it("test-alert --severity critical: warns with the page's line that pagerduty and team-email notify nobody", async () => {
        const run = await testAlert("critical");
        assert.equal(run.code, 0, describeRun(run));
        assert.ok(run.stdout.split("\n").includes(block(4, "").trim()), run.stdout);
        assert.match(run.stdout, /^Routing tree sends it to: pagerduty, team-email$/m);
    });
});
