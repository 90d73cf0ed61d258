// The cluster watched on Kubernetes: kube-state-metrics (pinned, hardened, read-only on exactly what it exports, in the
// discovery namespaces only), Prometheus' read access to nodes and kubelet metrics, and the scrape jobs that use them.
import { strict as assert } from "assert";
import { parse } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { buildDashboards, dashboardsFor } from "../../dashboards";
import { renderPrometheusConfig } from "../../render/prometheus/config";
import { fileKey } from "../../platform/kubernetes/objects";
import { MockRun, runWithMocks } from "../support/mock-run";
import { manifestOf } from "../support/kubernetes-schema";
import { fakeSecrets, loadStackConfig, readStackFile, placeholdersAllowed } from "../support/stack-files";

const runProd = (change: Record<string, string> = {}) =>
    runWithMocks("prod", { ...readStackFile("prod"), ...placeholdersAllowed, ...fakeSecrets, ...change }, Object.keys(fakeSecrets));
const objects = (run: MockRun, kind: string) => run.resources.filter((r) => r.type.endsWith(`:${kind}`) && r.type.startsWith("kubernetes:")).map(manifestOf);
const jobsOf = (text: string) => Object.fromEntries(parse(text).scrape_configs.map((j: any) => [j.job_name, j]));

describe("the cluster watched on Kubernetes (mock engine)", function () {
    this.timeout(60_000);
    let run: MockRun;
    before(async () => {
        run = await runProd();
        assert.ifError(run.error);
    });

    it("runs kube-state-metrics pinned and hardened, exporting pods, workloads and claims of the stack's and the platform's namespaces only", () => {
        const deployment = objects(run, "Deployment").find((d) => d.metadata.name === "kube-state-metrics")!;
        const pod = deployment.spec.template.spec;
        const [container] = pod.containers;
        assert.equal(container.image, "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0");
        assert.deepEqual(container.args, [
            "--port=8080",
            "--telemetry-port=8081",
            "--resources=daemonsets,deployments,persistentvolumeclaims,pods,statefulsets",
            "--namespaces=monitoring,monitoring-node,provisioning",
        ]);
        assert.equal(pod.serviceAccountName, "kube-state-metrics");
        assert.deepEqual(pod.securityContext, { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepEqual(container.securityContext.capabilities, { drop: ["ALL"] });
        assert.equal(container.securityContext.readOnlyRootFilesystem, true);
        assert.equal(container.securityContext.allowPrivilegeEscalation, false);
        assert.equal(container.readinessProbe.httpGet.port, 8081);
        const policy = objects(run, "NetworkPolicy").find((p) => p.metadata.name === "kube-state-metrics")!;
        assert.deepEqual(policy.spec.ingress[0].from, [
            { podSelector: { matchLabels: { "app.kubernetes.io/instance": "monitoring-prod", "app.kubernetes.io/name": "prometheus" } } },
        ]);
    });

    it("grants kube-state-metrics list and watch on exactly what it exports, bound in each discovery namespace and nowhere else", () => {
        const role = objects(run, "ClusterRole").find((r) => r.metadata.name === "monitoring-prod-kube-state-metrics")!;
        assert.deepEqual(role.rules, [
            { apiGroups: [""], resources: ["persistentvolumeclaims", "pods"], verbs: ["list", "watch"] },
            { apiGroups: ["apps"], resources: ["daemonsets", "deployments", "statefulsets"], verbs: ["list", "watch"] },
        ]);
        const bindings = objects(run, "RoleBinding").filter((b) => b.roleRef.name === "monitoring-prod-kube-state-metrics");
        assert.deepEqual(bindings.map((b) => `${b.metadata.namespace}:${b.roleRef.kind}`).sort(), [
            "monitoring-node:ClusterRole",
            "monitoring:ClusterRole",
            "provisioning:ClusterRole",
        ]);
        for (const b of bindings) assert.deepEqual(b.subjects, [{ kind: "ServiceAccount", name: "kube-state-metrics", namespace: "monitoring" }]);
        assert.ok(!objects(run, "ClusterRoleBinding").some((b) => b.roleRef.name === "monitoring-prod-kube-state-metrics"), "never bound cluster-wide");
    });

    it("lets Prometheus read nodes and their kubelet metrics, cluster-wide and nothing more", () => {
        assert.deepEqual(objects(run, "ClusterRole").find((r) => r.metadata.name === "monitoring-prod-prometheus-node-metrics")!.rules, [
            { apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "watch"] },
            { apiGroups: [""], resources: ["nodes/metrics"], verbs: ["get"] },
        ]);
        const binding = objects(run, "ClusterRoleBinding").find((b) => b.roleRef.name === "monitoring-prod-prometheus-node-metrics")!;
        assert.deepEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "monitoring-prod-prometheus-node-metrics" });
        assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "prometheus", namespace: "monitoring" }]);
    });

    it("scrapes kube-state-metrics, and every node's kubelet and cAdvisor with the pod's token, keeping the watched namespaces' series", () => {
        const configMap = objects(run, "ConfigMap").find((c) => c.metadata.name === "prometheus-config")!;
        const jobs = jobsOf(configMap.data[fileKey("/etc/prometheus/prometheus.yml")]);
        assert.deepEqual(jobs["kube-state-metrics"].static_configs, [{ targets: ["kube-state-metrics:8080"] }]);
        assert.equal(jobs["kube-state-metrics"].honor_labels, true);
        for (const [job, path] of [
            ["kubelet", "/metrics"],
            ["cadvisor", "/metrics/cadvisor"],
        ]) {
            assert.equal(jobs[job].metrics_path, path);
            assert.equal(jobs[job].scheme, "https");
            assert.deepEqual(jobs[job].kubernetes_sd_configs, [{ role: "node" }]);
            assert.deepEqual(jobs[job].authorization, { credentials_file: "/var/run/secrets/kubernetes.io/serviceaccount/token" });
            assert.deepEqual(jobs[job].relabel_configs, [{ source_labels: ["__meta_kubernetes_node_name"], target_label: "instance" }]);
            assert.deepEqual(jobs[job].metric_relabel_configs[1], {
                source_labels: ["namespace"],
                regex: "monitoring|monitoring-node|provisioning",
                action: "keep",
            });
        }
        assert.equal(
            jobs.kubelet.metric_relabel_configs[0].regex,
            "kubelet_volume_stats_available_bytes|kubelet_volume_stats_capacity_bytes|kubelet_volume_stats_used_bytes",
        );
        assert.deepEqual(jobs.cadvisor.metric_relabel_configs[2], { source_labels: ["container"], regex: "|POD", action: "drop" });
    });

    it("deploys the Kubernetes Workloads dashboard on Kubernetes stacks only", () => {
        const uids = run.resources.filter((r) => r.type === "grafana:oss/dashboard:Dashboard").map((r) => JSON.parse(r.inputs.configJson).uid);
        assert.ok(uids.includes("prov-kubernetes"), "on the prod stack");
        assert.ok(dashboardsFor("kubernetes", buildDashboards()).some((d) => d.uid === "prov-kubernetes"));
        assert.ok(!dashboardsFor("docker", buildDashboards()).some((d) => d.uid === "prov-kubernetes"), "not on Docker, where its metrics do not exist");
        assert.equal(dashboardsFor("docker", buildDashboards()).length, dashboardsFor("kubernetes", buildDashboards()).length - 1);
    });

    it("watches nothing of the cluster without Prometheus, and nothing at all on Docker", async () => {
        const withoutPrometheus = await runProd({ "monitoring:components": JSON.stringify(["grafana", "loki", "promtail"]) });
        assert.ifError(withoutPrometheus.error);
        assert.equal(objects(withoutPrometheus, "ClusterRole").length, 0);
        assert.ok(!objects(withoutPrometheus, "Deployment").some((d) => d.metadata.name === "kube-state-metrics"));
        const dev = jobsOf(renderPrometheusConfig(loadStackConfig("dev")));
        for (const job of ["kube-state-metrics", "kubelet", "cadvisor"]) assert.equal(dev[job], undefined, job);
        const kubernetes = jobsOf(
            renderPrometheusConfig(
                parseStackConfig(
                    { "monitoring:platform": "kubernetes", "monitoring:grafanaUrl": "http://localhost:3000", "monitoring:allowNoHeartbeat": "true" },
                    "k",
                ),
            ),
        );
        for (const job of ["kube-state-metrics", "kubelet", "cadvisor"]) assert.ok(kubernetes[job], job);
    });
});
