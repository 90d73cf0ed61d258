// monitoring:prometheusOperator: its problem lines, and the objects the stack declares for it under the mock engine (the
// operator's account, rights and Deployment, the teams' Prometheus, the CRDs from the release's URLs). What the real API
// server and the real operator make of them: tests/cluster/prometheus-operator.test.ts.
import { strict as assert } from "assert";
import { MockRun, ofType, runWithMocks } from "../support/mock-run";
import { fakeSecrets, loadRawStackConfig, placeholdersAllowed, readStackFile } from "../support/stack-files";
import { configProblems } from "../support/config-problems";
import { manifestOf } from "../support/kubernetes-schema";

const payments = { name: "payments", namespaces: ["payments", "payments-jobs"], receivers: { email: "payments@corp.internal" } };
const search = { name: "search", receivers: { email: "search@corp.internal" } };

const prod = (extra: Record<string, string>) => ({
    ...loadRawStackConfig("prod", ["deadMansSwitchUrl", "pagerdutyServiceKey", "slackWebhookUrl"]),
    ...placeholdersAllowed,
    "monitoring:clientNamespaces": JSON.stringify(["payments", "payments-jobs", "provisioning"]),
    "monitoring:teams": JSON.stringify([payments, search]),
    "monitoring:prometheusOperator": '{"crds":"install"}',
    ...extra,
});

describe("monitoring:prometheusOperator", () => {
    it("bad input: one line per problem (docker, no team with namespaces, no Prometheus, a bad value)", () => {
        assert.deepEqual(
            configProblems(prod({ "monitoring:teams": JSON.stringify([search]), "monitoring:components": '["alertmanager","grafana"]' }), "prod"),
            [
                "monitoring:prometheusOperator: the Prometheus Operator watches the teams' namespaces; give a team of monitoring:teams its namespaces",
                "monitoring:prometheusOperator: the Prometheus Operator writes to Prometheus and alerts through Alertmanager; add prometheus to monitoring:components",
            ],
        );
        assert.deepEqual(configProblems({ ...loadRawStackConfig("dev"), "monitoring:prometheusOperator": '{"crds":"install"}' }, "dev"), [
            "monitoring:prometheusOperator: the Prometheus Operator needs platform kubernetes; leave it out on docker",
        ]);
        assert.deepEqual(configProblems(prod({ "monitoring:prometheusOperator": '{"crds":"yes"}' }), "prod"), [
            'monitoring:prometheusOperator.crds: expected install (the stack installs them) or existing (the cluster has them) (got "yes")',
        ]);
    });

    describe("the objects (mock engine, prod test stack)", function () {
        this.timeout(60_000);
        const run = async (extra: Record<string, string>) => {
            const r = await runWithMocks("prod", { ...readStackFile("prod"), ...prod(extra), ...fakeSecrets }, Object.keys(fakeSecrets));
            assert.ifError(r.error);
            return r;
        };
        let on: MockRun;
        before(async () => {
            on = await run({});
        });
        const named = (r: MockRun, type: string, name: string, namespace = "monitoring") =>
            ofType(r, type).find((o) => manifestOf(o).metadata.name === name && manifestOf(o).metadata.namespace === namespace);

        it("installs the five CRDs from the pinned release's URLs, kept by `pulumi destroy`; the Prometheus waits for them", () => {
            const [crds] = ofType(on, "kubernetes:yaml/v2:ConfigGroup");
            assert.deepEqual(crds.inputs.files, [
                "https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/v0.93.1/example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml",
                "https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/v0.93.1/example/prometheus-operator-crd/monitoring.coreos.com_probes.yaml",
                "https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/v0.93.1/example/prometheus-operator-crd/monitoring.coreos.com_prometheuses.yaml",
                "https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/v0.93.1/example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml",
                "https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/v0.93.1/example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml",
            ]);
            assert.equal(crds.options.retainOnDelete, true);
            assert.equal(crds.options.transforms?.length, 1);
            const prometheus = named(on, "kubernetes:monitoring.coreos.com/v1:Prometheus", "teams")!;
            assert.ok((prometheus.options.dependsOn as unknown[]).length > 0);
        });

        it("runs the operator v0.93.1 on the stack's pinned reloader, watching the teams' namespaces only", () => {
            const d = manifestOf(named(on, "kubernetes:apps/v1:Deployment", "prometheus-operator")!);
            const c = d.spec.template.spec.containers[0];
            assert.equal(c.image, "quay.io/prometheus-operator/prometheus-operator:v0.93.1");
            assert.deepEqual(c.args, [
                "--namespaces=payments,payments-jobs",
                "--prometheus-instance-namespaces=monitoring",
                "--alertmanager-instance-namespaces=monitoring",
                "--thanos-ruler-instance-namespaces=monitoring",
                "--prometheus-config-reloader=quay.io/prometheus-operator/prometheus-config-reloader:v0.93.1",
                "--web.listen-address=:8080",
            ]);
            // Roles in its own and the teams' namespaces; cluster-wide only the namespaces (their labels).
            const roles = ofType(on, "kubernetes:rbac.authorization.k8s.io/v1:Role").map(manifestOf);
            const operatorRoles = roles.filter((r) => r.metadata.name === "monitoring-prod-prometheus-operator").map((r) => r.metadata.namespace);
            assert.deepEqual(operatorRoles.sort(), ["monitoring", "payments", "payments-jobs"]);
            const cluster = ofType(on, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole")
                .map(manifestOf)
                .filter((r) => r.metadata.name.includes("prometheus-operator"));
            assert.deepEqual(
                cluster.map((r) => r.rules),
                [[{ apiGroups: [""], resources: ["namespaces"], verbs: ["get", "list", "watch"] }]],
            );
        });

        it("the teams' Prometheus: monitors and rules of the teams' namespaces, team=<name> from the namespace on samples and alerts", () => {
            const p = manifestOf(named(on, "kubernetes:monitoring.coreos.com/v1:Prometheus", "teams")!);
            const teamNamespaces = { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["payments", "payments-jobs"] }] };
            for (const kind of ["serviceMonitor", "podMonitor", "rule"]) {
                assert.deepEqual(p.spec[`${kind}Selector`], {});
                assert.deepEqual(p.spec[`${kind}NamespaceSelector`], teamNamespaces);
            }
            assert.equal(p.spec.enforcedNamespaceLabel, "namespace");
            const team = [{ sourceLabels: ["namespace"], regex: "payments|payments-jobs", targetLabel: "team", replacement: "payments", action: "replace" }];
            // Both replicas of the stack's Prometheus (prod runs two), each by its stable name.
            assert.deepEqual(p.spec.remoteWrite, [
                { url: "http://prometheus-0.prometheus-headless:9090/api/v1/write", writeRelabelConfigs: team },
                { url: "http://prometheus-1.prometheus-headless:9090/api/v1/write", writeRelabelConfigs: team },
            ]);
            assert.deepEqual(p.spec.alerting.alertmanagers, [
                { namespace: "monitoring", name: "alertmanager", port: "alertmanager", apiVersion: "v2", alertRelabelings: team },
            ]);
            assert.equal(p.spec.image, "prom/prometheus:v3.13.2");
            assert.deepEqual(p.spec.externalLabels, { cluster: "provisioning-production" });
        });

        it("admits the teams' Prometheus to the stack's Prometheus and Alertmanager ports", () => {
            const policies = ofType(on, "kubernetes:networking.k8s.io/v1:NetworkPolicy")
                .map(manifestOf)
                .filter((n) => n.metadata.name.endsWith("-from-prometheus-teams"));
            assert.deepEqual(
                policies.map((n) => [n.spec.podSelector.matchLabels["app.kubernetes.io/name"], n.spec.ingress]),
                [
                    [
                        "prometheus",
                        [
                            {
                                from: [
                                    {
                                        podSelector: {
                                            matchLabels: { "app.kubernetes.io/managed-by": "prometheus-operator", "operator.prometheus.io/name": "teams" },
                                        },
                                    },
                                ],
                                ports: [{ port: 9090, protocol: "TCP" }],
                            },
                        ],
                    ],
                    [
                        "alertmanager",
                        [
                            {
                                from: [
                                    {
                                        podSelector: {
                                            matchLabels: { "app.kubernetes.io/managed-by": "prometheus-operator", "operator.prometheus.io/name": "teams" },
                                        },
                                    },
                                ],
                                ports: [{ port: 9093, protocol: "TCP" }],
                            },
                        ],
                    ],
                ],
            );
        });

        it("crds: existing declares no CRD (a cluster that has them already), the rest as with install", async () => {
            const existing = await run({ "monitoring:prometheusOperator": '{"crds":"existing"}' });
            assert.equal(ofType(existing, "kubernetes:yaml/v2:ConfigGroup").length, 0);
            assert.ok(named(existing, "kubernetes:monitoring.coreos.com/v1:Prometheus", "teams"));
            // Without the key nothing of it is declared: the URN fixtures of the prod test stack (tests/unit/urns.test.ts) stay as they were.
        });
    });
});
