// Grafana through a Gateway API HTTPRoute (monitoring:grafanaHttpRoute) instead of the Ingress, under the mock engine:
// the route attached to the named Gateway, the gateway's namespace admitted to Grafana's port and nothing else, and the
// public https URL in grafana.ini, the outputs and the Grafana provider. The API server's word on the route:
// tests/cluster/prod-api-server.test.ts.
import { strict as assert } from "assert";
import { fileKey } from "../../platform/kubernetes/objects";
import { MockRun } from "../support/mock-run";
import { manifestNamed, runProd } from "../support/prod-run";

const route = { host: "grafana.ops.corp.internal", gateway: { name: "public", namespace: "gateways", sectionName: "https" } };
const withRoute = (value: object) => runProd({ "monitoring:grafanaIngress": "", "monitoring:grafanaHttpRoute": JSON.stringify(value) });

/** The namespaces admitted to Grafana's port by its NetworkPolicy. */
function admittedToGrafana(run: MockRun): string[] {
    const policy = manifestNamed(run, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "grafana", "monitoring");
    return policy.spec.ingress
        .filter((rule: any) => rule.ports.some((p: any) => p.port === 3000))
        .flatMap((rule: any) => rule.from)
        .map((peer: any) => peer.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] ?? peer.podSelector.matchLabels["app.kubernetes.io/name"]);
}

describe("Grafana through a Gateway API HTTPRoute (mock engine)", function () {
    this.timeout(60_000);
    let run: MockRun;
    before(async () => {
        run = await withRoute(route);
        assert.ifError(run.error);
    });

    it("declares an HTTPRoute attached to the named Gateway's listener, sending every path to Grafana's Service", () => {
        const httpRoute = run.resources.find((r) => r.type === "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute")!;
        assert.equal(httpRoute.name, "monitoring-grafana-httproute-grafana");
        assert.deepEqual(
            {
                apiVersion: httpRoute.inputs.apiVersion,
                kind: httpRoute.inputs.kind,
                name: httpRoute.inputs.metadata.name,
                namespace: httpRoute.inputs.metadata.namespace,
            },
            { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", name: "grafana", namespace: "monitoring" },
        );
        assert.deepEqual(httpRoute.inputs.spec, {
            parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "public", namespace: "gateways", sectionName: "https" }],
            hostnames: ["grafana.ops.corp.internal"],
            rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: [{ name: "grafana", port: 3000 }] }],
        });
        assert.equal(run.resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:Ingress").length, 0);
    });

    it("admits the gateway's namespace to Grafana's port, or its proxies' namespace when given, instead of the ingress controller's", async () => {
        assert.deepEqual(admittedToGrafana(run), ["prometheus", "gateways"]);
        const proxies = await withRoute({ ...route, gateway: { ...route.gateway, proxyNamespace: "envoy-gateway-system" } });
        assert.ifError(proxies.error);
        assert.deepEqual(admittedToGrafana(proxies), ["prometheus", "envoy-gateway-system"]);
    });

    it("makes the route's host Grafana's public https URL: root_url, secure cookies, the grafanaUrl output and the Grafana provider", () => {
        const ini: string = manifestNamed(run, "kubernetes:core/v1:ConfigMap", "grafana-config").data[fileKey("/etc/grafana/grafana.ini")];
        assert.match(ini, /^root_url = https:\/\/grafana\.ops\.corp\.internal$/m);
        assert.match(ini, /^cookie_secure = true$/m);
        assert.equal(run.outputs.grafanaUrl, "https://grafana.ops.corp.internal");
        const provider = run.resources.find((r) => r.type === "pulumi:providers:grafana")!;
        assert.equal(provider.inputs.url, "https://grafana.ops.corp.internal");
    });

    it("declares no HTTPRoute without grafanaHttpRoute (the test stack: an Ingress)", async () => {
        const ingress = await runProd();
        assert.equal(ingress.resources.filter((r) => r.type.endsWith(":HTTPRoute")).length, 0);
        assert.deepEqual(admittedToGrafana(ingress), ["prometheus", "ingress-nginx"]);
    });
});
