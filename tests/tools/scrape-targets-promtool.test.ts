// Own services' scrape jobs as promtool 3.13.2 (the deployed version) reads them: static targets with labels and a
// bearer token, Kubernetes pods and Services found by label selector, annotation and port, basic auth.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseStackConfig } from "../../model/config/parse";
import { renderPrometheusConfig } from "../../render/prometheus/config";
import { assertSucceeded, makeTempDir, removeDir, runTool, writeFiles } from "../support/run-tool";
import { loadRawStackConfig } from "../support/stack-files";
import { prodRaw } from "../support/prod-run";

const targets = (list: unknown[]) => ({ "monitoring:platformTargets": JSON.stringify(list), "monitoring:scrapeCredentials": '{"payments":"t","billing":"p"}' });

describe("own services' scrape jobs through promtool check config", function () {
    this.timeout(60_000);
    let dir: string | undefined;
    beforeEach(() => (dir = makeTempDir("scrape-targets")));
    afterEach(() => removeDir(dir));

    /** prometheus.yml with the container's secret and service-account paths pointed at empty stand-ins in `dir`. */
    function check(text: string) {
        const local = (p: string) => path.join(dir!, p);
        const rewritten = text
            .split("/etc/prometheus-secrets/")
            .join(`${local("secrets")}/`)
            .split("/var/run/secrets/kubernetes.io/serviceaccount/")
            .join(`${local("sa")}/`);
        writeFiles(dir!, { "prometheus.yml": rewritten, "secrets/payments": "t", "secrets/billing": "p", "sa/token": "", "sa/ca.crt": "" });
        return runTool("promtool", ["check", "config", "prometheus.yml"], dir!, { POD_NAME: "prometheus-0" });
    }

    it("accepts a dev job with labels, path, scheme, interval and a bearer token", () => {
        const raw = {
            ...loadRawStackConfig("dev"),
            ...targets([
                {
                    job: "payments",
                    targets: ["host.docker.internal:9100"],
                    metricsPath: "/prom",
                    scheme: "https",
                    scrapeInterval: "30s",
                    labels: { team: "payments" },
                    credentials: { type: "bearer" },
                },
            ]),
        };
        const result = check(renderPrometheusConfig(parseStackConfig(raw, "dev")));
        assertSucceeded(result);
        assert.doesNotMatch(result.stdout + result.stderr, /WARN|FAILED/);
    });

    it("accepts prod's pod and Service discovery by selector, annotation and port, with basic auth and labels", () => {
        const raw = {
            ...prodRaw(),
            ...targets([
                {
                    job: "payments",
                    kubernetes: {
                        role: "pod",
                        selector: "app.kubernetes.io/name=payments,tier notin (batch)",
                        annotation: "example.com/scrape=true",
                        port: "metrics",
                    },
                    credentials: { type: "basic", username: "prometheus" },
                    labels: { team: "payments" },
                },
                { job: "billing", kubernetes: { role: "service", annotation: "billing.io/metrics", port: 9100 }, credentials: { type: "bearer" } },
            ]),
        };
        const result = check(renderPrometheusConfig(parseStackConfig(raw, "prod")));
        assertSucceeded(result);
        assert.doesNotMatch(result.stdout + result.stderr, /WARN|FAILED/);
        assert.ok(fs.existsSync(path.join(dir!, "secrets/payments")));
    });

    it("accepts prod's annotated pods and Services labelled with the team of their namespace (monitoring:teams)", () => {
        const raw = {
            ...prodRaw(),
            "monitoring:clientNamespaces": JSON.stringify(["payments", "payments-jobs", "provisioning"]),
            "monitoring:teams": JSON.stringify([{ name: "payments", namespaces: ["payments", "payments-jobs"], receivers: { email: "payments@example.com" } }]),
        };
        const text = renderPrometheusConfig(parseStackConfig(raw, "prod"));
        assert.equal(text.split("regex: payments|payments-jobs\n        target_label: team\n        replacement: payments").length - 1, 2, text);
        const result = check(text);
        assertSucceeded(result);
        assert.doesNotMatch(result.stdout + result.stderr, /WARN|FAILED/);
    });
});
