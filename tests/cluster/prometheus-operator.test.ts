// monitoring:prometheusOperator on a real control plane (tests/support/control-plane.ts: kube-apiserver 1.36.3, controllers,
// scheduler, kwok) with the real Prometheus Operator v0.93.1 (`npm run tools -- prometheus-operator`) run as a local
// process under the identity of the operator's own ServiceAccount, so the stack's Roles are what it may do. The CRDs
// are the release's own files, read from its Go module (the stack applies the same paths from the release's URL). The
// stack's objects are the program's pure output, applied as the provider applies them (server-side apply). What is
// real: the API server's schema for the team's objects, the operator's reconciliation into the config Secret and rule
// ConfigMap, promtool 3.13.2 on both, the StatefulSet it makes admitted by Pod Security `restricted`, and the generated
// config run by a real Prometheus that discovers through this API server and remote-writes to another. kwok runs no
// container: the scrape itself fails (up == 0), which is still a sample with the target's labels.
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { parse, stringify } from "yaml";
import { parseStackConfig } from "../../model/config/parse";
import { StackConfig } from "../../model/config/types";
import { prometheusOperatorRelease } from "../../model/prometheus-operator";
import { namespaceObjects } from "../../platform/kubernetes/namespaces";
import { prometheusOperatorObjects } from "../../platform/kubernetes/prometheus-operator";
import { applyObject, prometheusOperatorCrds } from "../support/cluster-fixtures";
import { ControlPlane, startControlPlane } from "../support/control-plane";
import { Daemon, startDaemon } from "../support/daemon";
import { makeTempDir, removeDir } from "../support/run-tool";
import { toolPath } from "../../support/toolchain";
import { prodRaw } from "../support/prod-run";

type Manifest = {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; labels?: Record<string, string> };
    [field: string]: any;
};

const clusterScoped = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"]);
const plural = (kind: string) => kind.toLowerCase().replace(/y$/, "ie").replace(/s$/, "se") + "s";
function pathOf(m: Manifest): string {
    const base = m.apiVersion.includes("/") ? `/apis/${m.apiVersion}` : `/api/${m.apiVersion}`;
    const ns = clusterScoped.has(m.kind) ? "" : `/namespaces/${m.metadata.namespace}`;
    return `${base}${ns}/${plural(m.kind)}/${m.metadata.name}`;
}

const payments = { name: "payments", namespaces: ["payments"], receivers: { email: "payments@corp.internal" } };
const search = { name: "search", namespaces: ["search"], receivers: { email: "search@corp.internal" } };

/** What a team's stack declares in its namespace: a Service's monitor, a pod monitor and a rule. */
const teamObjects = (ns: string): Manifest[] => [
    {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        metadata: { name: "checkout", namespace: ns },
        spec: {
            selector: { matchLabels: { app: "checkout" } },
            // A team that tries to pass as another: the stack's relabelling comes after its own.
            endpoints: [{ port: "metrics", interval: "2s", relabelings: [{ targetLabel: "team", replacement: "search", action: "replace" }] }],
        },
    },
    {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PodMonitor",
        metadata: { name: "workers", namespace: ns },
        spec: { selector: { matchLabels: { app: "workers" } }, podMetricsEndpoints: [{ port: "metrics" }] },
    },
    {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name: "checkout", namespace: ns },
        spec: {
            groups: [
                {
                    name: "checkout",
                    rules: [
                        {
                            alert: "CheckoutErrorsHigh",
                            expr: 'sum(rate(http_requests_total{code=~"5.."}[5m])) > 1',
                            for: "10m",
                            labels: { severity: "warning" },
                            annotations: { summary: "checkout fails" },
                        },
                    ],
                },
            ],
        },
    },
];

describe(`the Prometheus Operator ${prometheusOperatorRelease} for the teams, on a real API server (kube-apiserver 1.36.3; kwok, no container runs)`, function () {
    this.timeout(600_000);
    let dir: string;
    let cp: ControlPlane;
    let operator: Daemon | undefined;
    let config: StackConfig;
    /** The operator's generated prometheus.yaml, parsed. */
    let generated: any;
    const writeConfig = (name: string, content: unknown) => {
        fs.writeFileSync(path.join(dir, name), stringify(content));
        return path.join(dir, name);
    };
    const apply = async (m: Manifest) => assert.equal(await applyObject(cp, pathOf(m), m), undefined, `${m.kind} ${m.metadata.name}`);
    const get = async (p: string) => {
        const r = await cp.request("GET", p);
        return r.status === 200 ? r.body : undefined;
    };
    async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
        for (const deadline = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 1_000))) {
            const value = await probe();
            if (value !== undefined) return value;
            assert.ok(Date.now() < deadline, `${what} within ${timeoutMs / 1000} s\n${operator?.output().split("\n").slice(-30).join("\n") ?? ""}`);
        }
    }

    before(async () => {
        for (const tool of ["kube-apiserver", "prometheus-operator", "promtool"]) toolPath(tool);
        dir = makeTempDir("prometheus-operator");
        cp = await startControlPlane(dir, 1);
        config = parseStackConfig(
            {
                ...prodRaw(),
                "monitoring:clientNamespaces": JSON.stringify(["payments", "provisioning", "search"]),
                "monitoring:teams": JSON.stringify([payments, search]),
                "monitoring:prometheusOperator": JSON.stringify({ crds: "install" }),
            },
            "prod",
        );
    });

    after(async function () {
        if (this.currentTest?.state === "failed") console.error(operator?.output() ?? "", cp?.logs() ?? "");
        await operator?.stop();
        await cp?.stop();
        removeDir(dir);
    });

    it("serves the release's CRDs once applied (what `crds: install` applies from the release's URLs)", async () => {
        for (const crd of prometheusOperatorCrds() as Manifest[]) {
            await apply(crd);
            await until(`${crd.metadata.name} established`, async () =>
                ((await get(pathOf(crd)))?.status?.conditions ?? []).some((c: any) => c.type === "Established" && c.status === "True") ? true : undefined,
            );
        }
    });

    it("accepts the stack's objects (namespaces, the operator's account, Roles and Deployment, the teams' Prometheus)", async () => {
        // The teams' namespaces are theirs: they exist before the stack reads them.
        for (const name of ["payments", "provisioning", "search"]) await apply({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
        for (const d of namespaceObjects(config)) await apply(d.object as Manifest);
        for (const d of prometheusOperatorObjects(config)) await apply(d.object as Manifest);
        const live = await get(pathOf({ apiVersion: "monitoring.coreos.com/v1", kind: "Prometheus", metadata: { name: "teams", namespace: "monitoring" } }));
        assert.equal(live.spec.enforcedNamespaceLabel, "namespace");
    });

    it("accepts a team's ServiceMonitor, PodMonitor and PrometheusRule, and refuses a malformed one by the CRD's schema", async () => {
        for (const m of teamObjects("payments")) await apply(m);
        const [monitor] = teamObjects("payments");
        const bad = await applyObject(cp, pathOf({ ...monitor, metadata: { name: "bad", namespace: "payments" } }), {
            ...monitor,
            metadata: { name: "bad", namespace: "payments" },
            spec: { ...monitor.spec, endpoints: [{ port: "metrics", scheme: "gopher" }] },
        });
        assert.match(bad ?? "", /: 422 /);
    });

    it("is reconciled by the real operator, as its own ServiceAccount: the config Secret and the rule ConfigMap", async () => {
        // A client certificate for system:serviceaccount:monitoring:prometheus-operator: RBAC treats it as the account.
        const openssl = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
        openssl([
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "operator.key",
            "-out",
            "operator.csr",
            "-subj",
            "/O=system:serviceaccounts/CN=system:serviceaccount:monitoring:prometheus-operator",
        ]);
        openssl(["x509", "-req", "-in", "operator.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "operator.crt", "-days", "1"]);
        const deployment = prometheusOperatorObjects(config).find((d) => d.object.kind === "Deployment")!.object as Manifest;
        const args: string[] = deployment.spec.template.spec.containers[0].args.filter((a: string) => !a.startsWith("--web.listen-address"));
        operator = await startDaemon(
            "prometheus-operator",
            [
                ...args,
                "--web.listen-address=127.0.0.1:{port}",
                `--apiserver=${cp.server}`,
                `--ca-file=${path.join(dir, "ca.crt")}`,
                `--cert-file=${path.join(dir, "operator.crt")}`,
                `--key-file=${path.join(dir, "operator.key")}`,
            ],
            "/healthz",
            60_000,
        );
        const secret = await until("the config Secret prometheus-teams", async () => {
            const s = await get("/api/v1/namespaces/monitoring/secrets/prometheus-teams");
            return s?.data?.["prometheus.yaml.gz"] ? s : undefined;
        });
        const text = zlib.gunzipSync(Buffer.from(secret.data["prometheus.yaml.gz"], "base64")).toString();
        fs.writeFileSync(path.join(dir, "teams.yml"), text);
        generated = parse(text);
        const jobs = generated.scrape_configs.map((j: any) => j.job_name);
        assert.deepEqual(jobs, ["serviceMonitor/payments/checkout/0", "podMonitor/payments/workers/0"]);
        const monitorJob = generated.scrape_configs[0];
        // The namespace is the monitor's own: the operator sets it after the team's own relabelling.
        assert.deepEqual(monitorJob.kubernetes_sd_configs[0].namespaces.names, ["payments"]);
        const relabels: any[] = monitorJob.relabel_configs;
        const claimed = relabels.findIndex((r) => r.target_label === "team" && r.replacement === "search");
        const enforced = relabels.findIndex((r) => r.target_label === "namespace" && r.replacement === "payments");
        assert.ok(claimed >= 0 && enforced > claimed, JSON.stringify(relabels));
        const team = [{ source_labels: ["namespace"], regex: "payments", target_label: "team", replacement: "payments", action: "replace" }];
        const searchTeam = { source_labels: ["namespace"], regex: "search", target_label: "team", replacement: "search", action: "replace" };
        assert.deepEqual(
            generated.remote_write.map((w: any) => [w.url, w.write_relabel_configs]),
            ["http://prometheus-0.prometheus-headless:9090/api/v1/write", "http://prometheus-1.prometheus-headless:9090/api/v1/write"].map((u) => [
                u,
                [...team, searchTeam],
            ]),
        );
        assert.deepEqual(generated.alerting.alertmanagers[0].alert_relabel_configs, [...team, searchTeam]);
        assert.deepEqual(generated.global.external_labels.cluster, "provisioning-production");

        const rules = await until("the rule ConfigMap", async () => {
            const list = await get("/api/v1/namespaces/monitoring/configmaps?labelSelector=prometheus-name%3Dteams");
            return list?.items?.length ? list.items[0] : undefined;
        });
        const [file, content] = Object.entries(rules.data as Record<string, string>)[0];
        assert.match(file, /^payments-checkout-/);
        const rule = parse(content).groups[0].rules[0];
        // enforcedNamespaceLabel: the expression reads the team's namespace only, and the alert carries it.
        assert.equal(rule.expr, 'sum(rate(http_requests_total{code=~"5..",namespace="payments"}[5m])) > 1');
        assert.equal(rule.labels.namespace, "payments");
        fs.writeFileSync(path.join(dir, "rules.yml"), content);
        execFileSync(toolPath("promtool"), ["check", "rules", path.join(dir, "rules.yml")], { stdio: "pipe" });
        // --syntax-only: the file paths in it are the pod's.
        execFileSync(toolPath("promtool"), ["check", "config", "--syntax-only", path.join(dir, "teams.yml")], { stdio: "pipe" });
    });

    it("runs the teams' Prometheus as a StatefulSet whose pod Pod Security `restricted` admits and kwok makes Ready", async () => {
        const ready = await until("prometheus-teams-0 Ready", async () => {
            const pod = await get("/api/v1/namespaces/monitoring/pods/prometheus-teams-0");
            return pod?.status?.conditions?.some((c: any) => c.type === "Ready" && c.status === "True") ? pod : undefined;
        });
        assert.equal(ready.spec.containers.find((c: any) => c.name === "prometheus").image, "prom/prometheus:v3.13.2");
        const reloader = ready.spec.containers.find((c: any) => c.name === "config-reloader");
        assert.equal(reloader.image, "quay.io/prometheus-operator/prometheus-config-reloader:v0.93.1");
        assert.equal(ready.metadata.labels["operator.prometheus.io/name"], "teams");
        // Owned by the Prometheus object: removing monitoring:prometheusOperator takes the StatefulSet with it.
        const set = await get("/apis/apps/v1/namespaces/monitoring/statefulsets/prometheus-teams");
        assert.deepEqual(
            set.metadata.ownerReferences.map((o: any) => `${o.kind}/${o.name}`),
            ["Prometheus/teams"],
        );
    });

    it("sends what the team's ServiceMonitor finds to the stack's Prometheus labelled team=payments (real Prometheus 3.13.2 twice, no kubelet)", async () => {
        // A Service the monitor selects, and a pod behind it (Ready by kwok, so it has an address; nothing listens there).
        const labels = { app: "checkout" };
        await apply({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "checkout-0", namespace: "payments", labels },
            spec: { containers: [{ name: "app", image: "registry.example.com/checkout:1.0.0", ports: [{ name: "metrics", containerPort: 8080 }] }] },
        });
        await apply({
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "checkout", namespace: "payments", labels },
            spec: { selector: labels, ports: [{ name: "metrics", port: 8080, targetPort: "metrics" }] },
        });
        const stackPrometheus = await startDaemon(
            "prometheus",
            [
                `--config.file=${writeConfig("stack.yml", { global: { scrape_interval: "1m" } })}`,
                `--storage.tsdb.path=${path.join(dir, "stack-data")}`,
                "--web.listen-address=127.0.0.1:{port}",
                "--web.enable-remote-write-receiver",
            ],
            "/-/ready",
            60_000,
        );
        // The operator's config as generated, but for where it runs: discovery through this API server's kubeconfig
        // instead of the pod's account, remote write to the local stand-in of the stack's Prometheus, no alerting.
        // What the config reloader does in the pod first: $(SHARD) and $(POD_NAME) from its environment.
        const local = JSON.parse(JSON.stringify(generated).replaceAll("$(SHARD)", "0").replaceAll("$(POD_NAME)", "prometheus-teams-0"));
        for (const job of local.scrape_configs) for (const sd of job.kubernetes_sd_configs) sd.kubeconfig_file = cp.kubeconfig;
        local.remote_write = [{ ...local.remote_write[0], url: `${stackPrometheus.baseUrl}/api/v1/write` }];
        delete local.alerting;
        delete local.rule_files;
        const teamsPrometheus = await startDaemon(
            "prometheus",
            [
                `--config.file=${writeConfig("teams-local.yml", local)}`,
                `--storage.tsdb.path=${path.join(dir, "teams-data")}`,
                "--web.listen-address=127.0.0.1:{port}",
            ],
            "/-/ready",
            60_000,
        );
        try {
            // kwok runs no container: the scrape fails, and Prometheus records that as up == 0, a real sample with the target's labels.
            const series = await until("the team's up series in the stack's Prometheus", async () => {
                const r = await fetch(`${stackPrometheus.baseUrl}/api/v1/query?query=${encodeURIComponent('up{namespace="payments"}')}`);
                const result = ((await r.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data.result;
                return result.length > 0 ? result : undefined;
            });
            assert.deepEqual(
                series.map((s) => [s.metric.job, s.metric.service, s.metric.team, s.value[1]]),
                [["checkout", "checkout", "payments", "0"]],
                "the monitor's own team=search overridden from the namespace",
            );
        } catch (error) {
            const targets = await (await fetch(`${teamsPrometheus.baseUrl}/api/v1/targets`)).text();
            throw new Error(`${(error as Error).message}\ntargets: ${targets}\n${teamsPrometheus.output().slice(-3000)}`, { cause: error });
        } finally {
            await teamsPrometheus.stop();
            await stackPrometheus.stop();
        }
    });

    it("picks up a second team's rule without a redeploy of the stack", async () => {
        const [, , rule] = teamObjects("search");
        await apply(rule);
        await until("the search team's rule", async () => {
            const list = await get("/api/v1/namespaces/monitoring/configmaps?labelSelector=prometheus-name%3Dteams");
            const files = (list?.items ?? []).flatMap((c: any) => Object.keys(c.data ?? {}));
            return files.some((f: string) => f.startsWith("search-checkout-")) ? true : undefined;
        });
    });
});
