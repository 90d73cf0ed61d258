// docs/how-to/monitor-your-own-service.md, run end to end on a test stack: a new service with its own metric is
// monitored by adding three files (the service, here a prom-client stand-in; the page's dashboard JSON; its rule file)
// and one config entry (the page's block), in a copy of tests/fixtures/stacks, with no change to the project's code or
// tests. Then: `npm run render` writes them, promtool accepts them, the program deploys them (mock engine), and the real
// Prometheus 3.13.2 and Alertmanager 0.28.1 scrape the service with its token and label and route its alert to chat.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as path from "path";
import { Counter, Registry } from "prom-client";
import { parse, parseDocument } from "yaml";
import { checkUserFiles } from "../../deploy/checks";
import { probePromtoolRules } from "../../deploy/probes";
import { buildDashboards } from "../../dashboards";
import { parseStackConfig } from "../../model/config/parse";
import { readStackFileConfig } from "../../model/config/stack-file";
import { readUserFiles } from "../../model/user-files";
import { renderAlertmanagerConfig } from "../../render/alertmanager/config";
import { renderPrometheusConfig } from "../../render/prometheus/config";
import { renderPrometheusRuleFiles } from "../../render/prometheus/rule-files";
import { userContent, userContentProblems } from "../../render/user-content";
import { cleanUpOnExit, Daemon, freePort } from "../support/daemon";
import { droppedJobs, startAlertmanager, startPrometheus } from "../support/local-daemons";
import { localAlertmanagerConfig, localPrometheusConfig, localRuleFiles } from "../support/local-profile";
import { ofType, runWithMocks } from "../support/mock-run";
import { done, getJson, notYet, waitFor } from "../support/poll";
import { assertSucceeded, makeTempDir, removeDir, requireTool, runTool, writeFiles } from "../support/run-tool";
import { fixtureStacksDir, projectRoot } from "../support/stack-files";
import { closeServer, startWebhookReceiver, WebhookReceiver } from "../support/webhook-receiver";
import { unwrapSecrets } from "../support/secrets";

const howTo = fs.readFileSync(path.join(projectRoot, "docs", "how-to", "monitor-your-own-service.md"), "utf8");
const blocks = [...howTo.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2] }));
const block = (i: number, lang: string) => {
    assert.equal(blocks[i]?.lang, lang, `block ${i} of the how-to is ${lang}`);
    return blocks[i].body;
};
/** The page's blocks, in order: the dev entry, the secret, the prod entry, the dashboard, the rule file, the commands, a refusal. */
const page = {
    devEntry: () => (parse(block(0, "yaml")) as Record<string, unknown[]>)["monitoring:platformTargets"],
    secretCommand: () => block(1, "bash").trim(),
    prodEntry: () => parse(block(2, "yaml")) as unknown[],
    dashboard: () => block(3, "json"),
    rules: () => block(4, "yaml"),
    commands: () => block(5, "bash"),
    refusal: () => block(6, "").trim(),
};
const token = "payments-token-0123456789";
const interval = "1s";

/** A copy of the tests' stack file with `entries` appended to its monitoring:platformTargets (comments kept). */
function stackWith(stack: string, entries: unknown[]): string {
    const doc = parseDocument(fs.readFileSync(path.join(fixtureStacksDir, `Pulumi.${stack}.yaml`), "utf8"));
    const list = doc.getIn(["config", "monitoring:platformTargets"]) as { add(v: unknown): void };
    for (const e of entries) list.add(doc.createNode(e));
    return String(doc);
}

const doc = (value: unknown, d: ReturnType<typeof parseDocument>) => d.createNode(value);

/** The payments service: prom-client counters on /metrics, only for its bearer token. */
async function startPaymentsService() {
    const registry = new Registry();
    const orders = new Counter({ name: "payments_orders_total", help: "Orders taken.", registers: [registry] });
    const failed = new Counter({ name: "payments_orders_failed_total", help: "Orders that failed.", registers: [registry] });
    orders.inc(10);
    failed.inc(0);
    let failing: NodeJS.Timeout | undefined;
    const server = http.createServer((request, response) => {
        if (request.url !== "/metrics") return void response.writeHead(404).end();
        if (request.headers.authorization !== `Bearer ${token}`) return void response.writeHead(401).end("token required");
        registry.metrics().then((text) => response.writeHead(200, { "content-type": registry.contentType }).end(text));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    return {
        address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
        fail: () => void (failing = setInterval(() => (orders.inc(), failed.inc()), 100)),
        stop: async () => {
            clearInterval(failing);
            await closeServer(server);
        },
    };
}

describe("how-to: monitor your own service, end to end on a test stack", function () {
    this.timeout(180_000);
    let project: string | undefined;
    const userFiles = () => ({ "user/dashboards/payments.json": page.dashboard(), "user/rules/payments.yml": page.rules() });

    before(() => {
        project = makeTempDir("own-service");
        // The page's `pulumi config set --secret --path` leaves its entry encrypted in the stack file.
        const dev = parseDocument(stackWith("dev", page.devEntry()));
        dev.setIn(["config", "monitoring:scrapeCredentials"], doc({ payments: { secure: "v1:fakeciphertext" } }, dev));
        writeFiles(project, {
            "Pulumi.dev.yaml": String(dev),
            "Pulumi.prod.yaml": stackWith("prod", page.prodEntry()),
            ...userFiles(),
        });
    });
    after(() => removeDir(project));

    const config = (stack: string) => {
        const { raw } = readStackFileConfig(project!, stack);
        const secrets: Record<string, string> = stack === "prod" ? { "monitoring:pagerdutyServiceKey": "x", "monitoring:slackWebhookUrl": "x" } : {};
        // What `pulumi config set --secret --path 'monitoring:scrapeCredentials.payments' <token>` gives the program.
        return parseStackConfig({ ...raw, ...secrets, "monitoring:scrapeCredentials": JSON.stringify({ payments: token }) }, stack);
    };

    it("adds only the user's files and one entry, as the page says", () => {
        assert.match(page.secretCommand(), /^pulumi config set --secret --path 'monitoring:scrapeCredentials\.payments' <token> --stack dev$/);
        assert.deepEqual(
            page.devEntry().map((e) => (e as { job: string }).job),
            ["payments"],
        );
        const dev = config("dev");
        assert.deepEqual(
            dev.platformTargets.map((t) => t.job),
            ["provisioning-orchestrator", "provisioning-control-center", "provisioning-vault-service", "payments"],
        );
        assert.deepEqual(userContentProblems(readUserFiles(project!), buildDashboards()), []);
    });

    it("npm run render writes the scrape job, the rule file and the dashboard (dev), and promtool accepts prod's discovery", () => {
        for (const stack of ["dev", "prod"]) {
            const out = path.join(project!, `out-${stack}`);
            const result = spawnSync(
                process.execPath,
                [
                    "-r",
                    "ts-node/register/transpile-only",
                    path.join(projectRoot, "scripts", "render.ts"),
                    "--stack",
                    stack,
                    "--out",
                    out,
                    "--project",
                    project!,
                ],
                { cwd: projectRoot, encoding: "utf8", timeout: 60_000 },
            );
            assert.equal(result.status, 0, result.stderr);
            // The files the page's render command names.
            for (const file of ["prometheus/rules/user-payments.yml", "grafana/dashboards/payments.json"]) {
                assert.ok(page.commands().includes(file), `the page names ${file}`);
                assert.ok(fs.existsSync(path.join(out, file)), `${stack}: ${file}`);
            }
            const job = parse(fs.readFileSync(path.join(out, "prometheus/prometheus.yml"), "utf8")).scrape_configs.find((j: any) => j.job_name === "payments");
            if (stack === "dev") {
                assert.deepEqual(job.static_configs, [{ targets: ["host.docker.internal:9464"], labels: { team: "payments" } }]);
                assert.deepEqual(job.authorization, { credentials_file: "/etc/prometheus-secrets/payments" });
                continue;
            }
            assert.deepEqual(job.kubernetes_sd_configs, [
                { role: "pod", namespaces: { names: ["provisioning"] }, selectors: [{ role: "pod", label: "app.kubernetes.io/name=payments" }] },
            ]);
            // promtool reads the pod's service-account files: empty stand-ins in a copy, as tests/tools/render.test.ts does.
            const sa = path.join(out, "sa");
            writeFiles(out, { "sa/token": "", "sa/ca.crt": "" });
            const text = fs
                .readFileSync(path.join(out, "prometheus/prometheus.yml"), "utf8")
                .split("/var/run/secrets/kubernetes.io/serviceaccount/")
                .join(`${sa}/`);
            writeFiles(out, { "prometheus/check.yml": text });
            const checked = runTool("promtool", ["check", "config", "prometheus/check.yml"], out, { POD_NAME: "prometheus-0" });
            assertSucceeded(checked);
            assert.match(checked.stdout, /SUCCESS: 4 rule files found/);
        }
    });

    it("passes the preflight's check of user/, with the real promtool", async () => {
        const files = readUserFiles(project!);
        const promtool = await probePromtoolRules(
            project!,
            files.rules.map((f) => f.path),
            process.env,
        );
        assert.deepEqual(
            checkUserFiles(files, [], promtool).map((r) => r.status),
            ["ok"],
        );
    });

    it("is deployed by the program: the dashboard in Grafana's custom folder, the rule file and the token for Prometheus (mock engine)", async () => {
        const { raw } = readStackFileConfig(project!, "dev");
        const run = await runWithMocks(
            "dev",
            { ...raw, "monitoring:scrapeCredentials": JSON.stringify({ payments: token }) },
            ["monitoring:scrapeCredentials"],
            {
                userFiles: readUserFiles(project!),
            },
        );
        assert.ifError(run.error);
        const board = ofType(run, "grafana:oss/dashboard:Dashboard").find((d) => JSON.parse(d.inputs.configJson).uid === "payments");
        assert.equal(board?.inputs.folder, "provisioning-custom");
        const prometheus = ofType(run, "docker:index/container:Container").find((c) => c.name.endsWith("prometheus"))!;
        const files = (unwrapSecrets(prometheus.inputs.uploads) as { file: string }[]).map((u) => u.file);
        for (const f of ["/etc/prometheus/rules/user-payments.yml", "/etc/prometheus-secrets/payments"]) assert.ok(files.includes(f), f);
    });

    it("refuses the rule file without its severity with the page's own line, before anything is deployed", () => {
        const broken = {
            ...readUserFiles(project!),
            rules: [{ path: "user/rules/payments.yml", text: page.rules().replace("          severity: warning\n", "") }],
        };
        assert.deepEqual(userContentProblems(broken, buildDashboards()), [page.refusal()]);
    });

    describe("live: real Prometheus and Alertmanager with the rendered files", () => {
        let dir: string | undefined;
        let forget: (() => void) | undefined;
        let service: Awaited<ReturnType<typeof startPaymentsService>> | undefined;
        let webhook: WebhookReceiver | undefined;
        let alertmanager: Daemon | undefined;
        let prometheus: Daemon | undefined;

        before(async () => {
            for (const tool of ["prometheus", "alertmanager"]) requireTool(tool);
            const dev = config("dev");
            dir = makeTempDir("own-service-live");
            const created = dir;
            forget = cleanUpOnExit(() => fs.rmSync(created, { recursive: true, force: true, maxRetries: 5 }));
            service = await startPaymentsService();
            webhook = await startWebhookReceiver();
            writeFiles(dir, {
                "alertmanager.yml": localAlertmanagerConfig(renderAlertmanagerConfig(dev), {
                    groupWait: interval,
                    groupInterval: interval,
                    webhooks: Object.fromEntries(["pagerduty", "team-email", "slack"].map((r) => [r, `${webhook!.baseUrl}/${r}`])),
                    silentReceivers: ["blackhole", "dead-mans-switch"],
                }),
            });
            alertmanager = await startAlertmanager(dev, { dir });
            const port = await freePort();
            const rules = path.join(dir, "rules");
            fs.mkdirSync(rules);
            const user = userContent(readUserFiles(project!), buildDashboards());
            writeFiles(
                rules,
                localRuleFiles({ ...renderPrometheusRuleFiles(dev), ...user.ruleFiles }, { interval, alertFor: { PaymentsOrdersFailing: interval } }),
            );
            // The deployed secret file, here in the run's directory.
            writeFiles(dir, { "secrets/payments": token });
            const local = localPrometheusConfig(renderPrometheusConfig(dev), {
                interval,
                alertmanager: `127.0.0.1:${alertmanager.port}`,
                targets: { prometheus: `127.0.0.1:${port}`, alertmanager: `127.0.0.1:${alertmanager.port}`, payments: service.address },
                dropJobs: [...droppedJobs, "node-exporter", ...dev.platformTargets.filter((t) => t.job !== "payments").map((t) => t.job)],
                ruleFilesGlob: path.join(rules, "*.yml"),
            });
            writeFiles(dir, { "prometheus.yml": local.split("/etc/prometheus-secrets/").join(`${path.join(dir, "secrets")}/`) });
            prometheus = await startPrometheus(dev, { dir, port, replaceArgs: [`--rules.alert.resend-delay=${interval}`], timeoutMs: 30_000 });
        });

        after(async () => {
            await Promise.allSettled([prometheus?.stop(), alertmanager?.stop(), service?.stop(), webhook?.close()]);
            removeDir(dir);
            forget?.();
        });

        it("scrapes the service with its token, every series labelled team=payments", async () => {
            const series = await waitFor(
                "payments_orders_total scraped",
                async () => {
                    const r = await getJson<{ data: { result: { metric: Record<string, string> }[] } }>(
                        `${prometheus!.baseUrl}/api/v1/query?query=${encodeURIComponent("payments_orders_total")}`,
                    );
                    return r.data.result.length > 0 ? done(r.data.result[0].metric) : notYet("no series yet");
                },
                30_000,
            );
            assert.deepEqual(series, { __name__: "payments_orders_total", instance: service!.address, job: "payments", team: "payments" });
        });

        it("fires the rule file's alert when orders fail, and routes it by its severity to chat with the stack's labels", async () => {
            service!.fail();
            const alert = await waitFor(
                "PaymentsOrdersFailing at the slack webhook",
                async () => {
                    const got = webhook!
                        .receivedOn("slack")
                        .flatMap((n) => n.body.alerts)
                        .find((a) => a.labels.alertname === "PaymentsOrdersFailing");
                    return got
                        ? done(got)
                        : notYet(
                              `received: ${
                                  webhook!
                                      .received()
                                      .map((n) => n.path)
                                      .join(", ") || "nothing"
                              }`,
                          );
                },
                60_000,
            );
            assert.deepEqual(alert.labels, {
                alertname: "PaymentsOrdersFailing",
                cluster: "provisioning-dev",
                job: "payments",
                owner: "platform",
                severity: "warning",
                team: "payments",
            });
            assert.equal(alert.annotations.summary, "Payments orders are failing");
            assert.deepEqual(webhook!.receivedOn("pagerduty"), [], "a warning never pages");
        });
    });
});
