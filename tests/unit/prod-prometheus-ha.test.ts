// Prometheus on Kubernetes as kube-prometheus runs it: two replicas with their own claims, a replica label dropped for
// alerting, a disruption budget, spread over nodes, config and rules reloaded in place by signal (no lifecycle API).
import { strict as assert } from "assert";
import { parse } from "yaml";
import { fileKey } from "../../platform/kubernetes/objects";
import { MockRun, runWithMocks } from "../support/mock-run";
import { manifestNamed, manifestsOf, runProd, statefulSet } from "../support/prod-run";
import { readStackFile } from "../support/stack-files";

const prometheusYml = (run: MockRun) =>
    parse(manifestNamed(run, "kubernetes:core/v1:ConfigMap", "prometheus-config").data[fileKey("/etc/prometheus/prometheus.yml")]);
const podSpec = (run: MockRun) => statefulSet(run, "prometheus").spec.template.spec;
const container = (run: MockRun, name: string) => podSpec(run).containers.find((c: any) => c.name === name);

describe("Prometheus HA on Kubernetes (mock engine, Pulumi.prod.yaml)", function () {
    this.timeout(60_000);
    let run: MockRun;
    before(async () => {
        run = await runProd();
        assert.ifError(run.error);
    });

    it("runs two replicas, each with its own claim, spread over nodes, one disrupted at a time", () => {
        const set = statefulSet(run, "prometheus");
        assert.equal(set.spec.replicas, 2);
        assert.equal(set.spec.volumeClaimTemplates.length, 1, "a claim per replica from the template");
        assert.equal(podSpec(run).topologySpreadConstraints[0].topologyKey, "kubernetes.io/hostname");
        const budget = manifestNamed(run, "kubernetes:policy/v1:PodDisruptionBudget", "prometheus");
        assert.equal(budget.spec.maxUnavailable, 1);
        assert.deepEqual(budget.spec.selector.matchLabels, set.spec.selector.matchLabels);
    });

    it("labels each replica's series and alerts with its pod name, and drops that label for Alertmanager so it deduplicates", () => {
        const doc = prometheusYml(run);
        assert.equal(doc.global.external_labels.prometheus_replica, "${POD_NAME}");
        assert.deepEqual(doc.alerting.alert_relabel_configs, [{ regex: "prometheus_replica", action: "labeldrop" }]);
        assert.deepEqual(container(run, "prometheus").env, [{ name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }]);
    });

    it("has each replica scrape both, so the survivor reports PrometheusDown (up == 0) for the one that is gone", () => {
        const job = prometheusYml(run).scrape_configs.find((j: any) => j.job_name === "prometheus");
        assert.deepEqual(job.static_configs[0].targets, ["prometheus-0.prometheus-headless:9090", "prometheus-1.prometheus-headless:9090"]);
    });

    it("has Tempo write its span metrics to both replicas, since Grafana's queries reach either", () => {
        const tempo = parse(manifestNamed(run, "kubernetes:core/v1:ConfigMap", "tempo-config").data[fileKey("/etc/tempo/tempo.yml")]);
        assert.deepEqual(
            tempo.metrics_generator.storage.remote_write.map((w: any) => w.url),
            ["http://prometheus-0.prometheus-headless:9090/api/v1/write", "http://prometheus-1.prometheus-headless:9090/api/v1/write"],
        );
    });

    it("mounts config and rules as one directory (no subPath) that the kubelet updates in place", () => {
        const mounts = container(run, "prometheus").volumeMounts.filter((m: any) => m.name === "config");
        assert.deepEqual(mounts, [{ name: "config", mountPath: "/etc/prometheus", readOnly: true }]);
        const volume = podSpec(run).volumes.find((v: any) => v.name === "config");
        const paths = volume.configMap.items.map((i: any) => i.path);
        assert.ok(paths.includes("prometheus.yml"));
        assert.ok(paths.filter((p: string) => /^rules\/[^/]+\.yml$/.test(p)).length >= 3, "the rule files under rules/");
        for (const c of podSpec(run).containers) for (const m of c.volumeMounts ?? []) assert.equal(m.subPath, undefined, `${c.name} ${m.mountPath}`);
    });

    it("reloads in place by signal: a pinned prometheus-config-reloader in a shared process namespace, as the same user", () => {
        const reloader = container(run, "config-reloader");
        assert.match(reloader.image, /^quay\.io\/prometheus-operator\/prometheus-config-reloader:v\d+\.\d+\.\d+$/);
        assert.deepEqual(reloader.args, [
            "--listen-address=:8080",
            "--reload-method=signal",
            "--process-executable-name=prometheus",
            "--runtimeinfo-url=http://127.0.0.1:9090/api/v1/status/runtimeinfo",
            "--config-file=/etc/prometheus/prometheus.yml",
            "--watched-dir=/etc/prometheus/rules",
        ]);
        assert.equal(podSpec(run).shareProcessNamespace, true);
        assert.equal(
            reloader.securityContext.runAsUser,
            container(run, "prometheus").securityContext.runAsUser,
            "a signal to the same user needs no capability",
        );
        assert.deepEqual(reloader.volumeMounts, [{ name: "config", mountPath: "/etc/prometheus", readOnly: true }]);
    });

    it("has no lifecycle API (/-/reload, /-/quit) for any pod to call, and no policy admits anyone to the reloader", () => {
        for (const c of podSpec(run).containers) assert.ok(!(c.args ?? []).includes("--web.enable-lifecycle"), c.name);
        const policy = manifestNamed(run, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "prometheus");
        const ports = policy.spec.ingress.flatMap((r: any) => r.ports.map((p: any) => p.port));
        assert.deepEqual([...new Set(ports)], [9090]);
    });

    it("does not restart Prometheus for a config or rule change: only the ConfigMap changes", async () => {
        const before = statefulSet(run, "prometheus");
        assert.equal(before.spec.template.metadata.annotations["checksum/config"], undefined);
        const config = await runProd({ "monitoring:scrapeInterval": "30s" });
        const rules = await runProd({ "monitoring:platformAlertsEvaluator": "prometheus" });
        for (const changed of [config, rules]) {
            assert.ifError(changed.error);
            assert.notDeepEqual(
                manifestNamed(changed, "kubernetes:core/v1:ConfigMap", "prometheus-config").data,
                manifestNamed(run, "kubernetes:core/v1:ConfigMap", "prometheus-config").data,
            );
            assert.deepEqual(statefulSet(changed, "prometheus").spec.template, before.spec.template);
        }
        const ruleFiles = (r: MockRun) =>
            Object.entries(manifestNamed(r, "kubernetes:core/v1:ConfigMap", "prometheus-config").data as Record<string, string>).filter(([k]) =>
                k.includes("_rules_"),
            );
        assert.notDeepEqual(ruleFiles(rules), ruleFiles(run), "the platform's rules moved into Prometheus' rule files");
    });

    it("keeps one Prometheus, without a replica label or lifecycle API, on Docker", async () => {
        const dev = await runWithMocks("dev", readStackFile("dev"));
        assert.ifError(dev.error);
        const containers = dev.resources.filter((r) => r.type === "docker:index/container:Container" && r.name.endsWith("prometheus"));
        assert.equal(containers.length, 1);
        assert.ok(!containers[0].inputs.command.includes("--web.enable-lifecycle"));
        const yml = containers[0].inputs.uploads.find((u: any) => u.file === "/etc/prometheus/prometheus.yml").content;
        assert.doesNotMatch(yml, /prometheus_replica/);
        assert.equal(manifestsOf(dev, "kubernetes:apps/v1:StatefulSet").length, 0);
    });
});
