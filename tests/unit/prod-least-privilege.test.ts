// Least privilege on Kubernetes: Pod Security `restricted` for the main namespace checked field by field, the node agents
// in their own `privileged` namespace, node_exporter behind kube-rbac-proxy, Alertmanager's advertised address, the
// Grafana Ingress's annotations and secure cookies.
import { strict as assert } from "assert";
import { parse } from "yaml";
import { fileKey } from "../../platform/kubernetes/objects";
import { MockRun, runWithMocks } from "../support/mock-run";
import { fakeSecrets } from "../support/stack-files";
import { restrictedViolations } from "../support/pod-security";
import { declaredKubernetes, manifestNamed, manifestsOf, prodRaw, runProd } from "../support/prod-run";
import { manifestOf } from "../support/kubernetes-schema";

const workloadTypes = ["kubernetes:apps/v1:StatefulSet", "kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:DaemonSet"];
const workloads = (run: MockRun) => workloadTypes.flatMap((t) => manifestsOf(run, t));
const labelsOf = (run: MockRun, namespace: string) => manifestNamed(run, "kubernetes:core/v1:Namespace", namespace).metadata.labels;

describe("least privilege on Kubernetes (mock engine, Pulumi.prod.yaml)", function () {
    this.timeout(60_000);
    let run: MockRun;
    before(async () => {
        run = await runProd();
        assert.ifError(run.error);
    });

    it("enforces, warns and audits Pod Security `restricted` on the main namespace, pinned to v1.33; `privileged` only for the node agents'", () => {
        const levels = (level: string) => ({
            "pod-security.kubernetes.io/audit": level,
            "pod-security.kubernetes.io/audit-version": "v1.33",
            "pod-security.kubernetes.io/enforce": level,
            "pod-security.kubernetes.io/enforce-version": "v1.33",
            "pod-security.kubernetes.io/warn": level,
            "pod-security.kubernetes.io/warn-version": "v1.33",
        });
        const podSecurity = (ns: string) =>
            Object.fromEntries(
                Object.entries(labelsOf(run, ns))
                    .filter(([k]) => k.startsWith("pod-security"))
                    .sort(),
            );
        assert.deepEqual(podSecurity("monitoring"), levels("restricted"));
        assert.deepEqual(podSecurity("monitoring-node"), levels("privileged"));
        const agents = workloads(run)
            .filter((w) => w.metadata.namespace === "monitoring-node")
            .map((w) => w.metadata.name)
            .sort();
        assert.deepEqual(agents, ["node-exporter", "promtail"]);
    });

    it("gives every pod of the main namespace a spec the `restricted` level admits, field by field", () => {
        const main = workloads(run).filter((w) => w.metadata.namespace === "monitoring");
        assert.deepEqual(main.map((w) => w.metadata.name).sort(), [
            "alertmanager",
            "grafana",
            "kube-state-metrics",
            "loki",
            "otel-collector",
            "prometheus",
            "tempo",
        ]);
        for (const w of main) assert.deepEqual(restrictedViolations(w.spec.template.spec), [], w.metadata.name);
    });

    it("has a restricted check that finds each rule broken (it can fail)", () => {
        const good = manifestNamed(run, "kubernetes:apps/v1:StatefulSet", "loki").spec.template.spec;
        const c = (ctx: Record<string, unknown>) => ({
            ...good,
            containers: [{ ...good.containers[0], securityContext: { ...good.containers[0].securityContext, ...ctx } }],
        });
        const broken: [string, Record<string, any>][] = [
            ["hostNetwork", { ...good, hostNetwork: true }],
            ["hostPID", { ...good, hostPID: true }],
            ["hostIPC", { ...good, hostIPC: true }],
            ["hostPath", { ...good, volumes: [...good.volumes, { name: "h", hostPath: { path: "/" } }] }],
            ["hostPort", { ...good, containers: [{ ...good.containers[0], ports: [{ containerPort: 1, hostPort: 1 }] }] }],
            ["privileged", c({ privileged: true })],
            ["escalation", c({ allowPrivilegeEscalation: true })],
            ["root", c({ runAsNonRoot: false })],
            ["uid 0", c({ runAsUser: 0 })],
            ["seccomp", { ...c({ seccompProfile: { type: "Unconfined" } }) }],
            ["capabilities kept", c({ capabilities: {} })],
            ["capability added", c({ capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] } })],
        ];
        for (const [what, spec] of broken) assert.equal(restrictedViolations(spec).length, 1, what);
        assert.deepEqual(restrictedViolations(c({ capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } })), [], "NET_BIND_SERVICE may be added");
    });

    it("puts node_exporter on the node's loopback behind a pinned kube-rbac-proxy that serves TLS on the node's address", () => {
        const spec = manifestNamed(run, "kubernetes:apps/v1:DaemonSet", "node-exporter").spec.template.spec;
        const [exporter, proxy] = spec.containers;
        assert.ok(exporter.args.includes("--web.listen-address=127.0.0.1:9100"));
        assert.equal(exporter.ports.length, 0, "node_exporter publishes no port of its own");
        assert.equal(proxy.name, "kube-rbac-proxy");
        assert.match(proxy.image, /^quay\.io\/brancz\/kube-rbac-proxy:v\d+\.\d+\.\d+$/);
        assert.ok(proxy.args.includes("--secure-listen-address=[$(IP)]:9100"));
        assert.ok(proxy.args.includes("--upstream=http://127.0.0.1:9100/"));
        assert.deepEqual(proxy.env, [{ name: "IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } }]);
        assert.deepEqual(proxy.ports, [{ name: "node-exporter", containerPort: 9100, protocol: "TCP" }]);
        assert.equal(proxy.securityContext.allowPrivilegeEscalation, false);
        assert.deepEqual(proxy.securityContext.capabilities, { drop: ["ALL"] });
    });

    it("scrapes node_exporter over HTTPS with Prometheus' service-account token", () => {
        const yml = parse(manifestNamed(run, "kubernetes:core/v1:ConfigMap", "prometheus-config").data[fileKey("/etc/prometheus/prometheus.yml")]);
        const job = yml.scrape_configs.find((j: any) => j.job_name === "node-exporter");
        assert.equal(job.scheme, "https");
        assert.deepEqual(job.authorization, { credentials_file: "/var/run/secrets/kubernetes.io/serviceaccount/token" });
        assert.deepEqual(job.tls_config, { insecure_skip_verify: true });
        assert.deepEqual(job.kubernetes_sd_configs[0].namespaces.names, ["monitoring-node"]);
        const promtail = yml.scrape_configs.find((j: any) => j.job_name === "promtail");
        assert.equal(promtail.scheme, undefined, "Promtail is scraped as before, in its new namespace");
        assert.deepEqual(promtail.kubernetes_sd_configs[0].namespaces.names, ["monitoring-node"]);
    });

    it("grants exactly four ClusterRoles: token and access reviews to the proxy, `get /metrics` and node metrics to Prometheus, kube-state-metrics' read role (bound per namespace)", () => {
        const roles = manifestsOf(run, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole");
        assert.deepEqual(Object.fromEntries(roles.map((r) => [r.metadata.name, r.rules])), {
            "monitoring-prod-node-exporter-auth-proxy": [
                { apiGroups: ["authentication.k8s.io"], resources: ["tokenreviews"], verbs: ["create"] },
                { apiGroups: ["authorization.k8s.io"], resources: ["subjectaccessreviews"], verbs: ["create"] },
            ],
            "monitoring-prod-prometheus-metrics-reader": [{ nonResourceURLs: ["/metrics"], verbs: ["get"] }],
            "monitoring-prod-prometheus-node-metrics": [
                { apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "watch"] },
                { apiGroups: [""], resources: ["nodes/metrics"], verbs: ["get"] },
            ],
            "monitoring-prod-kube-state-metrics": [
                { apiGroups: [""], resources: ["persistentvolumeclaims", "pods"], verbs: ["list", "watch"] },
                { apiGroups: ["apps"], resources: ["daemonsets", "deployments", "statefulsets"], verbs: ["list", "watch"] },
            ],
        });
        const bindings = manifestsOf(run, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding");
        assert.deepEqual(Object.fromEntries(bindings.map((b) => [b.roleRef.name, b.subjects])), {
            "monitoring-prod-node-exporter-auth-proxy": [{ kind: "ServiceAccount", name: "node-exporter", namespace: "monitoring-node" }],
            "monitoring-prod-prometheus-metrics-reader": [{ kind: "ServiceAccount", name: "prometheus", namespace: "monitoring" }],
            "monitoring-prod-prometheus-node-metrics": [{ kind: "ServiceAccount", name: "prometheus", namespace: "monitoring" }],
        });
    });

    it("has Alertmanager advertise its pod address to its peers", () => {
        const am = manifestNamed(run, "kubernetes:apps/v1:StatefulSet", "alertmanager").spec.template.spec.containers[0];
        assert.ok(am.args.includes("--cluster.advertise-address=$(POD_IP):9094"));
        assert.deepEqual(am.env, [{ name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } }]);
    });

    it("annotates the Grafana Ingress from config (a cert-manager issuer), and sets Grafana's cookies secure behind TLS", async () => {
        assert.equal(manifestNamed(run, "kubernetes:networking.k8s.io/v1:Ingress", "grafana").metadata.annotations, undefined);
        const ingress = JSON.stringify({
            host: "grafana.provisioning.example.com",
            tlsSecretName: "grafana-tls",
            className: "nginx",
            annotations: { "cert-manager.io/cluster-issuer": "letsencrypt", "nginx.ingress.kubernetes.io/proxy-body-size": "8m" },
        });
        const annotated = await runProd({ "monitoring:grafanaIngress": ingress });
        assert.ifError(annotated.error);
        assert.deepEqual(manifestNamed(annotated, "kubernetes:networking.k8s.io/v1:Ingress", "grafana").metadata.annotations, {
            "cert-manager.io/cluster-issuer": "letsencrypt",
            "nginx.ingress.kubernetes.io/proxy-body-size": "8m",
        });
        const ini = manifestNamed(run, "kubernetes:core/v1:ConfigMap", "grafana-config").data[fileKey("/etc/grafana/grafana.ini")];
        assert.match(ini, /^root_url = https:\/\/grafana\.provisioning\.example\.com$/m);
        assert.match(ini, /^cookie_secure = true$/m);
        const { "monitoring:grafanaIngress": _, ...withoutIngress } = prodRaw();
        const plain = await runWithMocks("prod", { ...withoutIngress, "monitoring:grafanaUrl": "http://localhost:3000" }, Object.keys(fakeSecrets));
        assert.ifError(plain.error);
        assert.doesNotMatch(manifestNamed(plain, "kubernetes:core/v1:ConfigMap", "grafana-config").data[fileKey("/etc/grafana/grafana.ini")], /cookie_secure/);
    });

    it("rejects an Ingress annotation key Kubernetes would not accept, before any resource", async () => {
        const bad = await runProd({
            "monitoring:grafanaIngress": JSON.stringify({ host: "g.example.com", tlsSecretName: "t", annotations: { "not a key": "x" } }),
        });
        assert.match(
            bad.error?.message ?? "",
            /monitoring:grafanaIngress\.annotations\.not a key: not an annotation key \(expected keys such as cert-manager\.io\/cluster-issuer\)/,
        );
        assert.equal(bad.resources.length, 0);
    });

    it("declares nothing cluster-wide beyond the four ClusterRoles, three ClusterRoleBindings (kube-state-metrics' role is bound per namespace), and the namespaces", () => {
        const clusterScoped = declaredKubernetes(run)
            .map(manifestOf)
            .filter((o) => !o.metadata.namespace)
            .map((o) => o.kind)
            .sort();
        assert.deepEqual(clusterScoped, [
            "ClusterRole",
            "ClusterRole",
            "ClusterRole",
            "ClusterRole",
            "ClusterRoleBinding",
            "ClusterRoleBinding",
            "ClusterRoleBinding",
            "Namespace",
            "Namespace",
        ]);
    });
});
