// monitoring:remoteWrite as promtool 3.13.2 (the deployed version) reads it: every feature at once (headers, basic,
// bearer and sigv4 auth from files, write relabelling, queue settings), and what Prometheus itself refuses.
import { strict as assert } from "assert";
import * as path from "path";
import { parseStackConfig } from "../../model/config/parse";
import { renderPrometheusConfig } from "../../render/prometheus/config";
import { assertSucceeded, makeTempDir, removeDir, runTool, writeFiles } from "../support/run-tool";
import { loadRawStackConfig } from "../support/stack-files";

const everyFeature = [
    {
        url: "https://mimir.corp.internal/api/v1/push",
        name: "mimir",
        headers: { "X-Scope-OrgID": "platform" },
        auth: { type: "basic", username: "tenant-1" },
        writeRelabel: [
            { action: "drop", source_labels: ["__name__"], regex: "go_.*" },
            { action: "keep", source_labels: ["job", "__name__"], separator: ";", regex: ".+;.+" },
            { action: "replace", source_labels: ["instance"], regex: "([^:]+):.*", target_label: "host", replacement: "$1" },
            { action: "labeldrop", regex: "pod_template_hash" },
            { action: "labelkeep", regex: "__name__|job|instance|host|cluster" },
        ],
        queue: { capacity: 20000, maxShards: 10, minShards: 2, maxSamplesPerSend: 5000, batchSendDeadline: "10s", minBackoff: "100ms", maxBackoff: "30s" },
    },
    { url: "https://prometheus-prod-01-eu-west-0.grafana.net/api/prom/push", name: "grafana-cloud", auth: { type: "bearer" } },
    {
        url: "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write",
        name: "amp",
        auth: { type: "sigv4", region: "eu-west-1", roleArn: "arn:aws:iam::123456789012:role/remote-write" },
    },
    { url: "http://thanos-receive:19291/api/v1/receive" },
];

describe("remote_write through promtool check config", function () {
    this.timeout(60_000);
    let dir: string | undefined;
    beforeEach(() => (dir = makeTempDir("remote-write")));
    afterEach(() => removeDir(dir));

    /** prometheus.yml with the container's credential directory pointed at stand-in files in `dir`. */
    function check(text: string) {
        const rewritten = text.split("/etc/prometheus-remote-write/").join(`${path.join(dir!, "rw")}/`);
        writeFiles(dir!, { "prometheus.yml": rewritten, "rw/mimir": "p", "rw/grafana-cloud": "t" });
        return runTool("promtool", ["check", "config", "prometheus.yml"], dir!);
    }

    it("accepts every remoteWrite feature as the program renders it", () => {
        const raw = {
            ...loadRawStackConfig("dev"),
            "monitoring:remoteWrite": JSON.stringify(everyFeature),
            "monitoring:remoteWriteCredentials": JSON.stringify({ mimir: "p", "grafana-cloud": "t", amp: "k:s" }),
        };
        const text = renderPrometheusConfig(parseStackConfig(raw, "dev"));
        assert.match(text, /password_file: \/etc\/prometheus-remote-write\/mimir/);
        const result = check(text);
        assertSucceeded(result);
        assert.doesNotMatch(result.stdout + result.stderr, /WARN|FAILED/);
    });

    it("refuses, as Prometheus, the headers the program refuses before deploy", () => {
        const yml = (header: string) => `global: {}\nremote_write:\n  - url: https://mimir.corp.internal/api/v1/push\n    headers:\n      ${header}: x\n`;
        for (const header of ["Authorization", "User-Agent", "X-Amz-Date"]) {
            const result = check(yml(header));
            assert.notEqual(result.status, 0, `${header} accepted by promtool`);
        }
        assertSucceeded(check(yml("X-Scope-OrgID")));
    });
});
