// monitoring:teams on the real Alertmanager 0.28.1 and amtool: a team's alert reaches its own receiver and not another
// team's; the Watchdog, silences and the stack's inhibitions apply to team alerts as to the rest.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { StackConfig } from "../../model/config/types";
import { renderAlertmanagerConfig, teamSecretFile } from "../../render/alertmanager/config";
import { cleanUpOnExit, Daemon } from "../support/daemon";
import { startAlertmanager } from "../support/local-daemons";
import { done, notYet, waitFor } from "../support/poll";
import { assertSucceeded, makeTempDir, removeDir, requireTool, runTool, writeFiles } from "../support/run-tool";
import { loadRawStackConfig } from "../support/stack-files";
import { startWebhookReceiver, WebhookReceiver } from "../support/webhook-receiver";

const teams = [
    { name: "payments", receivers: { slack: "#payments-alerts" } },
    { name: "search", receivers: { slack: "#search-alerts" } },
];

describe("teams' alert routes on Alertmanager 0.28.1 (dev test stack with two teams)", function () {
    this.timeout(120_000);
    let dir: string | undefined;
    let forget: (() => void) | undefined;
    let chat: WebhookReceiver | undefined;
    let alertmanager: Daemon | undefined;
    let config: StackConfig;

    const post = async (alerts: Record<string, string>[]) => {
        const body = alerts.map((labels) => ({ labels: { cluster: "provisioning-dev", ...labels }, annotations: { summary: labels.alertname } }));
        const response = await fetch(`${alertmanager!.baseUrl}/api/v2/alerts`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(body),
        });
        assert.equal(response.status, 200, await response.text());
    };
    /** The Slack messages on a team's stand-in: its channel and the alert names in them (the summaries are the names). */
    const messagesOn = (team: string) =>
        chat!.receivedOn(team).map((n) => n.body as unknown as { channel: string; text?: string; attachments?: { text?: string }[] });
    const alertsOn = (team: string) => [...new Set(messagesOn(team).flatMap((m) => JSON.stringify(m).match(/\b(Payments|Search)[A-Za-z]+\b/g) ?? []))].sort();

    before(async () => {
        requireTool("alertmanager");
        config = parseStackConfig(
            {
                ...loadRawStackConfig("dev"),
                "monitoring:teams": JSON.stringify(teams),
                "monitoring:teamSecrets": JSON.stringify({ "payments-slack": "x", "search-slack": "x" }),
            },
            "dev",
        );
        dir = makeTempDir("team-routes");
        const created = dir;
        forget = cleanUpOnExit(() => fs.rmSync(created, { recursive: true, force: true, maxRetries: 5 }));
        chat = await startWebhookReceiver();
        // As deployed, but each team's webhook file names a path of the local stand-in for Slack; notifications sooner.
        let text = renderAlertmanagerConfig(config);
        for (const team of ["payments", "search"]) {
            text = text.split(teamSecretFile(`${team}-slack`)).join(path.join(dir, `${team}-slack`));
            writeFiles(dir, { [`${team}-slack`]: `${chat.baseUrl}/${team}` });
        }
        const rendered = parse(text);
        rendered.route.group_wait = "1s";
        writeFiles(dir, { "alertmanager.yml": stringify(rendered, { lineWidth: 0 }) });
        alertmanager = await startAlertmanager(config, { dir });
    });

    after(async () => {
        await Promise.allSettled([alertmanager?.stop(), chat?.close()]);
        removeDir(dir);
        forget?.();
    });

    it("amtool: each team's alerts of every severity go to its receiver only; the Watchdog stays the heartbeat's", () => {
        const routes = (labels: string[]) => {
            const result = runTool("amtool", ["config", "routes", "test", "--config.file=alertmanager.yml", ...labels], dir!);
            assertSucceeded(result);
            return result.stdout.trim();
        };
        for (const severity of ["critical", "warning", "info"]) {
            assert.equal(routes(["alertname=PaymentsFailing", "team=payments", `severity=${severity}`]), "team/payments");
            assert.equal(routes(["alertname=SearchSlow", "team=search", `severity=${severity}`]), "team/search");
        }
        assert.equal(routes(["alertname=PaymentsOdd", "team=payments"]), "team/payments");
        assert.equal(routes(["alertname=Watchdog", "team=payments", "severity=none"]), "blackhole");
        // An unknown team is the stack's alert: the severity routes take it.
        assert.equal(routes(["alertname=LedgerSlow", "team=ledger", "severity=warning"]), "slack");
    });

    it("a team's alert reaches its own chat, not the other team's; a silence on one of a team's alerts holds", async () => {
        const silence = await fetch(`${alertmanager!.baseUrl}/api/v2/silences`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
                matchers: [
                    { name: "team", value: "search", isRegex: false, isEqual: true },
                    { name: "alertname", value: "SearchReindexing", isRegex: false, isEqual: true },
                ],
                startsAt: new Date().toISOString(),
                endsAt: new Date(Date.now() + 3600_000).toISOString(),
                createdBy: "team-routes test",
                comment: "search is deploying",
            }),
        });
        assert.equal(silence.status, 200, await silence.text());
        await post([
            { alertname: "PaymentsFailing", team: "payments", severity: "warning" },
            { alertname: "SearchSlow", team: "search", severity: "warning" },
            { alertname: "SearchReindexing", team: "search", severity: "warning" },
        ]);
        const arrived = () => alertsOn("payments").length > 0 && alertsOn("search").length > 0;
        await waitFor("each team's alert on its chat", async () => (arrived() ? done(true) : notYet("not both yet")), 30_000);
        // Give the silenced one the same chance to arrive (group_wait 1s, group_interval 10s).
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        assert.deepEqual(alertsOn("payments"), ["PaymentsFailing"]);
        assert.deepEqual(alertsOn("search"), ["SearchSlow"]);
        assert.deepEqual([messagesOn("payments")[0].channel, messagesOn("search")[0].channel], ["#payments-alerts", "#search-alerts"]);
    });

    it("a target down in its job inhibits the team's warnings of that job, as for every alert", async () => {
        await post([
            { alertname: "OrchestratorDown", job: "provisioning-orchestrator", severity: "critical" },
            { alertname: "PaymentsLatencyHigh", team: "payments", job: "provisioning-orchestrator", severity: "warning" },
        ]);
        await new Promise((resolve) => setTimeout(resolve, 4_000));
        assert.ok(!alertsOn("payments").includes("PaymentsLatencyHigh"), JSON.stringify(alertsOn("payments")));
        const inhibited = (await (await fetch(`${alertmanager!.baseUrl}/api/v2/alerts?inhibited=true&active=false&silenced=false`)).json()) as {
            labels: Record<string, string>;
        }[];
        assert.deepEqual(
            inhibited.map((a) => a.labels.alertname),
            ["PaymentsLatencyHigh"],
        );
    });
});
