// Any service scraped with one monitoring:platformTargets entry: host:port or, on Kubernetes, its pods or Services found
// by label or annotation, with its own interval, labels, path, scheme and credentials from a secret. Expectations are
// literals: the parsed entry, the prometheus.yml job, the problem lines, the secret file.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { readStackFileConfig } from "../../model/config/stack-file";
import { renderPrometheusConfig } from "../../render/prometheus/config";
import { manifestOf } from "../support/kubernetes-schema";
import { ofType, runWithMocks, secretSignature } from "../support/mock-run";
import { fakeSecrets, loadRawStackConfig, readStackFile } from "../support/stack-files";
import { plainStrings, unwrapSecrets } from "../support/secrets";
import { configProblems } from "../support/config-problems";
import { declaredKubernetes, prodRaw } from "../support/prod-run";

const plain = (value: unknown) => JSON.parse(JSON.stringify(value));
const jobsOf = (text: string) => Object.fromEntries(parse(text).scrape_configs.map((j: any) => [j.job_name, j]));
const payments = { job: "payments", targets: ["payments.corp.internal:9100"], scrapeInterval: "30s", labels: { team: "payments", tier: "api" } };
const withTargets = (raw: Record<string, string>, targets: unknown[], extra: Record<string, string> = {}) => ({
    ...raw,
    "monitoring:platformTargets": JSON.stringify(targets),
    ...extra,
});
const secret = JSON.stringify({ payments: "token-0123456789abcdef" });
const kube = {
    job: "payments",
    kubernetes: { role: "pod", selector: "app.kubernetes.io/name=payments", annotation: "example.com/scrape=true", port: "metrics" },
    credentials: { type: "basic", username: "prometheus" },
    labels: { team: "payments" },
};

describe("monitoring:platformTargets: one entry per service", () => {
    it("parses an entry with its own interval, labels, path, scheme and credentials", () => {
        const raw = withTargets(loadRawStackConfig("dev"), [{ ...payments, metricsPath: "/prom", scheme: "https", credentials: { type: "bearer" } }], {
            "monitoring:scrapeCredentials": secret,
        });
        assert.deepEqual(plain(parseStackConfig(raw, "dev").platformTargets), [
            {
                job: "payments",
                targets: ["payments.corp.internal:9100"],
                metricsPath: "/prom",
                scheme: "https",
                scrapeInterval: "30s",
                labels: { team: "payments", tier: "api" },
                credentials: { type: "bearer" },
            },
        ]);
    });

    it("renders a static job with its labels and a bearer token read from its secret file", () => {
        const raw = withTargets(loadRawStackConfig("dev"), [{ ...payments, credentials: { type: "bearer" } }], { "monitoring:scrapeCredentials": secret });
        assert.deepEqual(jobsOf(renderPrometheusConfig(parseStackConfig(raw, "dev"))).payments, {
            job_name: "payments",
            scrape_interval: "30s",
            scrape_timeout: "10s",
            metrics_path: "/metrics",
            scheme: "http",
            authorization: { credentials_file: "/etc/prometheus-secrets/payments" },
            static_configs: [{ targets: ["payments.corp.internal:9100"], labels: { team: "payments", tier: "api" } }],
        });
    });

    it("finds pods on Kubernetes by label (in the API) and annotation and port (in relabelling), with basic auth", () => {
        const raw = withTargets(prodRaw(), [kube], { "monitoring:scrapeCredentials": secret });
        assert.deepEqual(jobsOf(renderPrometheusConfig(parseStackConfig(raw, "prod"))).payments, {
            job_name: "payments",
            metrics_path: "/metrics",
            scheme: "http",
            basic_auth: { username: "prometheus", password_file: "/etc/prometheus-secrets/payments" },
            kubernetes_sd_configs: [
                { role: "pod", namespaces: { names: ["provisioning"] }, selectors: [{ role: "pod", label: "app.kubernetes.io/name=payments" }] },
            ],
            relabel_configs: [
                { source_labels: ["__meta_kubernetes_pod_annotation_example_com_scrape"], regex: "true", action: "keep" },
                { source_labels: ["__meta_kubernetes_pod_container_port_name"], regex: "metrics", action: "keep" },
                { source_labels: ["__meta_kubernetes_pod_phase"], regex: "Pending|Succeeded|Failed|Unknown", action: "drop" },
                { source_labels: ["__meta_kubernetes_pod_name"], target_label: "instance" },
                { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
                { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
                { target_label: "team", replacement: "payments" },
            ],
        });
    });

    it("finds a Service's endpoints by annotation presence and port number, in the namespaces it names", () => {
        const entry = { job: "billing", kubernetes: { role: "service", namespaces: ["provisioning"], annotation: "billing.io/metrics", port: 9100 } };
        assert.deepEqual(jobsOf(renderPrometheusConfig(parseStackConfig(withTargets(prodRaw(), [entry]), "prod"))).billing, {
            job_name: "billing",
            metrics_path: "/metrics",
            scheme: "http",
            kubernetes_sd_configs: [{ role: "endpointslice", namespaces: { names: ["provisioning"] } }],
            relabel_configs: [
                { source_labels: ["__meta_kubernetes_service_annotationpresent_billing_io_metrics"], regex: "true", action: "keep" },
                { source_labels: ["__meta_kubernetes_endpointslice_port"], regex: "9100", action: "keep" },
                { source_labels: ["__meta_kubernetes_pod_name"], target_label: "instance" },
                { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
                { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
                { source_labels: ["__meta_kubernetes_service_name"], target_label: "service" },
            ],
        });
    });

    it("refuses a bad entry with one line naming the key, the entry and the fix", () => {
        const dev = loadRawStackConfig("dev");
        const targets = [
            { job: "a" },
            { job: "b", targets: ["b:1"], kubernetes: { role: "pod" } },
            { job: "c", targets: ["c:1"], labels: { job: "x", "bad-name": "y" } },
            { job: "d", targets: ["d:1"], credentials: { type: "basic" } },
            { job: "e", kubernetes: { role: "pod", selector: "app in (" } },
            { job: "f", targets: ["f:1"], credentials: { type: "bearer" } },
        ];
        assert.deepEqual(configProblems(withTargets(dev, targets), "dev"), [
            'monitoring:platformTargets[0]: expected either targets: [host:port, ...] or kubernetes: {role, selector} (one of them) (got {"job":"a"})',
            'monitoring:platformTargets[1]: expected either targets: [host:port, ...] or kubernetes: {role, selector} (one of them) (got {"job":"b","targets":["b:1"],"kubernetes":{"role":"pod"}})',
            'monitoring:platformTargets[2].labels.job: set by Prometheus itself (job, instance, cluster are) (got "x")',
            "monitoring:platformTargets[2].labels.bad-name: not a label name (letters, digits and '_', not starting with __) (got \"y\")",
            'monitoring:platformTargets[3].credentials: basic needs a username; bearer takes none (got {"type":"basic"})',
            'monitoring:platformTargets[4].kubernetes.selector: expected a label selector such as app.kubernetes.io/name=payments (key=value, key!=value, key in (a,b), key, !key; comma-separated) (got "app in (")',
        ]);
        // Checks across keys, once each key is valid: the platform, the watched namespaces, the secret.
        assert.deepEqual(configProblems(withTargets(dev, [{ job: "e", kubernetes: { role: "pod" } }, targets[5]]), "dev"), [
            "monitoring:platformTargets[0].kubernetes: discovery needs platform kubernetes; on docker write targets: [host:port]",
            "monitoring:platformTargets[1].credentials: needs the secret monitoring:scrapeCredentials.f; set it with: pulumi config set --secret --path 'monitoring:scrapeCredentials.f' <token-or-password>",
        ]);
        assert.deepEqual(
            configProblems(
                withTargets(prodRaw(), [{ job: "e", kubernetes: { role: "pod", namespaces: ["payments"] } }, targets[5]], {
                    "monitoring:scrapeCredentials": secret,
                }),
                "prod",
            ),
            [
                "monitoring:platformTargets[0].kubernetes.namespaces: Prometheus does not watch namespace payments; add it to monitoring:clientNamespaces",
                "monitoring:platformTargets[1].credentials: needs the secret monitoring:scrapeCredentials.f; set it with: pulumi config set --secret --path 'monitoring:scrapeCredentials.f' <token-or-password>",
            ],
        );
        assert.deepEqual(configProblems(withTargets(dev, [targets[5]], { "monitoring:scrapeCredentials": '{"f":"t"}' }), "dev"), []);
        // The declared default ({}) is no secret set.
        assert.deepEqual(configProblems(withTargets(dev, [targets[5]], { "monitoring:scrapeCredentials": "{}" }), "dev").length, 1);
    });

    it("refuses scrapeCredentials written in plain text, with the command that encrypts one entry", () => {
        assert.deepEqual(
            configProblems({ ...loadRawStackConfig("dev"), "monitoring:scrapeCredentials": secret }, "dev", {
                plainTextKeys: ["monitoring:scrapeCredentials"],
            }),
            [
                "monitoring:scrapeCredentials: a secret must not be written in plain text in the stack file; encrypt it with: pulumi config set --secret --path 'monitoring:scrapeCredentials.<job>' <token-or-password>",
            ],
        );
    });

    it("reads a stack file whose scrapeCredentials entries are encrypted one by one (--path) as a secret key", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-file-"));
        try {
            fs.writeFileSync(
                path.join(dir, "Pulumi.dev.yaml"),
                "config:\n  monitoring:platform: docker\n  monitoring:scrapeCredentials:\n    payments:\n      secure: v1:abc\n",
            );
            assert.deepEqual(readStackFileConfig(dir, "dev"), { raw: { "monitoring:platform": "docker" }, secureKeys: ["monitoring:scrapeCredentials"] });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("scrape credentials reach Prometheus as secret files (mock engine)", function () {
    this.timeout(120_000);
    const token = "token-0123456789abcdef";

    it("prod: a Secret key mounted at /etc/prometheus-secrets/payments, secret in every input, never in plain text", async () => {
        const run = await runWithMocks("prod", withTargets(prodRaw(), [kube], { "monitoring:scrapeCredentials": secret }), [
            ...Object.keys(fakeSecrets),
            "monitoring:scrapeCredentials",
        ]);
        assert.ifError(run.error);
        const secrets = declaredKubernetes(run)
            .filter((r) => r.type === "kubernetes:core/v1:Secret")
            .map(manifestOf)
            .find((o) => o.metadata.name === "prometheus-secrets");
        assert.ok(secrets, "Prometheus' Secret");
        assert.deepEqual(Object.keys(secrets.stringData), ["etc_prometheus-secrets_payments"]);
        const set = declaredKubernetes(run)
            .filter((r) => r.type === "kubernetes:apps/v1:StatefulSet")
            .map(manifestOf)
            .find((o) => o.metadata.name === "prometheus")!;
        const mounts = set.spec.template.spec.containers.find((c: any) => c.name === "prometheus").volumeMounts;
        assert.ok(
            mounts.some((m: any) => m.mountPath === "/etc/prometheus-secrets/payments" && m.readOnly),
            JSON.stringify(mounts),
        );
        assert.ok(!run.resources.flatMap((r) => plainStrings(r.inputs)).some((t) => t.includes(token)), "the token never appears in plain text");
    });

    it("dev: uploaded into the container readable by Prometheus alone, as a secret", async () => {
        const run = await runWithMocks(
            "dev",
            withTargets(readStackFile("dev"), [{ ...payments, credentials: { type: "bearer" } }], { "monitoring:scrapeCredentials": secret }),
            ["monitoring:scrapeCredentials"],
        );
        assert.ifError(run.error);
        const prometheus = ofType(run, "docker:index/container:Container").find((c) => c.name.endsWith("prometheus"))!;
        assert.ok(
            JSON.stringify(prometheus.inputs.uploads).startsWith(`{"${Object.keys(prometheus.inputs.uploads)[0]}":"${secretSignature}"`),
            "uploads are a secret",
        );
        const upload = (unwrapSecrets(prometheus.inputs.uploads) as any[]).find((u) => u.file === "/etc/prometheus-secrets/payments");
        assert.deepEqual(
            { ...upload, content: undefined },
            { file: "/etc/prometheus-secrets/payments", content: undefined, permissions: "0400", owner: "65534" },
        );
        assert.ok(!run.resources.flatMap((r) => plainStrings(r.inputs)).some((t) => t.includes(token)), "the token never appears in plain text");
    });
});
