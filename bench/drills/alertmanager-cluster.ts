// The prod Alertmanager cluster (three replicas gossiping, every one receiving every alert, as Prometheus sends them) on
// loopback: the member that would notify first is SIGKILLed right after the alert arrives; the others notify exactly
// once between them, and the killed member, restarted on its data directory, rejoins and does not notify again.
import { Daemon, freePort } from "../../tests/support/daemon";
import { startWebhookReceiver } from "../../tests/support/webhook-receiver";
import { writeFiles } from "../../tests/support/run-tool";
import * as fs from "fs";
import * as path from "path";
import { alertmanagerArgs } from "../../render/alertmanager/config";
import { localAlertmanagerYml } from "../local-stack";
import { startAlertmanager } from "../../tests/support/local-daemons";
import { amStatus, Drill, inTempDir, keepPosting, killHard, Outcome, renderedStack, seconds, sleep } from "./drill";

const alert = { alertname: "DrillClusterPaged", severity: "critical", instance: "drill" };

interface Member {
    dir: string;
    gossipPort: number;
    daemon?: Daemon;
    outputs: string[];
}

/** The cluster's own view: every member ready with all three peers. */
async function waitJoined(members: readonly Member[], timeoutMs: number): Promise<number> {
    const started = Date.now();
    for (;;) {
        const views = await Promise.all(members.map((m) => amStatus(m.daemon!.baseUrl).catch(() => undefined)));
        if (views.every((v) => v?.cluster.status === "ready" && (v.cluster.peers ?? []).length === members.length)) return Date.now() - started;
        if (Date.now() - started > timeoutMs) {
            throw new Error(`cluster not joined within ${timeoutMs} ms: ${views.map((v) => `${v?.cluster.status}/${v?.cluster.peers?.length}`).join(", ")}`);
        }
        await sleep(250);
    }
}

export const alertmanagerCluster: Drill = {
    name: "alertmanager-cluster",
    title: "Alertmanager cluster of three with the prod flags on loopback: a member killed while an alert fires",
    run: (outcome: Outcome) =>
        inTempDir("alertmanager-cluster", async (dir) => {
            const files = renderedStack("prod");
            const prodFlags = alertmanagerArgs(files.config, "https://unused").filter((a) => a.startsWith("--cluster."));
            outcome.change(
                `prod's alertmanager.yml and flags (${prodFlags.join(" ")}) with every address on 127.0.0.1 and free ports, --cluster.advertise-address set to it; receivers are local webhooks`,
            );
            outcome.change("the alert is posted by the drill to all three members every 5 s, as Prometheus does; no Prometheus");
            const webhook = await startWebhookReceiver();
            const members: Member[] = [];
            for (let i = 0; i < files.config.alertmanagerReplicas; i++) {
                const memberDir = path.join(dir, `alertmanager-${i}`);
                fs.mkdirSync(memberDir);
                writeFiles(memberDir, { "alertmanager.yml": localAlertmanagerYml(files.alertmanagerYml, webhook.baseUrl) });
                members.push({ dir: memberDir, gossipPort: await freePort(), outputs: [] });
            }
            const start = (m: Member, port?: number) =>
                startAlertmanager(files.config, {
                    dir: m.dir,
                    port,
                    replaceArgs: [
                        `--cluster.listen-address=127.0.0.1:${m.gossipPort}`,
                        `--cluster.advertise-address=127.0.0.1:${m.gossipPort}`,
                        ...members.map((p) => `--cluster.peer=127.0.0.1:${p.gossipPort}`),
                    ],
                });
            let poster: { stop(): Promise<void> } | undefined;
            try {
                await Promise.all(members.map(async (m) => (m.daemon = await start(m))));
                outcome.number("cluster formed", seconds(await waitJoined(members, 60_000)));
                // Position in the cluster = rank of the member's name among the live peers' names; position 0 notifies first,
                // position i waits i x peer_timeout (15 s) and first checks the gossiped notification log.
                const statuses = await Promise.all(members.map((m) => amStatus(m.daemon!.baseUrl)));
                const sorted = statuses.map((s) => s.cluster.name).sort();
                const first = members[statuses.findIndex((s) => s.cluster.name === sorted[0])];

                const postedAt = Date.now();
                poster = keepPosting(
                    () => members.filter((m) => m.daemon).map((m) => m.daemon!.baseUrl),
                    [{ labels: alert, startsAt: new Date(postedAt).toISOString() }],
                    5_000,
                );
                await sleep(2_000);
                first.outputs.push(first.daemon!.output());
                const killed = first.daemon!;
                first.daemon = undefined;
                await killHard(killed);
                outcome.number("member killed", `position 0 (the one that notifies first), ${seconds(Date.now() - postedAt)} after the alert arrived`);

                const pages = () => webhook.receivedOn("pagerduty").filter((n) => n.body.alerts.some((a) => a.labels.alertname === alert.alertname));
                while (pages().length === 0 && Date.now() - postedAt < 90_000) await sleep(100);
                await sleep(35_000); // longer than the last member's wait (2 x peer_timeout) after the first notification
                const beforeRejoin = pages().length;
                outcome.number(
                    "first notification",
                    pages()[0]
                        ? `${seconds(pages()[0].receivedAt - postedAt)} after the alert (group_wait 10 s; the survivors rank themselves anew once the killed member is declared dead)`
                        : "none",
                );
                outcome.check(
                    "exactly one notification per receiver while a member is dead",
                    beforeRejoin === 1 && webhook.receivedOn("team-email").length === 1,
                    `pagerduty ${beforeRejoin}, team-email ${webhook.receivedOn("team-email").length}`,
                );

                const restartAt = Date.now();
                first.daemon = await start(first, killed.port);
                const joined = await waitJoined(members, 60_000);
                outcome.number("killed member back and joined", seconds(Date.now() - restartAt));
                outcome.check("the killed member rejoins (every member sees three peers)", true, `joined ${seconds(joined)} after its restart`);
                await sleep(35_000); // its group_wait, then its own flush, with the gossiped log it must find the alert notified
                outcome.check("no second notification after the member rejoined", pages().length === 1, `${pages().length} notification(s) in total`);
            } finally {
                await poster?.stop();
                for (const m of members) {
                    if (m.daemon) {
                        m.outputs.push(m.daemon.output());
                        await m.daemon.stop();
                    }
                }
                await webhook.close();
                outcome.keepLogs("alertmanager-cluster", Object.fromEntries(members.map((m, i) => [`alertmanager-${i}`, m.outputs.join("\n")])));
            }
        }),
};
