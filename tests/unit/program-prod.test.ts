// The prod stack (tests/fixtures/stacks/Pulumi.prod.yaml) on Kubernetes, under the mock engine: every object schema-valid, hardened,
// persistent, isolated, and fed the same rendered files as dev.
import { strict as assert } from "assert";
import { parse } from "yaml";
import { componentNames } from "../../model/config/catalog";
import { fileKey } from "../../platform/kubernetes/objects";
import { renderStackFiles } from "../../render/stack-files";
import { generatedPassword, MockRun, RecordedResource, runWithMocks } from "../support/mock-run";
import { manifestOf, schemaErrors } from "../support/kubernetes-schema";
import { plainStrings } from "../support/secrets";
import { fakeSecrets, loadStackConfig, readStackFile, placeholdersAllowed } from "../support/stack-files";

const prodRaw = () => ({ ...readStackFile("prod"), ...placeholdersAllowed, ...fakeSecrets });
const runProd = (change: Record<string, string> = {}) => runWithMocks("prod", { ...prodRaw(), ...change }, Object.keys(fakeSecrets));

const kubernetesResources = (run: MockRun) => run.resources.filter((r) => r.type.startsWith("kubernetes:") && !r.readId);
const objectsOf = (run: MockRun, kind: string) =>
    kubernetesResources(run)
        .filter((r) => r.type.endsWith(`:${kind}`))
        .map(manifestOf);
/** The node agents' namespace (`<namespace>-node`). */
const nodeNamespace = "monitoring-node";
const nodeAgents = ["node-exporter", "promtail"];
function objectNamed(
    run: MockRun,
    kind: string,
    name: string,
    namespace = nodeAgents.includes(name) || nodeAgents.some((a) => name.startsWith(`${a}-`)) ? nodeNamespace : "monitoring",
): Record<string, any> {
    const found = objectsOf(run, kind).find((o) => o.metadata.name === name && (o.metadata.namespace ?? namespace) === namespace);
    assert.ok(found, `a ${kind} ${namespace}/${name}`);
    return found;
}
const workloadsOf = (run: MockRun) => ["StatefulSet", "Deployment", "DaemonSet"].flatMap((kind) => objectsOf(run, kind));
const podSpec = (workload: Record<string, any>) => workload.spec.template.spec;

describe("prod stack on Kubernetes (mock engine)", function () {
    this.timeout(60_000);
    let run: MockRun;
    before(async () => {
        run = await runProd();
        assert.ifError(run.error);
    });

    it("checks every Kubernetes object against the Kubernetes OpenAPI schema (kubernetes-models)", async () => {
        const resources = kubernetesResources(run);
        assert.ok(resources.length > 40, `only ${resources.length} Kubernetes objects`);
        const errors = (await Promise.all(resources.map(schemaErrors))).flat();
        assert.deepEqual(errors, []);
    });

    it("rejects an object the schema does not allow (the check above can fail)", async () => {
        const service = kubernetesResources(run).find((r) => r.type === "kubernetes:core/v1:Service")!;
        const broken: RecordedResource = { ...service, inputs: { ...service.inputs, spec: { ...service.inputs.spec, ports: [{ port: "http" }] } } };
        assert.equal((await schemaErrors(broken)).length, 1);
    });

    it("puts every namespaced object in the configured namespace, the node agents' in <namespace>-node, the discovery Roles where they discover", () => {
        assert.deepEqual(
            objectsOf(run, "Namespace").map((n) => n.metadata.name),
            ["monitoring", nodeNamespace],
        );
        for (const r of kubernetesResources(run)
            .map(manifestOf)
            .filter((o) => !["Namespace", "ClusterRole", "ClusterRoleBinding"].includes(o.kind))) {
            const component = r.metadata.labels?.["app.kubernetes.io/name"];
            const home = nodeAgents.includes(component) ? nodeNamespace : "monitoring";
            const expected = r.kind === "Role" || r.kind === "RoleBinding" ? ["monitoring", "provisioning", nodeNamespace] : [home];
            if (r.metadata.name === "default-deny-ingress") continue;
            assert.ok(expected.includes(r.metadata.namespace), `${r.kind} ${r.metadata.name} in ${r.metadata.namespace}`);
        }
        assert.deepEqual(
            objectsOf(run, "NetworkPolicy")
                .filter((p) => p.metadata.name === "default-deny-ingress")
                .map((p) => p.metadata.namespace),
            ["monitoring", nodeNamespace],
        );
    });

    it("runs Prometheus, Alertmanager, Loki and Tempo as StatefulSets with claim templates, Grafana as a Deployment with its claim, the OTLP collector as a Deployment, the node agents as DaemonSets", () => {
        assert.deepEqual(
            objectsOf(run, "StatefulSet")
                .map((s) => s.metadata.name)
                .sort(),
            ["alertmanager", "loki", "prometheus", "tempo"],
        );
        assert.deepEqual(
            objectsOf(run, "Deployment")
                .map((s) => s.metadata.name)
                .sort(),
            ["grafana", "kube-state-metrics", "otel-collector"],
        );
        assert.deepEqual(
            objectsOf(run, "DaemonSet")
                .map((s) => s.metadata.name)
                .sort(),
            ["node-exporter", "promtail"],
        );
        for (const set of objectsOf(run, "StatefulSet")) {
            const [claim] = set.spec.volumeClaimTemplates;
            assert.deepEqual(claim.spec.accessModes, ["ReadWriteOnce"]);
            assert.deepEqual(set.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" });
            assert.equal(set.spec.serviceName, `${set.metadata.name}-headless`);
        }
        const grafana = objectNamed(run, "Deployment", "grafana");
        assert.equal(grafana.spec.strategy.type, "Recreate", "one writer on the ReadWriteOnce claim");
        assert.ok(podSpec(grafana).volumes.some((v: any) => v.persistentVolumeClaim?.claimName === "grafana-data"));
    });

    it("takes storage class and sizes from config", async () => {
        const sized = await runProd({ "monitoring:storageClass": "fast-ssd", "monitoring:storageSizes": '{"loki":"80Gi"}' });
        assert.ifError(sized.error);
        assert.equal(objectNamed(sized, "StatefulSet", "loki").spec.volumeClaimTemplates[0].spec.resources.requests.storage, "80Gi");
        for (const set of objectsOf(sized, "StatefulSet")) assert.equal(set.spec.volumeClaimTemplates[0].spec.storageClassName, "fast-ssd");
        assert.equal(objectNamed(sized, "PersistentVolumeClaim", "grafana-data").spec.storageClassName, "fast-ssd");
    });

    it("gives each component a Service on its ports, and the StatefulSets a headless Service for stable replica names", () => {
        const services = objectsOf(run, "Service")
            .map((s) => s.metadata.name)
            .sort();
        assert.deepEqual(
            services,
            [
                ...componentNames,
                "kube-state-metrics",
                "otel-collector",
                "alertmanager-headless",
                "loki-headless",
                "prometheus-headless",
                "tempo-headless",
            ].sort(),
        );
        const headless = objectNamed(run, "Service", "alertmanager-headless");
        assert.equal(headless.spec.clusterIP, "None");
        assert.equal(headless.spec.publishNotReadyAddresses, true);
    });

    it("hardens every container: pinned image, requests and limits, probes, non-root, read-only root, no capabilities, no escalation", () => {
        const workloads = workloadsOf(run);
        assert.equal(workloads.length, 9);
        for (const w of workloads) {
            const spec = podSpec(w);
            assert.equal(spec.securityContext.runAsNonRoot, true, w.metadata.name);
            assert.equal(spec.securityContext.seccompProfile.type, "RuntimeDefault");
            for (const c of spec.containers) {
                const where = `${w.metadata.name}/${c.name}`;
                assert.match(c.image, /^[^:]+:[^:]+$/, `${where}: pinned image`);
                assert.doesNotMatch(c.image, /:latest$/);
                for (const side of ["requests", "limits"]) for (const r of ["cpu", "memory"]) assert.ok(c.resources[side][r], `${where}: ${side}.${r}`);
                const probed = (p: any) => p?.httpGet?.port ?? p?.tcpSocket?.port;
                assert.ok(probed(c.livenessProbe) && probed(c.readinessProbe) && probed(c.startupProbe), `${where}: probes`);
                // node_exporter answers on the node's loopback only (its proxy holds the port): probed there, on the host network.
                const loopback = c.readinessProbe.httpGet?.host === "127.0.0.1" && spec.hostNetwork === true;
                assert.ok(loopback || c.ports.some((p: any) => p.containerPort === probed(c.readinessProbe)), `${where}: probes its own port`);
                assert.deepEqual(c.securityContext.capabilities, { drop: ["ALL"] }, where);
                assert.equal(c.securityContext.allowPrivilegeEscalation, false, where);
                assert.equal(c.securityContext.readOnlyRootFilesystem, true, where);
                assert.equal(c.securityContext.runAsNonRoot, true, where);
                assert.notEqual(c.securityContext.runAsUser, 0, where);
                assert.ok(!("privileged" in c.securityContext), where);
            }
        }
    });

    it("probes each component's own health endpoint, giving Prometheus its WAL replay before liveness counts", () => {
        const probes = (name: string) => podSpec(workloadsOf(run).find((w) => w.metadata.name === name)!).containers[0];
        assert.equal(probes("prometheus").readinessProbe.httpGet.path, "/-/ready");
        assert.equal(probes("prometheus").livenessProbe.httpGet.path, "/-/healthy");
        assert.equal(probes("grafana").readinessProbe.httpGet.path, "/api/health");
        assert.equal(probes("loki").readinessProbe.httpGet.path, "/ready");
        assert.equal(probes("tempo").readinessProbe.httpGet.path, "/ready");
        assert.ok(probes("prometheus").startupProbe.failureThreshold * probes("prometheus").startupProbe.periodSeconds >= 600);
    });

    it("gives Node Exporter the documented host access and nothing more: host PID and network, /, /proc and /sys read-only", () => {
        const spec = podSpec(objectNamed(run, "DaemonSet", "node-exporter"));
        assert.equal(spec.hostPID, true);
        assert.equal(spec.hostNetwork, true);
        assert.deepEqual(spec.tolerations, [{ operator: "Exists" }], "every node, control plane included");
        const hostPaths = spec.volumes
            .filter((v: any) => v.hostPath)
            .map((v: any) => v.hostPath.path)
            .sort();
        assert.deepEqual(hostPaths, ["/", "/proc", "/sys"]);
        for (const m of spec.containers[0].volumeMounts) assert.equal(m.readOnly, true, m.mountPath);
        assert.equal(spec.automountServiceAccountToken, true, "kube-rbac-proxy reviews each scraper's token");
    });

    it("lets Promtail tail the pods of its own node and read the node's logs read-only, without root", () => {
        const spec = podSpec(objectNamed(run, "DaemonSet", "promtail"));
        const env = spec.containers[0].env;
        assert.deepEqual(env, [{ name: "HOSTNAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }]);
        // Positions on the node, the journals tolerated where missing: tests/unit/log-agent-kubernetes.test.ts.
        assert.deepEqual(
            spec.volumes.filter((v: any) => v.hostPath).map((v: any) => v.hostPath.path),
            ["/var/lib/monitoring-prod-promtail/positions", "/var/log", "/run/log/journal", "/etc/machine-id"],
        );
        assert.notEqual(spec.securityContext.runAsUser, 0);
        const promtail = parse(objectNamed(run, "ConfigMap", "promtail-config").data[fileKey("/etc/promtail/promtail.yml")]);
        const pods = promtail.scrape_configs.find((j: any) => j.job_name === "kubernetes-pods");
        assert.deepEqual(pods.kubernetes_sd_configs, [{ role: "pod", namespaces: { names: ["monitoring", "provisioning"] } }]);
        assert.ok(pods.relabel_configs.some((r: any) => r.target_label === "__host__" && r.source_labels[0] === "__meta_kubernetes_pod_node_name"));
    });

    it("discovers annotated pods and services in the stack's and the platform's namespaces, with read-only Roles there and cluster-wide only what reads nodes", () => {
        const prometheus = parse(objectNamed(run, "ConfigMap", "prometheus-config").data[fileKey("/etc/prometheus/prometheus.yml")]);
        const jobs = Object.fromEntries(prometheus.scrape_configs.map((j: any) => [j.job_name, j]));
        assert.equal(jobs["kubernetes-pods"].kubernetes_sd_configs[0].role, "pod");
        assert.equal(jobs["kubernetes-service-endpoints"].kubernetes_sd_configs[0].role, "endpointslice");
        for (const job of ["kubernetes-pods", "kubernetes-service-endpoints"]) {
            assert.deepEqual(jobs[job].kubernetes_sd_configs[0].namespaces.names, ["monitoring", "provisioning"]);
            assert.equal(jobs[job].relabel_configs[0].action, "keep");
            assert.match(jobs[job].relabel_configs[0].source_labels[0], /annotation_prometheus_io_scrape$/);
        }
        // Cluster-wide: Node Exporter's proxy reviews callers, Prometheus may get /metrics and read nodes (tests/unit/kubernetes-cluster-monitoring.test.ts), kube-state-metrics' role is bound per namespace.
        assert.deepEqual(
            objectsOf(run, "ClusterRole")
                .map((r) => r.metadata.name)
                .sort(),
            [
                "monitoring-prod-kube-state-metrics",
                "monitoring-prod-node-exporter-auth-proxy",
                "monitoring-prod-prometheus-metrics-reader",
                "monitoring-prod-prometheus-node-metrics",
            ],
        );
        const roles = objectsOf(run, "Role");
        assert.deepEqual(roles.map((r) => `${r.metadata.namespace}/${r.metadata.name}`).sort(), [
            "monitoring-node/monitoring-prod-prometheus-discovery",
            "monitoring/monitoring-prod-prometheus-discovery",
            "monitoring/monitoring-prod-promtail-discovery",
            "provisioning/monitoring-prod-prometheus-discovery",
            "provisioning/monitoring-prod-promtail-discovery",
        ]);
        for (const role of roles) {
            for (const rule of role.rules) assert.deepEqual(rule.verbs, ["get", "list", "watch"]);
            const resources = role.rules.flatMap((r: any) => r.resources).sort();
            const expected = role.metadata.name.includes("promtail") ? ["pods"] : ["endpoints", "endpointslices", "pods", "services"];
            assert.deepEqual(resources, expected, role.metadata.name);
        }
        for (const binding of objectsOf(run, "RoleBinding").filter((b) => b.roleRef.kind === "Role")) {
            const subject = binding.metadata.name.split("-")[2];
            assert.deepEqual(
                binding.subjects.map((s: any) => `${s.namespace}/${s.name}`),
                [`${nodeAgents.includes(subject) ? nodeNamespace : "monitoring"}/${subject}`],
            );
        }
        const tokens = Object.fromEntries(objectsOf(run, "ServiceAccount").map((s) => [s.metadata.name, s.automountServiceAccountToken]));
        assert.deepEqual(
            Object.keys(tokens)
                .filter((n) => tokens[n])
                .sort(),
            ["kube-state-metrics", "node-exporter", "prometheus", "promtail"],
            "only the discoverers, the cluster-state reader and Node Exporter's proxy hold an API token",
        );
    });

    it("scrapes every node's agents by pod, and sends alerts to and scrapes each of the three Alertmanagers", () => {
        const prometheus = parse(objectNamed(run, "ConfigMap", "prometheus-config").data[fileKey("/etc/prometheus/prometheus.yml")]);
        const jobs = Object.fromEntries(prometheus.scrape_configs.map((j: any) => [j.job_name, j]));
        for (const agent of ["node-exporter", "promtail"]) {
            assert.equal(jobs[agent].kubernetes_sd_configs[0].role, "pod", agent);
            assert.ok(jobs[agent].relabel_configs.some((r: any) => r.action === "keep" && r.regex === agent));
        }
        const replicas = ["alertmanager-0", "alertmanager-1", "alertmanager-2"].map((p) => `${p}.alertmanager-headless:9093`);
        assert.deepEqual(prometheus.alerting.alertmanagers[0].static_configs[0].targets, replicas);
        assert.deepEqual(jobs.alertmanager.static_configs[0].targets, replicas);
        // Each replica of the platform's services (tests/unit/platform-pod-discovery.test.ts).
        for (const job of ["provisioning-orchestrator", "provisioning-control-center", "provisioning-vault-service"]) {
            assert.equal(jobs[job].kubernetes_sd_configs[0].role, "endpointslice", job);
        }
    });

    it("clusters three Alertmanagers through the headless Service, spread over nodes, with a disruption budget", () => {
        const am = objectNamed(run, "StatefulSet", "alertmanager");
        assert.equal(am.spec.replicas, 3);
        assert.equal(am.spec.podManagementPolicy, "Parallel");
        const args: string[] = podSpec(am).containers[0].args;
        assert.deepEqual(
            args.filter((a) => a.startsWith("--cluster.peer=")),
            [0, 1, 2].map((i) => `--cluster.peer=alertmanager-${i}.alertmanager-headless:9094`),
        );
        assert.ok(args.includes("--cluster.listen-address=0.0.0.0:9094"));
        assert.equal(podSpec(am).topologySpreadConstraints[0].topologyKey, "kubernetes.io/hostname");
        const pdbs = objectsOf(run, "PodDisruptionBudget");
        assert.deepEqual(
            pdbs.map((p) => [p.metadata.name, p.spec.maxUnavailable]).sort(),
            [
                ["alertmanager", 1],
                ["prometheus", 1],
            ],
            "a budget for the replicated components only",
        );
        assert.deepEqual(pdbs.find((p) => p.metadata.name === "alertmanager")!.spec.selector.matchLabels, am.spec.selector.matchLabels);
    });

    it("keeps files in ConfigMaps and credentials in Secrets: the rendered files, byte for byte, no credential in plain text", () => {
        const rendered = renderStackFiles(loadStackConfig("prod", ["smtpPassword"]));
        for (const [relative, content] of Object.entries(rendered)) {
            const component = relative.split("/")[0];
            assert.equal(objectNamed(run, "ConfigMap", `${component}-config`).data[fileKey(`/etc/${relative}`)], content, relative);
        }
        const secretResources = kubernetesResources(run).filter((r) => r.type === "kubernetes:core/v1:Secret");
        assert.deepEqual(secretResources.map((r) => r.inputs.metadata.name).sort(), ["alertmanager-secrets", "grafana-secrets"]);
        const amSecret = manifestOf(secretResources.find((r) => r.inputs.metadata.name === "alertmanager-secrets")!);
        assert.equal(amSecret.stringData[fileKey("/etc/alertmanager/secrets/pagerduty-service-key")], fakeSecrets["monitoring:pagerdutyServiceKey"]);
        const plain = run.resources.flatMap((r) => plainStrings(r.inputs));
        for (const value of [...Object.values(fakeSecrets), generatedPassword])
            assert.ok(!plain.some((s) => s.includes(value)), `${value} only inside secrets`);
    });

    it("rolls the pods that read a file when it changes, and never touches a claim", async () => {
        const changed = await runProd({ "monitoring:lokiRetention": "240h" });
        assert.ifError(changed.error);
        const annotation = (r: MockRun, name: string) => objectNamed(r, "StatefulSet", name).spec.template.metadata.annotations["checksum/config"];
        assert.notEqual(annotation(changed, "loki"), annotation(run, "loki"), "loki.yml changed: its pods roll");
        assert.equal(annotation(changed, "tempo"), annotation(run, "tempo"), "tempo.yml did not change: its pods stay");
        for (const set of objectsOf(run, "StatefulSet")) {
            assert.deepEqual(objectNamed(changed, "StatefulSet", set.metadata.name).spec.volumeClaimTemplates, set.spec.volumeClaimTemplates);
        }
        assert.deepEqual(objectNamed(changed, "PersistentVolumeClaim", "grafana-data"), objectNamed(run, "PersistentVolumeClaim", "grafana-data"));
        const secretsHash = (r: MockRun) => objectNamed(r, "StatefulSet", "alertmanager").spec.template.metadata.annotations["checksum/secrets"];
        assert.match(secretsHash(run), /^[0-9a-f]{64}$/, "the credentials' hash is shown, keyed so it reveals nothing");
        const rotated = await runProd({ "monitoring:pagerdutyServiceKey": "rotated-pagerduty-key" });
        assert.notEqual(secretsHash(rotated), secretsHash(run), "a rotated credential rolls Alertmanager");
    });

    it("keeps claims and the namespace through `pulumi destroy`, not the StatefulSets (their claims outlive them; E2E.md bug 4)", () => {
        const retained = kubernetesResources(run)
            .filter((r) => r.options.retainOnDelete === true)
            .map((r) => `${manifestOf(r).kind}/${r.inputs.metadata.name}`)
            .sort();
        assert.deepEqual(retained, [
            "Namespace/monitoring",
            // Claim patches are never undone: deleting one would try to take the size off its claim.
            "PersistentVolumeClaim/data-alertmanager-0",
            "PersistentVolumeClaim/data-alertmanager-1",
            "PersistentVolumeClaim/data-alertmanager-2",
            "PersistentVolumeClaim/data-loki-0",
            "PersistentVolumeClaim/data-prometheus-0",
            "PersistentVolumeClaim/data-prometheus-1",
            "PersistentVolumeClaim/data-tempo-0",
            "PersistentVolumeClaim/grafana-data",
        ]);
    });

    it("admits only the flows the stack needs: deny by default, each port open to its clients", () => {
        const deny = objectNamed(run, "NetworkPolicy", "default-deny-ingress");
        assert.deepEqual(deny.spec, { podSelector: {}, policyTypes: ["Ingress"] });
        const from = (component: string, port: number) =>
            objectNamed(run, "NetworkPolicy", component)
                .spec.ingress.filter((rule: any) => rule.ports.some((p: any) => p.port === port))
                .flatMap((rule: any) => rule.from)
                .map(
                    (peer: any) =>
                        peer.podSelector?.matchLabels["app.kubernetes.io/name"] ??
                        peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] ??
                        peer.namespaceSelector?.matchExpressions[0].values.join(","),
                )
                .sort();
        assert.deepEqual(from("loki", 3100), ["grafana", "otel-collector", "prometheus", "promtail", "provisioning"]);
        assert.deepEqual(from("alertmanager", 9093), ["grafana", "loki", "prometheus"]);
        assert.deepEqual(from("alertmanager", 9094), ["alertmanager"], "gossip between the replicas only");
        assert.deepEqual(from("grafana", 3000), ["ingress-nginx", "prometheus"]);
        assert.deepEqual(from("tempo", 4317), ["provisioning"]);
        assert.deepEqual(from("tempo", 4318), ["otel-collector", "provisioning"]);
        assert.deepEqual(from("prometheus", 9090), ["grafana", "otel-collector", "prometheus", "provisioning", "tempo"], "the replicas scrape each other");
        // The stack's one OTLP endpoint takes the platform's services; Prometheus scrapes its own metrics.
        assert.deepEqual(from("otel-collector", 4317), ["provisioning"]);
        assert.deepEqual(from("otel-collector", 4318), ["provisioning"]);
        assert.deepEqual(from("otel-collector", 8888), ["prometheus"]);
        assert.deepEqual(from("node-exporter", 9100), ["prometheus"]);
        assert.deepEqual(from("promtail", 9080), ["prometheus"]);
        // Across the stack's two namespaces a peer is named by its namespace too (pod labels alone match only the policy's own).
        const peer = (component: string, client: string) =>
            objectNamed(run, "NetworkPolicy", component)
                .spec.ingress.flatMap((r: any) => r.from)
                .find((p: any) => p.podSelector?.matchLabels["app.kubernetes.io/name"] === client);
        assert.deepEqual(peer("loki", "promtail").namespaceSelector, { matchLabels: { "kubernetes.io/metadata.name": nodeNamespace } });
        assert.deepEqual(peer("promtail", "prometheus").namespaceSelector, { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } });
        assert.equal(peer("loki", "grafana").namespaceSelector, undefined);
        for (const policy of objectsOf(run, "NetworkPolicy")) assert.deepEqual(policy.spec.policyTypes, ["Ingress"]);
    });

    it("publishes Grafana through an Ingress with the configured host and TLS secret, and points the Grafana provider at it", () => {
        const ingress = objectNamed(run, "Ingress", "grafana");
        assert.deepEqual(ingress.spec.tls, [{ hosts: ["grafana.provisioning.example.com"], secretName: "grafana-tls" }]);
        assert.equal(ingress.spec.ingressClassName, "nginx");
        assert.deepEqual(ingress.spec.rules[0].http.paths[0].backend, { service: { name: "grafana", port: { number: 3000 } } });
        const provider = run.resources.find((r) => r.type === "pulumi:providers:grafana")!;
        assert.equal(provider.inputs.url, "https://grafana.provisioning.example.com");
        const ini = objectNamed(run, "ConfigMap", "grafana-config").data[fileKey("/etc/grafana/grafana.ini")];
        assert.match(ini, /root_url = https:\/\/grafana\.provisioning\.example\.com/);
    });

    it("points the Grafana provider at monitoring:grafanaUrl when set, next to the Ingress (a port-forward before DNS and TLS exist)", async () => {
        const forwarded = await runProd({ "monitoring:grafanaUrl": "http://127.0.0.1:3000" });
        assert.equal(forwarded.resources.find((r) => r.type === "pulumi:providers:grafana")!.inputs.url, "http://127.0.0.1:3000");
        assert.equal(objectNamed(forwarded, "Ingress", "grafana").spec.tls[0].hosts[0], "grafana.provisioning.example.com");
        assert.match(
            objectNamed(forwarded, "ConfigMap", "grafana-config").data[fileKey("/etc/grafana/grafana.ini")],
            /root_url = https:\/\/grafana\.provisioning/,
        );
    });

    it("exports cluster-internal URLs for platform stacks (in the configured namespace), and Grafana's public one", () => {
        for (const key of ["prometheusUrl", "alertmanagerUrl", "lokiPushUrl", "otlpGrpcEndpoint", "otlpHttpEndpoint"]) {
            assert.match(String(run.outputs[key]), /^(http:\/\/)?[a-z-]+\.monitoring\.svc:\d+(\/|$)/, key);
        }
        assert.equal(run.outputs.grafanaUrl, "https://grafana.provisioning.example.com");
        assert.equal(run.outputSecrets.teams, true);
        assert.ok(!("grafanaAdminPassword" in run.outputs), "no admin credential among the outputs");
    });

    it("uses one Kubernetes provider, on the configured kubeconfig context", async () => {
        assert.equal(run.resources.filter((r) => r.type === "pulumi:providers:kubernetes").length, 1);
        const withContext = await runProd({ "monitoring:kubeContext": "prod-cluster" });
        assert.equal(withContext.resources.find((r) => r.type === "pulumi:providers:kubernetes")!.inputs.context, "prod-cluster");
    });

    it("gives identical resource inputs when run twice", async () => {
        const again = await runProd();
        assert.deepEqual(
            again.resources.map((r) => [r.type, r.name, r.inputs]),
            run.resources.map((r) => [r.type, r.name, r.inputs]),
        );
    });
});

describe("Kubernetes settings that cannot work are rejected before any resource (mock engine)", () => {
    const cases: [string, Record<string, string>, RegExp][] = [
        ["Grafana the Pulumi CLI cannot reach", { "monitoring:grafanaIngress": "" }, /monitoring:grafanaUrl: on kubernetes the Pulumi CLI must reach Grafana/],
        [
            "a claim smaller than Prometheus' retention size",
            { "monitoring:storageSizes": '{"prometheus":"40Gi"}' },
            /monitoring:storageSizes\.prometheus: the claim \(40Gi\) must be larger than prometheusRetentionSize \(50GB\)/,
        ],
        [
            "a request above its limit",
            { "monitoring:resources": '{"loki":{"requests":{"memory":"4Gi"}}}' },
            /monitoring:resources\.loki: memory request 4Gi is above its limit 2Gi/,
        ],
        ["a namespace that is not a DNS label", { "monitoring:namespace": "Monitoring_NS" }, /monitoring:namespace: expected a DNS label/],
        [
            "a storage size without a binary unit",
            { "monitoring:storageSizes": '{"tempo":"20GB"}' },
            /monitoring:storageSizes\.tempo: expected a size such as 10Gi/,
        ],
        ["eight Alertmanagers", { "monitoring:alertmanagerReplicas": "8" }, /monitoring:alertmanagerReplicas: expected a whole number of replicas from 1 to 7/],
        [
            "a namespace too long for the node agents' <namespace>-node",
            { "monitoring:namespace": "m".repeat(59) },
            /monitoring:namespace: at most 58 characters, since the node agents run in <namespace>-node/,
        ],
    ];
    for (const [what, change, message] of cases) {
        it(`stops on ${what}`, async () => {
            const raw: Record<string, string> = { ...prodRaw(), ...change };
            for (const [key, value] of Object.entries(change)) if (value === "") delete raw[key];
            const run = await runWithMocks("prod", raw, Object.keys(fakeSecrets));
            assert.ok(run.error, "the program stops");
            assert.match(run.error.message, message);
            assert.equal(run.resources.length, 0, "nothing is declared");
        });
    }
});
