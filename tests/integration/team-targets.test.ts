// A team's scrape targets in dev on the real Prometheus 3.13.2, with the stack's own rendered prometheus.yml (its team
// directory pointed at a temp dir, the container's mount) and the files written by the very functions TeamMonitoring's
// dynamic resource runs: a target is found, scraped and labelled team=<name> within seconds, with no restart and no
// reload; a file for a team the stack does not list is ignored; a file's own `team` and `job` labels cannot claim
// another team; removing the file removes the target.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as path from "path";
import { parseStackConfig } from "../../model/config/parse";
import { targetsFileProvider } from "../../program/team-targets-file";
import { prometheusPaths, renderPrometheusConfig } from "../../render/prometheus/config";
import { renderTeamTargetsFile } from "../../render/team-targets";
import { cleanUpOnExit, Daemon } from "../support/daemon";
import { startPrometheus } from "../support/local-daemons";
import { done, getJson, notYet, waitFor } from "../support/poll";
import { makeTempDir, requireTool } from "../support/run-tool";
import { loadRawStackConfig } from "../support/stack-files";

type Target = { labels: Record<string, string>; scrapeUrl: string; health: string };

describe("team scrape targets in dev on Prometheus 3.13.2: a file written by the team's stack, read live", function () {
    this.timeout(120_000);
    let dir: string | undefined;
    let forget: (() => void) | undefined;
    let prometheus: Daemon | undefined;
    let service: http.Server | undefined;
    let address = "";
    const targetsDir = () => path.join(dir!, "team-targets");
    const file = (team: string) => ({ dir: targetsDir(), file: `team-${team}.json` });

    const activeTargets = async () =>
        (await getJson<{ data: { activeTargets: Target[] } }>(`${prometheus!.baseUrl}/api/v1/targets?state=active`)).data.activeTargets;
    const teamTargets = async () => (await activeTargets()).filter((t) => t.labels.job.startsWith("team-") || t.scrapeUrl.includes(address));
    const runtime = async () =>
        (await getJson<{ data: { lastConfigTime: string; reloadConfigSuccess: boolean } }>(`${prometheus!.baseUrl}/api/v1/status/runtimeinfo`)).data;
    /** Seconds until `what` holds of the team targets, polled every 100 ms, at most 15 s. */
    const within = async (what: string, holds: (targets: Target[]) => boolean) => {
        const started = Date.now();
        await waitFor(
            what,
            async () => {
                const targets = await teamTargets();
                return holds(targets) ? done(targets) : notYet(JSON.stringify(targets.map((t) => [t.scrapeUrl, t.labels, t.health])));
            },
            15_000,
            100,
        );
        return (Date.now() - started) / 1000;
    };

    before(async () => {
        requireTool("prometheus");
        dir = makeTempDir("team-targets");
        const created = dir;
        forget = cleanUpOnExit(() => fs.rmSync(created, { recursive: true, force: true, maxRetries: 5 }));
        fs.mkdirSync(targetsDir(), { mode: 0o755 });
        // A team's service: one counter, and a series of its own labelled team="other".
        service = http.createServer((request, response) => {
            if (request.url !== "/metrics" && request.url !== "/internal/metrics") return void response.writeHead(404).end();
            response.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end('payments_orders_total 10\npayments_claims{team="other"} 1\n');
        });
        await new Promise<void>((resolve) => service!.listen(0, "127.0.0.1", () => resolve()));
        address = `127.0.0.1:${(service.address() as net.AddressInfo).port}`;
        // The dev stack with two teams, scraping every second; the stack's own rendering, its mount point made the temp dir.
        const config = parseStackConfig(
            {
                ...loadRawStackConfig("dev"),
                "monitoring:scrapeInterval": "1s",
                "monitoring:alertEmailFrom": "alerts@corp.internal",
                "monitoring:smtpSmarthost": "smtp.corp.internal:25",
                "monitoring:teams": JSON.stringify([
                    { name: "payments", receivers: { email: "payments@corp.internal" } },
                    { name: "search", receivers: { email: "search@corp.internal" } },
                ]),
            },
            "dev",
        );
        const rendered = renderPrometheusConfig(config);
        assert.ok(rendered.includes(`${prometheusPaths.teamTargetsDir}/team-payments.json`));
        fs.writeFileSync(path.join(dir, "prometheus.yml"), rendered.split(prometheusPaths.teamTargetsDir).join(targetsDir()));
        prometheus = await startPrometheus(config, { dir, timeoutMs: 30_000 });
    });

    after(async () => {
        await prometheus?.stop();
        await new Promise((resolve) => (service ? service.close(resolve) : resolve(undefined)));
        if (dir) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
        forget?.();
    });

    it("finds a listed team's target within seconds, scrapes it labelled team=<name>, and never reloads its config", async () => {
        const before = await runtime();
        assert.deepEqual(await teamTargets(), []);
        const content = renderTeamTargetsFile([{ targets: [address], labels: { service: "payments-api" } }]);
        await targetsFileProvider.create({ ...file("payments"), content });
        const seconds = await within("the payments target, up", (ts) => ts.length === 1 && ts[0].health === "up");
        const [target] = await teamTargets();
        assert.deepEqual(target.labels, { instance: address, job: "team-payments", service: "payments-api", team: "payments" });
        assert.equal(target.scrapeUrl, `http://${address}/metrics`);
        assert.ok(seconds < 10, `found after ${seconds}s`);
        // The service's own team label is kept apart: it cannot route the series to another team.
        const series = await waitFor(
            "the scraped series",
            async () => {
                const result = (
                    await getJson<{ data: { result: { metric: Record<string, string> }[] } }>(`${prometheus!.baseUrl}/api/v1/query?query=payments_claims`)
                ).data.result;
                return result.length > 0 ? done(result) : notYet("no series yet");
            },
            15_000,
        );
        assert.deepEqual(series[0].metric, {
            __name__: "payments_claims",
            exported_team: "other",
            instance: address,
            job: "team-payments",
            service: "payments-api",
            team: "payments",
        });
        const after = await runtime();
        assert.equal(after.lastConfigTime, before.lastConfigTime, "no reload");
        assert.equal(after.reloadConfigSuccess, true);
        process.stdout.write(`      (found ${seconds.toFixed(1)}s after the file was written)\n`);
    });

    it("a file for a team the stack does not list is ignored; a file's own team and job labels are overridden", async () => {
        // What a local user could write by hand: nothing the team's stack would accept.
        fs.writeFileSync(
            path.join(targetsDir(), "team-ledger.json"),
            JSON.stringify([{ targets: [address], labels: { __metrics_path__: "/internal/metrics" } }]),
        );
        const claiming = JSON.stringify([{ targets: [address], labels: { team: "search", job: "prometheus", __metrics_path__: "/internal/metrics" } }]);
        await targetsFileProvider.update("id", { ...file("payments"), content: "" }, { ...file("payments"), content: claiming });
        await within("the payments target on /internal/metrics", (ts) => ts.length === 1 && ts[0].scrapeUrl.endsWith("/internal/metrics"));
        const [target] = await teamTargets();
        assert.deepEqual([target.labels.team, target.labels.job], ["payments", "team-payments"]);
        assert.deepEqual(
            (await activeTargets()).filter((t) => t.labels.team === "ledger" || t.labels.job === "team-ledger"),
            [],
        );
    });

    it("removing the file removes the target", async () => {
        await targetsFileProvider.delete("id", { ...file("payments"), content: "" });
        const seconds = await within("no team target", (ts) => ts.length === 0);
        assert.ok(seconds < 10, `gone after ${seconds}s`);
        assert.deepEqual(fs.readdirSync(targetsDir()), ["team-ledger.json"]);
    });
});
