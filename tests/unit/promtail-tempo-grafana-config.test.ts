// Promtail, Tempo and Grafana have no checker installable here (see README): their files are held to these facts.
import { strict as assert } from "assert";
import { parse } from "yaml";
import { durationSeconds } from "../../model/config/durations";
import { renderGrafanaIni } from "../../render/grafana/config";
import { renderPromtailConfig } from "../../render/promtail/log-spec";
import { renderTempoConfig } from "../../render/tempo/config";
import { parseStackConfig } from "../../model/config/parse";
import { loadRawStackConfig, loadStackConfig } from "../support/stack-files";

describe("promtail.yml", () => {
    const config = loadStackConfig("dev");
    const promtail = parse(renderPromtailConfig(config));

    it("keeps its positions on the positions volume, not in /tmp", () => {
        assert.equal(promtail.positions.filename, "/var/lib/promtail/positions.yaml");
    });

    it("pushes to the stack's Loki with the cluster label", () => {
        assert.deepEqual(promtail.clients, [{ url: "http://loki:3100/loki/api/v1/push", external_labels: { cluster: "provisioning-dev" } }]);
    });

    it("has the guide's file job and journal job", () => {
        const [files, journal] = promtail.scrape_configs;
        assert.equal(files.job_name, "system");
        assert.deepEqual(files.static_configs[0].labels, { job: "varlogs", __path__: "/var/log/provisioning/*.log" });
        assert.equal(journal.job_name, "journald");
        assert.deepEqual(journal.journal, { max_age: "12h", path: "/var/log/journal", labels: { job: "systemd-journal" } });
        assert.deepEqual(journal.relabel_configs[0], { source_labels: ["__journal__systemd_unit"], target_label: "unit" });
    });

    it("serves on the configured port", () => {
        assert.equal(promtail.server.http_listen_port, 9080);
    });
});

describe("tempo.yml", () => {
    const config = loadStackConfig("prod");
    const tempo = parse(renderTempoConfig(config));

    it("receives OTLP over gRPC on 4317 and HTTP on 4318", () => {
        assert.deepEqual(tempo.distributor.receivers.otlp.protocols, { grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: "0.0.0.0:4318" } });
        assert.equal(tempo.server.http_listen_port, 3200);
    });

    it("stores blocks and its WAL on the data volume, with the configured block retention in hours", () => {
        assert.equal(tempo.storage.trace.backend, "local");
        assert.equal(tempo.storage.trace.local.path, "/var/tempo/blocks");
        assert.equal(tempo.storage.trace.wal.path, "/var/tempo/wal");
        assert.equal(durationSeconds(tempo.compactor.compaction.block_retention), durationSeconds(config.tempoRetention));
    });

    it("writes service-graph and span metrics to the stack's Prometheus, with exemplars", () => {
        // The prod stack's two Prometheus replicas each get every sample.
        assert.deepEqual(tempo.metrics_generator.storage.remote_write, [
            { url: "http://prometheus-0.prometheus-headless:9090/api/v1/write", send_exemplars: true },
            { url: "http://prometheus-1.prometheus-headless:9090/api/v1/write", send_exemplars: true },
        ]);
        assert.match(tempo.metrics_generator.storage.path, /^\/var\/tempo\//);
        assert.deepEqual(tempo.overrides.defaults.metrics_generator.processors, ["service-graphs", "span-metrics", "local-blocks"]);
    });

    it("drops the metrics generator when the stack has no Prometheus", () => {
        const raw = loadRawStackConfig("dev");
        const tempoOnly = parse(renderTempoConfig(parseStackConfig({ ...raw, "monitoring:components": '["tempo","grafana"]' }, "dev")));
        assert.equal(tempoOnly.metrics_generator, undefined);
        assert.equal(tempoOnly.overrides, undefined);
    });
});

describe("grafana.ini", () => {
    const ini = renderGrafanaIni(loadStackConfig("dev"), "http://localhost:3000");

    it("reads the admin password from the secret file and never holds a password", () => {
        assert.match(ini, /^admin_password = \$__file\{\/etc\/grafana\/secrets\/admin-password\}$/m);
        assert.doesNotMatch(ini, /admin_password = admin$/m);
    });

    it("allows no sign-up and no anonymous access", () => {
        assert.match(ini, /\[users\]\nallow_sign_up = false/);
        assert.match(ini, /\[auth\.anonymous\]\nenabled = false/);
    });

    it("serves on the configured port and root URL", () => {
        assert.match(ini, /\[server\]\nhttp_port = 3000\nroot_url = http:\/\/localhost:3000/);
    });
});
