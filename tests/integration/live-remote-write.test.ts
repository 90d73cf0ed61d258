// monitoring:remoteWrite on the real Prometheus 3.13.2: the rendered remote_write entries push to a local receiver with
// basic auth read from its password file, an X-Scope-OrgID header, a write relabel rule that drops series, and a sigv4
// entry signed with keys from the AWS credentials file the program writes. The receiver decodes nothing (snappy
// protobuf): it records the headers; the dropped series show in Prometheus' own samples_dropped counter.
import { strict as assert } from "assert";
import * as http from "http";
import * as path from "path";
import { parseStackConfig } from "../../model/config/parse";
import { renderPrometheusConfig } from "../../render/prometheus/config";
import { Daemon, freePort, startDaemon } from "../support/daemon";
import { done, notYet, waitFor } from "../support/poll";
import { makeTempDir, removeDir, writeFiles } from "../support/run-tool";

type Received = { path: string; authorization?: string; orgId?: string; encoding?: string };

describe("remote write on the real Prometheus 3.13.2, to a local receiver", function () {
    this.timeout(60_000);
    let dir: string | undefined;
    let prometheus: Daemon | undefined;
    let receiver: http.Server | undefined;
    const received: Received[] = [];
    const previousCredentialsFile = process.env.AWS_SHARED_CREDENTIALS_FILE;

    before(async () => {
        receiver = http.createServer((req, res) => {
            req.resume();
            req.on("end", () => {
                const h = req.headers;
                received.push({ path: req.url ?? "", authorization: h.authorization, orgId: h["x-scope-orgid"] as string, encoding: h["content-encoding"] });
                res.writeHead(204).end();
            });
        });
        await new Promise<void>((resolve) => receiver!.listen(0, "127.0.0.1", resolve));
        const receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
        const port = await freePort();
        const config = parseStackConfig(
            {
                "monitoring:components": '["prometheus"]',
                "monitoring:platformTargets": "[]",
                "monitoring:scrapeInterval": "1s",
                "monitoring:ports": JSON.stringify({ prometheus: port }),
                "monitoring:remoteWrite": JSON.stringify([
                    {
                        url: `${receiverUrl}/mimir`,
                        name: "mimir",
                        headers: { "X-Scope-OrgID": "platform" },
                        auth: { type: "basic", username: "tenant-1" },
                        writeRelabel: [{ action: "drop", source_labels: ["__name__"], regex: "go_.*" }],
                        queue: { batchSendDeadline: "1s" },
                    },
                    { url: `${receiverUrl}/amp`, name: "amp", auth: { type: "sigv4", region: "eu-west-1" }, queue: { batchSendDeadline: "1s" } },
                ]),
                "monitoring:remoteWriteCredentials": JSON.stringify({ mimir: "password-0123", amp: "AKIAEXAMPLE:secret/key+0123" }),
            },
            "live",
        );
        dir = makeTempDir("remote-write-live");
        const secrets = path.join(dir, "rw");
        const yml = renderPrometheusConfig(config).split("/etc/prometheus-remote-write/").join(`${secrets}/`);
        // The files components/prometheus.ts writes (its mock-engine test pins their content).
        writeFiles(dir, {
            "prometheus.yml": yml,
            "rw/mimir": "password-0123",
            "rw/aws.credentials": "[amp]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret/key+0123\n",
        });
        // The environment variable components/prometheus.ts sets when a sigv4 entry exists (the daemon inherits it).
        process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(secrets, "aws.credentials");
        prometheus = await startDaemon(
            "prometheus",
            [`--config.file=${path.join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "data")}`, "--web.listen-address=127.0.0.1:{port}"],
            "/-/ready",
            30_000,
            { port },
        );
    });

    after(async () => {
        if (previousCredentialsFile === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
        else process.env.AWS_SHARED_CREDENTIALS_FILE = previousCredentialsFile;
        await prometheus?.stop();
        await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
        removeDir(dir);
    });

    const first = (where: string) =>
        waitFor(
            `a remote write to ${where}`,
            async () => {
                const r = received.find((x) => x.path === where);
                return r ? done(r) : notYet(`${received.length} requests, none to ${where}; Prometheus: ${prometheus?.output().slice(-400)}`);
            },
            30_000,
        );

    it("pushes with basic auth from the password file and the X-Scope-OrgID header", async () => {
        const r = await first("/mimir");
        assert.equal(r.authorization, `Basic ${Buffer.from("tenant-1:password-0123").toString("base64")}`);
        assert.equal(r.orgId, "platform");
        assert.equal(r.encoding, "snappy");
    });

    it("signs the sigv4 entry with the access key of its profile in the AWS credentials file", async () => {
        const r = await first("/amp");
        assert.match(r.authorization ?? "", /^AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE\/\d{8}\/eu-west-1\/aps\/aws4_request, /);
        assert.equal(r.orgId, undefined);
    });

    it("drops the relabelled series from the mimir queue only, and exposes the catalogued queue metrics", async () => {
        const metrics = await waitFor(
            "dropped samples on the mimir queue",
            async () => {
                const text = await (await fetch(`${prometheus!.baseUrl}/metrics`)).text();
                const dropped = /^prometheus_remote_storage_samples_dropped_total\{reason="dropped_series",remote_name="mimir"[^}]*\} (\S+)$/m.exec(text);
                return dropped && Number(dropped[1]) > 0 ? done(text) : notYet(dropped?.[0] ?? "no samples_dropped_total for mimir");
            },
            30_000,
        );
        const droppedLines = metrics.split("\n").filter((l) => l.startsWith("prometheus_remote_storage_samples_dropped_total{"));
        // Relabelling drops whole series (reason dropped_series) on the mimir queue; the amp queue, without the rule, drops none.
        assert.ok(
            droppedLines.every((l) => l.includes('reason="dropped_series"') && l.includes('remote_name="mimir"')),
            droppedLines.join("\n"),
        );
        for (const [name, type] of [
            ["prometheus_remote_storage_samples_total", "counter"],
            ["prometheus_remote_storage_samples_failed_total", "counter"],
            ["prometheus_remote_storage_queue_highest_timestamp_seconds", "gauge"],
            ["prometheus_remote_storage_queue_highest_sent_timestamp_seconds", "gauge"],
        ])
            assert.match(metrics, new RegExp(`^# TYPE ${name} ${type}$`, "m"), name);
    });
});
