// monitoring:thanos on the prod stack: a sidecar in each Prometheus pod shipping 2h blocks to the metrics bucket, Query
// deduplicating on the replica label, a Store Gateway, one Compactor with its claim, Grafana reading through Query; the
// store's keys only in Secrets. Expectations are literals.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { renderThanosObjstore } from "../../render/thanos/config";
import { renderPrometheusRuleFiles } from "../../render/prometheus/rule-files";
import { stackDashboards } from "../../render/stack-files";
import { signalBucket } from "../../model/config/object-storage";
import { runWithMocks } from "../support/mock-run";
import { fakeSecrets, projectRoot, readStackFile } from "../support/stack-files";
import { plainStrings } from "../support/secrets";
import { configProblems } from "../support/config-problems";
import { schemaErrors } from "../support/kubernetes-schema";
import { restrictedViolations } from "../support/pod-security";
import { declaredKubernetes, manifestNamed, manifestsOf, prodRaw } from "../support/prod-run";

const keys = { accessKeyId: "AKIAFAKE0123", secretAccessKey: "fake/secret+key0123" };
const store = { endpoint: "http://minio.storage:9000", buckets: { metrics: "prod-metrics" } };
const withThanos = (raw: Record<string, string>, thanos: unknown, objectStorage: unknown = store) => ({
    ...raw,
    "monitoring:thanos": JSON.stringify(thanos),
    ...(objectStorage ? { "monitoring:objectStorage": JSON.stringify(objectStorage) } : {}),
    "monitoring:objectStorageCredentials": JSON.stringify(keys),
});

describe("monitoring:thanos: checks and the object store file", () => {
    it("refuses Thanos without object storage, without a metrics bucket, on docker, and without Prometheus", () => {
        const prod = { ...readStackFile("prod"), ...fakeSecrets, "monitoring:allowPlaceholders": "true" };
        assert.deepEqual(configProblems({ ...prod, "monitoring:thanos": '{"enabled":true}' }, "prod"), [
            "monitoring:thanos: Thanos needs object storage: set monitoring:objectStorage with buckets.metrics (objectStorage not set)",
        ]);
        assert.deepEqual(
            configProblems(withThanos(prod, { enabled: true }, { endpoint: "http://minio.storage:9000", buckets: { logs: "prod-logs" } }), "prod"),
            ["monitoring:thanos: Thanos needs object storage: set monitoring:objectStorage with buckets.metrics (no metrics bucket)"],
        );
        assert.deepEqual(configProblems({ ...readStackFile("dev"), "monitoring:thanos": '{"enabled":true}' }, "dev"), [
            "monitoring:thanos: Thanos needs platform kubernetes; on docker Prometheus keeps its samples on its own volume (leave thanos out)",
        ]);
        assert.deepEqual(configProblems({ ...withThanos(prod, { enabled: true }), "monitoring:components": '["grafana","loki"]' }, "prod"), [
            "monitoring:thanos: Thanos ships Prometheus' blocks; add prometheus to monitoring:components",
        ]);
        assert.deepEqual(configProblems(withThanos(prod, { enabled: true, retention: { raw: "a month" } }), "prod"), [
            'monitoring:thanos.retention.raw: expected a duration such as 15s, 1m, 30d or 1h30m (units y, w, d, h, m, s, ms) (got "a month")',
        ]);
    });

    it("accepts the how-to's example once its keys are set, and only then", () => {
        const doc = fs.readFileSync(path.join(projectRoot, "docs/how-to/outgrow-one-node.md"), "utf8");
        const example = parse(/```yaml\n([\s\S]*?)```/.exec(doc)![1]).config as Record<string, unknown>;
        const raw = { ...prodRaw(), ...Object.fromEntries(Object.entries(example).map(([k, v]) => [k, JSON.stringify(v)])) };
        const config = parseStackConfig({ ...raw, "monitoring:objectStorageCredentials": JSON.stringify(keys) }, "prod");
        assert.deepEqual([config.thanos.enabled, config.objectStorage?.buckets.metrics], [true, "provisioning-prod-metrics"]);
        assert.equal(configProblems(raw, "prod").length, 1);
    });

    it("adds the Thanos alerts (group stack_thanos) and the Thanos dashboard to a stack with Thanos on, and to no other", () => {
        const prod = { ...readStackFile("prod"), ...fakeSecrets, "monitoring:allowPlaceholders": "true" };
        const alertsAndDashboards = (raw: Record<string, string>) => {
            const config = parseStackConfig(raw, "prod");
            const stack = parse(renderPrometheusRuleFiles(config)["stack-health.yml"]) as { groups: { name: string; rules: { alert?: string }[] }[] };
            const thanosGroup = stack.groups.find((g) => g.name === "stack_thanos");
            return {
                alerts: (thanosGroup?.rules ?? []).map((r) => r.alert),
                dashboards: stackDashboards(config)
                    .map((d) => d.uid)
                    .filter((uid) => uid === "prov-thanos"),
            };
        };
        assert.deepEqual(alertsAndDashboards(withThanos(prod, { enabled: true })), {
            alerts: [
                "ThanosComponentDown",
                "ThanosSidecarBucketOperationsFailed",
                "ThanosSidecarNoConnectionToPrometheus",
                "ThanosQueryErrors",
                "ThanosCompactHalted",
            ],
            dashboards: ["prov-thanos"],
        });
        assert.deepEqual(alertsAndDashboards(prod), { alerts: [], dashboards: [] });
    });

    it("renders Thanos' S3 client config: path style and plain http as the endpoint says", () => {
        const config = parseStackConfig(withThanos(prodRaw(), { enabled: true }), "prod");
        assert.equal(
            renderThanosObjstore(signalBucket(config.objectStorage, "metrics")!, keys),
            [
                "# Generated by the monitoring Pulumi program from the stack config. Do not edit: changes are overwritten.",
                "type: S3",
                "config:",
                "  bucket: prod-metrics",
                "  endpoint: minio.storage:9000",
                "  region: us-east-1",
                "  insecure: true",
                "  access_key: AKIAFAKE0123",
                "  secret_key: fake/secret+key0123",
                "  bucket_lookup_type: path",
                "",
            ].join("\n"),
        );
    });
});

describe("monitoring:thanos on the prod stack (mock engine)", function () {
    this.timeout(120_000);

    it("runs a sidecar per Prometheus replica, Query, a Store Gateway and one Compactor; Grafana reads through Query", async () => {
        const run = await runWithMocks("prod", withThanos(prodRaw(), { enabled: true, retention: { raw: "15d" } }), [
            ...Object.keys(fakeSecrets),
            "monitoring:objectStorageCredentials",
        ]);
        assert.ifError(run.error);
        const prometheus = manifestNamed(run, "kubernetes:apps/v1:StatefulSet", "prometheus").spec.template.spec;
        const main = prometheus.containers.find((c: any) => c.name === "prometheus");
        assert.deepEqual(
            main.args.filter((a: string) => a.includes("block-duration")),
            ["--storage.tsdb.min-block-duration=2h", "--storage.tsdb.max-block-duration=2h"],
        );
        const sidecar = prometheus.containers.find((c: any) => c.name === "thanos-sidecar");
        assert.equal(sidecar.image, "quay.io/thanos/thanos:v0.42.4");
        assert.deepEqual(sidecar.args, [
            "sidecar",
            "--tsdb.path=/prometheus",
            "--prometheus.url=http://127.0.0.1:9090",
            "--objstore.config-file=/etc/thanos/objstore.yml",
            "--grpc-address=:10901",
            "--http-address=:10902",
        ]);
        assert.deepEqual(
            sidecar.volumeMounts.map((m: any) => m.mountPath),
            ["/etc/thanos/objstore.yml", "/prometheus"],
        );
        const args = (name: string) =>
            manifestNamed(run, "kubernetes:apps/v1:Deployment", name).spec.template.spec.containers.find((c: any) => c.name === name).args;
        assert.deepEqual(args("thanos-query"), [
            "query",
            "--grpc-address=:10901",
            "--http-address=:10902",
            "--query.replica-label=prometheus_replica",
            "--query.auto-downsampling",
            "--endpoint=prometheus-0.prometheus-headless:10901",
            "--endpoint=prometheus-1.prometheus-headless:10901",
            "--endpoint=thanos-store:10901",
        ]);
        assert.deepEqual(args("thanos-store"), [
            "store",
            "--data-dir=/data",
            "--objstore.config-file=/etc/thanos/objstore.yml",
            "--grpc-address=:10901",
            "--http-address=:10902",
        ]);
        assert.deepEqual(args("thanos-compactor"), [
            "compact",
            "--wait",
            "--data-dir=/data",
            "--objstore.config-file=/etc/thanos/objstore.yml",
            "--http-address=:10902",
            "--retention.resolution-raw=15d",
            "--retention.resolution-5m=180d",
            "--retention.resolution-1h=1y",
        ]);
        const compactor = manifestNamed(run, "kubernetes:apps/v1:Deployment", "thanos-compactor");
        assert.deepEqual([compactor.spec.replicas, compactor.spec.strategy], [1, { type: "Recreate" }]);
        assert.deepEqual(manifestNamed(run, "kubernetes:core/v1:PersistentVolumeClaim", "thanos-compactor-data").spec.resources, {
            requests: { storage: "20Gi" },
        });
        // The keys: a Secret per pod that reads the bucket, never a ConfigMap, never in plain text anywhere.
        assert.deepEqual(
            manifestsOf(run, "kubernetes:core/v1:Secret")
                .filter((s) => Object.keys(s.stringData ?? {}).includes("etc_thanos_objstore.yml"))
                .map((s) => s.metadata.name)
                .sort(),
            ["prometheus-secrets", "thanos-compactor-secrets", "thanos-store-secrets"],
        );
        const plainText = run.resources.flatMap((r) => plainStrings(r.inputs));
        assert.ok(!plainText.some((t) => t.includes(keys.secretAccessKey) || t.includes(keys.accessKeyId)), "no key in plain text");
        // Prometheus scrapes every sidecar and part, so a failing upload or a halted Compactor shows in its metrics.
        const scrapeJobs = parse(
            manifestNamed(run, "kubernetes:core/v1:ConfigMap", "prometheus-config").data["etc_prometheus_prometheus.yml"],
        ).scrape_configs.filter((j: any) => j.job_name.startsWith("thanos-"));
        assert.deepEqual(scrapeJobs, [
            { job_name: "thanos-sidecar", static_configs: [{ targets: ["prometheus-0.prometheus-headless:10902", "prometheus-1.prometheus-headless:10902"] }] },
            { job_name: "thanos-query", static_configs: [{ targets: ["thanos-query:10902"] }] },
            { job_name: "thanos-store", static_configs: [{ targets: ["thanos-store:10902"] }] },
            { job_name: "thanos-compactor", static_configs: [{ targets: ["thanos-compactor:10902"] }] },
        ]);
        // Every object as the API server's schema wants it, every pod at the restricted Pod Security level.
        assert.deepEqual((await Promise.all(declaredKubernetes(run).map(schemaErrors))).flat(), []);
        for (const name of ["thanos-query", "thanos-store", "thanos-compactor"])
            assert.deepEqual(restrictedViolations(manifestNamed(run, "kubernetes:apps/v1:Deployment", name).spec.template.spec), [], name);
        assert.deepEqual(restrictedViolations(prometheus), [], "prometheus with its sidecar");
        const prometheusSource = run.resources.find((r) => r.type === "grafana:oss/dataSource:DataSource" && r.inputs.uid === "prometheus");
        assert.equal(prometheusSource?.inputs.url, "http://thanos-query:10902");
        // Query admits Grafana and Prometheus; the sidecars' gRPC admits Query alone.
        const policy = manifestNamed(run, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "prometheus");
        const grpcRule = policy.spec.ingress.find((r: any) => r.ports[0].port === 10901);
        assert.deepEqual(grpcRule.from, [
            { podSelector: { matchLabels: { "app.kubernetes.io/instance": "monitoring-prod", "app.kubernetes.io/name": "thanos-query" } } },
        ]);
    });

    it("leaves the prod stack as it was when Thanos is off: no sidecar, no block flags, Grafana on Prometheus", async () => {
        const run = await runWithMocks("prod", prodRaw(), Object.keys(fakeSecrets));
        assert.ifError(run.error);
        const prometheus = manifestNamed(run, "kubernetes:apps/v1:StatefulSet", "prometheus").spec.template.spec;
        assert.deepEqual(
            prometheus.containers.map((c: any) => c.name),
            ["prometheus", "config-reloader"],
        );
        assert.equal(parse(JSON.stringify(prometheus.containers[0].args)).filter((a: string) => a.includes("block-duration")).length, 0);
        assert.equal(
            run.resources.find((r) => r.type === "grafana:oss/dataSource:DataSource" && r.inputs.uid === "prometheus")?.inputs.url,
            "http://prometheus:9090",
        );
    });
});
