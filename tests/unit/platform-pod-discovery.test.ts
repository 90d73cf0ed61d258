// The platform's services scraped per pod on Kubernetes: same job names and 2s interval, one target per replica; dev's
// static jobs unchanged; targets that are not a discoverable Service stay static.
import { strict as assert } from "assert";
import { parse } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { renderPrometheusConfig } from "../../render/prometheus/config";
import { serviceTargetOf } from "../../render/prometheus/kubernetes-jobs";
import { loadStackConfig } from "../support/stack-files";

const jobsOf = (text: string) => Object.fromEntries(parse(text).scrape_configs.map((j: any) => [j.job_name, j]));
const kubernetesStack = (targets: unknown) =>
    parseStackConfig(
        {
            "monitoring:platform": "kubernetes",
            "monitoring:grafanaUrl": "http://localhost:3000",
            "monitoring:allowNoHeartbeat": "true",
            "monitoring:platformTargets": JSON.stringify(targets),
        },
        "k",
    );

describe("the platform's services scraped per pod on Kubernetes", () => {
    it("turns prod's three Service targets into EndpointSlice discovery, keeping each job's name, 2s interval and timeout", () => {
        const jobs = jobsOf(renderPrometheusConfig(loadStackConfig("prod", ["pagerdutyServiceKey", "slackWebhookUrl"])));
        const expected: [string, string, number][] = [
            ["provisioning-orchestrator", "provisioning-orchestrator", 8080],
            ["provisioning-control-center", "provisioning-control-center", 8081],
            ["provisioning-vault-service", "provisioning-vault-service", 8085],
        ];
        for (const [job, service, port] of expected) {
            const j = jobs[job];
            assert.equal(j.scrape_interval, "2s", job);
            assert.equal(j.scrape_timeout, "2s", job);
            assert.equal(j.static_configs, undefined, job);
            assert.deepEqual(j.kubernetes_sd_configs, [{ role: "endpointslice", namespaces: { names: ["provisioning"] } }]);
            assert.deepEqual(j.relabel_configs, [
                {
                    source_labels: ["__meta_kubernetes_namespace", "__meta_kubernetes_service_name", "__meta_kubernetes_endpointslice_port"],
                    regex: `provisioning;${service};${port}`,
                    action: "keep",
                },
                { source_labels: ["__meta_kubernetes_pod_name"], target_label: "instance" },
                { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
                { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
            ]);
        }
    });

    it("keeps dev's static jobs exactly as they were", () => {
        const jobs = jobsOf(renderPrometheusConfig(loadStackConfig("dev")));
        assert.deepEqual(jobs["provisioning-orchestrator"], {
            job_name: "provisioning-orchestrator",
            scrape_interval: "2s",
            scrape_timeout: "2s",
            metrics_path: "/metrics",
            scheme: "http",
            static_configs: [{ targets: ["host.docker.internal:8080"] }],
        });
    });

    it("leaves a target static when it is not a Service in a discovery namespace (Prometheus could not list it)", () => {
        const jobs = jobsOf(
            renderPrometheusConfig(
                kubernetesStack([
                    { job: "elsewhere", targets: ["api.other-team.svc:8080"] },
                    { job: "external", targets: ["db.example.com:9100"] },
                    { job: "mixed", targets: ["a.provisioning.svc:80", "db.example.com:9100"] },
                    { job: "two", targets: ["a.provisioning.svc.cluster.local:80", "b.provisioning.svc:81"] },
                ]),
            ),
        );
        for (const job of ["elsewhere", "external", "mixed"]) assert.ok(jobs[job].static_configs, job);
        assert.equal(jobs.two.relabel_configs[0].regex, "provisioning;a;80|provisioning;b;81");
    });

    it("reads a Service's cluster DNS name, and nothing else", () => {
        assert.deepEqual(serviceTargetOf("orchestrator.provisioning.svc:8080"), { service: "orchestrator", namespace: "provisioning", port: 8080 });
        assert.deepEqual(serviceTargetOf("o.p.svc.cluster.local:1"), { service: "o", namespace: "p", port: 1 });
        for (const other of ["orchestrator:8080", "orchestrator.provisioning:8080", "a.b.svc", "A.b.svc:80", "a.b.svc.example.com:80"]) {
            assert.equal(serviceTargetOf(other), undefined, other);
        }
    });
});
