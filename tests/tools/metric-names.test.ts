// The metric catalogue's node_exporter, Prometheus and Alertmanager entries, checked against the real binaries' /metrics.
import { strict as assert } from "assert";
import * as path from "path";
import { MetricSpec, metricCatalog } from "../../alerts/metrics";
import { Daemon, startDaemon } from "../support/daemon";
import { makeTempDir, removeDir, writeFiles } from "../support/run-tool";
import { metricCatalogueFileFor } from "../support/where-to-fix";

/** `name -> type` from the `# TYPE` lines of an exposition. */
function exposedTypes(exposition: string): Map<string, string> {
    return new Map([...exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
}

async function get(url: string): Promise<string> {
    const response = await fetch(url);
    assert.equal(response.status, 200, `GET ${url}`);
    return response.text();
}

/** Catalogue entries of `source` missing from the exposition or exposed with another type, as readable lines. */
function mismatches(specs: readonly MetricSpec[], exposed: Map<string, string>): string[] {
    return specs
        .filter((m) => exposed.get(m.name) !== m.type)
        .map(
            (m) =>
                `${m.name}: catalogued as ${m.type}, exposed as ${exposed.get(m.name) ?? "nothing"}; fix its name or type in ${metricCatalogueFileFor(m.name)}`,
        );
}

/** Polls `check` (which returns the problems left) until it returns none or `timeoutMs` passes; returns the last problems. */
async function eventually(check: () => Promise<string[]>, timeoutMs = 15_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let problems = await check();
    while (problems.length > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        problems = await check();
    }
    return problems;
}

const from = (source: MetricSpec["source"]) => metricCatalog.filter((m) => m.source === source);

describe("metric catalogue against the real binaries (node_exporter 1.12.1, Prometheus 3.13.2, Alertmanager 0.28.1)", function () {
    this.timeout(40_000);
    let dir: string | undefined;
    let nodeExporter: Daemon | undefined;
    let alertmanager: Daemon | undefined;
    let prometheus: Daemon | undefined;

    before(async () => {
        dir = makeTempDir("metric-names");
        nodeExporter = await startDaemon("node_exporter", ["--web.listen-address=127.0.0.1:{port}"], "/metrics");
        writeFiles(dir, { "alertmanager.yml": "route:\n  receiver: nobody\nreceivers:\n  - name: nobody\n" });
        alertmanager = await startDaemon(
            "alertmanager",
            [
                `--config.file=${path.join(dir, "alertmanager.yml")}`,
                `--storage.path=${path.join(dir, "alertmanager-data")}`,
                "--web.listen-address=127.0.0.1:{port}",
                // Clustering on (a free loopback port), as the stack runs it: its alertmanager_cluster_* metrics exist only then.
                "--cluster.listen-address=127.0.0.1:0",
            ],
            "/-/ready",
        );
        // Prometheus sends an always-firing alert to that Alertmanager (so its notification metrics exist) and scrapes it.
        const alertmanagerHost = alertmanager.baseUrl.replace("http://", "");
        writeFiles(dir, {
            "rules.yml": "groups:\n  - name: always\n    rules:\n      - alert: Always\n        expr: vector(1)\n",
            "prometheus.yml": [
                "global: {scrape_interval: 1s, evaluation_interval: 1s}",
                "rule_files: [rules.yml]",
                `alerting: {alertmanagers: [{static_configs: [{targets: ["${alertmanagerHost}"]}]}]}`,
                "scrape_configs:",
                `  - {job_name: alertmanager, static_configs: [{targets: ["${alertmanagerHost}"]}]}`,
            ].join("\n"),
        });
        prometheus = await startDaemon(
            "prometheus",
            [
                `--config.file=${path.join(dir, "prometheus.yml")}`,
                `--storage.tsdb.path=${path.join(dir, "prometheus-data")}`,
                "--web.listen-address=127.0.0.1:{port}",
            ],
            "/-/ready",
        );
    });
    after(async () => {
        for (const daemon of [prometheus, alertmanager, nodeExporter]) await daemon?.stop();
        removeDir(dir);
    });

    it("node_exporter exposes every catalogued node_* metric, and the process_* metrics, with the catalogued type", async () => {
        const exposed = exposedTypes(await get(`${nodeExporter!.baseUrl}/metrics`));
        const processMetrics = metricCatalog.filter((m) => m.name.startsWith("process_"));
        assert.deepEqual(mismatches([...from("node-exporter"), ...processMetrics], exposed), []);
    });

    it("Alertmanager exposes every catalogued alertmanager_* metric with the catalogued type", async () => {
        const problems = await eventually(async () => mismatches(from("alertmanager"), exposedTypes(await get(`${alertmanager!.baseUrl}/metrics`))));
        assert.deepEqual(problems, []);
    });

    it("Prometheus exposes every catalogued prometheus_* metric, and records up and scrape_* for its targets", async () => {
        const baseUrl = prometheus!.baseUrl;
        // Notification counters appear once the first alert is sent, a second or two after start.
        const problems = await eventually(async () => mismatches(from("prometheus"), exposedTypes(await get(`${baseUrl}/metrics`))));
        assert.deepEqual(problems, []);
        const scrapeSeries = metricCatalog.filter((m) => m.name === "up" || m.name.startsWith("scrape_")).map((m) => m.name);
        const missing = await eventually(async () => {
            const query = encodeURIComponent(`count by (__name__) ({__name__=~"${scrapeSeries.join("|")}"})`);
            const body = JSON.parse(await get(`${baseUrl}/api/v1/query?query=${query}`));
            const found = (body.data.result as { metric: { __name__: string } }[]).map((r) => r.metric.__name__);
            return scrapeSeries.filter((name) => !found.includes(name));
        });
        assert.deepEqual(missing, []);
    });
});
