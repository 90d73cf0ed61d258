// TeamMonitoring's `kubernetes.objects`: a team stack's ServiceMonitor, PodMonitor and PrometheusRule, checked before any
// resource and declared with the team's own Kubernetes provider (mock engine; the real API server and operator reading
// such objects: tests/cluster/prometheus-operator.test.ts).
import { strict as assert } from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TeamKubernetesObject, teamObjectProblems } from "../../model/prometheus-operator";
import { TeamMonitoring } from "../../program/team-monitoring";

const monitor: TeamKubernetesObject = {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: { name: "checkout", namespace: "payments" },
    spec: { selector: { matchLabels: { app: "checkout" } }, endpoints: [{ port: "metrics" }] },
};

describe("TeamMonitoring: a team's ServiceMonitor, PodMonitor and PrometheusRule (kubernetes.objects)", () => {
    it("bad objects: one line each (another kind, no namespace, declared twice)", () => {
        const deployment = { ...monitor, apiVersion: "apps/v1", kind: "Deployment" } as unknown as TeamKubernetesObject;
        const nowhere = { ...monitor, metadata: { name: "x" } } as unknown as TeamKubernetesObject;
        assert.deepEqual(teamObjectProblems([monitor, deployment, nowhere, monitor]), [
            "kubernetes.objects[1]: apps/v1 Deployment is not one of monitoring.coreos.com/v1 ServiceMonitor, PodMonitor, PrometheusRule",
            "kubernetes.objects[2]: needs metadata.name and metadata.namespace (one of the team's)",
            "kubernetes.objects[3]: ServiceMonitor payments/checkout is declared twice",
        ]);
        assert.deepEqual(teamObjectProblems([monitor]), []);
    });

    /** The resources a team stack declares (and the error it ends with) when the monitoring stack lists `teams`. */
    async function teamStack(teams: Record<string, unknown>, objects: readonly TeamKubernetesObject[]) {
        const created: { type: string; name: string; inputs: Record<string, any>; provider?: string }[] = [];
        let failure: string | undefined;
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    if (args.type === "pulumi:pulumi:StackReference") return { id: "ref", state: { outputs: { teams } } };
                    created.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
                    return { id: `${args.name}-id`, state: args.inputs };
                },
                call: (args) => args.inputs,
            },
            "payments-service",
            "prod",
            false,
        );
        const onError = (e: Error) => (failure = e.message);
        process.on("unhandledRejection", onError);
        const provider = new k8s.Provider("payments-cluster", {});
        new TeamMonitoring("payments", {
            monitoring: new pulumi.StackReference("organization/monitoring/prod"),
            team: "payments",
            kubernetes: { provider, objects },
        });
        await new Promise((resolve) => setTimeout(resolve, 200));
        process.off("unhandledRejection", onError);
        return { created, failure };
    }

    it("without Grafana in the monitoring stack (no token): the objects, and no Grafana provider", async () => {
        const { created, failure } = await teamStack({ payments: { namespaces: ["payments"] } }, [monitor]);
        assert.equal(failure, undefined);
        assert.deepEqual(created.map((r) => r.type).sort(), [
            "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
            "monitoring:team:TeamMonitoring",
            "pulumi:providers:kubernetes",
        ]);
    });

    it("refuses an object in a namespace that is not the team's, naming the team's namespaces, and declares nothing there", async () => {
        const elsewhere = { ...monitor, metadata: { name: "checkout", namespace: "search" } };
        const { created, failure } = await teamStack({ payments: { namespaces: ["payments"] } }, [elsewhere]);
        assert.match(failure ?? "", /ServiceMonitor search\/checkout: namespace search is not team payments's \(its namespaces: payments\)/);
        assert.deepEqual(
            created.filter((r) => r.type.startsWith("kubernetes:monitoring")),
            [],
        );
    });

    it("declares each object as a custom resource with the team stack's own Kubernetes provider", async () => {
        const teams = { payments: { folderUid: "team-payments", token: "t", namespaces: ["payments"] } };
        const { created } = await teamStack(teams, [monitor]);
        const declared = created.filter((r) => r.type.startsWith("kubernetes:monitoring.coreos.com"));
        assert.deepEqual(
            declared.map((r) => [r.type, r.name, r.inputs.metadata, r.inputs.spec]),
            [["kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "payments-servicemonitor-payments-checkout", monitor.metadata, monitor.spec]],
        );
        assert.match(declared[0].provider ?? "", /::payments-cluster::/);
    });
});
