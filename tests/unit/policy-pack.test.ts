// The policy pack (policy/): every policy passes every resource of the real dev and prod programs (mock runs), and
// fails a resource that breaks it. Policies are called as the analyzer calls them, without the Pulumi CLI.
import { strict as assert } from "assert";
import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { ownerValues, routedSeverities } from "../../policy/checks";
import { isPinnedImageReference as isPinnedImage } from "../../model/config/hosts";
import {
    alertRulesRoutedWithRunbooks,
    claimsKeptOnDelete,
    credentialsOnlyAsSecrets,
    dockerPortsOnBindAddress,
    hardenedKubernetesContainers,
    monitoringPolicies,
    pinnedImages,
} from "../../policy/policies";
import { MockRun, RecordedResource, runWithMocks } from "../support/mock-run";
import { unwrapSecrets } from "../support/secrets";
import { readStackFile } from "../support/stack-files";
import { runProd } from "../support/prod-run";

/** What the analyzer hands a policy: inputs with secrets unwrapped (as @pulumi/policy deserializes them). */
function argsFor(type: string, props: Record<string, any>, config: Record<string, unknown> = { bindAddress: "127.0.0.1" }): ResourceValidationArgs {
    return {
        type,
        props,
        urn: `urn:pulumi:test::monitoring::${type}::r`,
        name: "r",
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable: () => {
            throw new Error("not applicable");
        },
    };
}

async function violations(policy: ResourceValidationPolicy, type: string, props: Record<string, any>, config?: Record<string, unknown>): Promise<string[]> {
    const found: string[] = [];
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
    for (const validate of validations) await validate(argsFor(type, props, config), (message) => found.push(message));
    return found;
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));
const props = (r: RecordedResource) => unwrapSecrets(r.inputs) as Record<string, any>;
const find = (run: MockRun, type: string, test: (p: Record<string, any>) => boolean = () => true) => {
    const found = run.resources.find((r) => r.type === type && test(props(r)));
    assert.ok(found, type);
    return copy(props(found));
};

describe("policy pack (policy/)", function () {
    this.timeout(60_000);
    let dev: MockRun;
    let prod: MockRun;
    before(async () => {
        dev = await runWithMocks("dev", readStackFile("dev"));
        prod = await runProd();
        assert.ifError(dev.error);
        assert.ifError(prod.error);
    });

    it("passes every resource of the real dev and prod programs under every policy", async () => {
        const found: string[] = [];
        for (const run of [dev, prod]) {
            for (const r of run.resources) {
                for (const policy of monitoringPolicies)
                    found.push(...(await violations(policy, r.type, props(r))).map((v) => `${policy.name} ${r.type} ${r.name}: ${v}`));
            }
        }
        assert.deepEqual(found, []);
        assert.equal(monitoringPolicies.length, 6);
        for (const policy of monitoringPolicies) assert.equal(policy.enforcementLevel, "mandatory", policy.name);
    });

    it("pinned-images: fails latest, untagged and a latest workload image; accepts tags and digests", async () => {
        const image = find(dev, "docker:index/remoteImage:RemoteImage");
        assert.deepEqual(await violations(pinnedImages, "docker:index/remoteImage:RemoteImage", image), []);
        assert.deepEqual(await violations(pinnedImages, "docker:index/remoteImage:RemoteImage", { ...image, name: "grafana/grafana:latest" }), [
            "image grafana/grafana:latest is not pinned: use a tag other than latest, or a digest",
        ]);
        const deployment = find(prod, "kubernetes:apps/v1:Deployment");
        deployment.spec.template.spec.containers[0].image = "grafana/grafana";
        assert.deepEqual(await violations(pinnedImages, "kubernetes:apps/v1:Deployment", deployment), [
            "image grafana/grafana is not pinned: use a tag other than latest, or a digest",
        ]);
        assert.equal(isPinnedImage(`prom/prometheus@sha256:${"a".repeat(64)}`), true);
        assert.equal(isPinnedImage("localhost:5000/prom/prometheus"), false);
    });

    it("hardened-kubernetes-containers: fails a container without limits, probes, non-root or with privilege escalation", async () => {
        const statefulSet = find(prod, "kubernetes:apps/v1:StatefulSet", (p) => p.metadata.name === "prometheus");
        assert.deepEqual(await violations(hardenedKubernetesContainers, "kubernetes:apps/v1:StatefulSet", statefulSet), []);
        const container = statefulSet.spec.template.spec.containers[0];
        delete container.resources.limits;
        delete container.readinessProbe;
        container.securityContext.allowPrivilegeEscalation = true;
        container.securityContext.runAsNonRoot = false;
        assert.deepEqual(await violations(hardenedKubernetesContainers, "kubernetes:apps/v1:StatefulSet", statefulSet), [
            "container prometheus: no limits.cpu",
            "container prometheus: no limits.memory",
            "container prometheus: no readinessProbe",
            "container prometheus: runAsNonRoot is not true",
            "container prometheus: allowPrivilegeEscalation is not false",
        ]);
    });

    it("hardened-kubernetes-containers: admits the node agent's chown-only root init container, and nothing more", async () => {
        const daemonSet = find(prod, "kubernetes:apps/v1:DaemonSet", (p) => p.metadata.name === "promtail");
        assert.deepEqual(await violations(hardenedKubernetesContainers, "kubernetes:apps/v1:DaemonSet", daemonSet), []);
        const init = daemonSet.spec.template.spec.initContainers[0];
        assert.equal(init.name, "own-node-volumes");
        init.securityContext.capabilities.add = ["CHOWN", "DAC_OVERRIDE"];
        assert.deepEqual(await violations(hardenedKubernetesContainers, "kubernetes:apps/v1:DaemonSet", daemonSet), [
            "container own-node-volumes: runAsNonRoot is not true",
        ]);
        init.securityContext.capabilities.add = ["CHOWN"];
        init.command = ["sh", "-c", "chown 65534 /positions"];
        assert.deepEqual(await violations(hardenedKubernetesContainers, "kubernetes:apps/v1:DaemonSet", daemonSet), [
            "container own-node-volumes: runAsNonRoot is not true",
        ]);
    });

    it("docker-ports-on-bind-address: fails a port on every interface or another address", async () => {
        const container = find(dev, "docker:index/container:Container", (p) => p.name === "monitoring-dev-grafana");
        assert.deepEqual(await violations(dockerPortsOnBindAddress, "docker:index/container:Container", container), []);
        container.ports[0].ip = "0.0.0.0";
        assert.deepEqual(await violations(dockerPortsOnBindAddress, "docker:index/container:Container", container), [
            "port 3000 is published on 0.0.0.0, not on the bind address 127.0.0.1",
        ]);
        assert.deepEqual(await violations(dockerPortsOnBindAddress, "docker:index/container:Container", container, { bindAddress: "0.0.0.0" }), []);
        delete container.ports[0].ip;
        assert.deepEqual(await violations(dockerPortsOnBindAddress, "docker:index/container:Container", container), [
            "port 3000 is published on every interface, not on the bind address 127.0.0.1",
        ]);
    });

    it("claims-kept-on-delete: fails a StatefulSet that deletes its claims", async () => {
        const statefulSet = find(prod, "kubernetes:apps/v1:StatefulSet", (p) => p.metadata.name === "loki");
        assert.deepEqual(await violations(claimsKeptOnDelete, "kubernetes:apps/v1:StatefulSet", statefulSet), []);
        statefulSet.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: "Delete" };
        assert.deepEqual(await violations(claimsKeptOnDelete, "kubernetes:apps/v1:StatefulSet", statefulSet), [
            "persistentVolumeClaimRetentionPolicy.whenDeleted is Delete, not Retain",
            "persistentVolumeClaimRetentionPolicy.whenScaled is unset, not Retain",
        ]);
    });

    it("credentials-only-as-secrets: fails a password in an env value, inline in a config file, or in a readable file", async () => {
        const container = find(dev, "docker:index/container:Container", (p) => p.name === "monitoring-dev-grafana");
        assert.deepEqual(await violations(credentialsOnlyAsSecrets, "docker:index/container:Container", container), []);
        container.envs = ["GF_SECURITY_ADMIN_PASSWORD=admin"];
        const ini = container.uploads.find((u: { file: string }) => u.file === "/etc/grafana/grafana.ini");
        ini.content = ini.content.replace(/admin_password = .*/, "admin_password = admin");
        container.uploads.find((u: { file: string }) => u.file === "/etc/grafana/secrets/admin-password").permissions = "0644";
        assert.deepEqual(await violations(credentialsOnlyAsSecrets, "docker:index/container:Container", container), [
            "env GF_SECURITY_ADMIN_PASSWORD carries a credential in plain text; upload it as a secret file",
            "/etc/grafana/grafana.ini: a credential is written inline (admin_password); read it from a secret file",
            "/etc/grafana/secrets/admin-password: a credential file must be mode 0400",
        ]);
        const configMap = find(prod, "kubernetes:core/v1:ConfigMap", (p) => p.metadata.name === "alertmanager-config");
        assert.deepEqual(await violations(credentialsOnlyAsSecrets, "kubernetes:core/v1:ConfigMap", configMap), []);
        const key = Object.keys(configMap.data)[0];
        configMap.data[key] = configMap.data[key].replace("service_key_file: /etc/alertmanager/secrets/pagerduty-service-key", "service_key: 0123456789abcdef");
        assert.deepEqual(await violations(credentialsOnlyAsSecrets, "kubernetes:core/v1:ConfigMap", configMap), [
            `ConfigMap key ${key}: a credential is written inline (service_key); put it in a Secret`,
        ]);
    });

    it("alert-rules-routed-with-runbooks: fails a rule with an unrouted severity, no owner or no runbook, in Grafana and in Prometheus' files", async () => {
        assert.deepEqual(routedSeverities, ["critical", "info", "none", "warning"]);
        assert.deepEqual(ownerValues, ["monitoring", "platform"]);
        const group = find(dev, "grafana:alerting/ruleGroup:RuleGroup", (p) => p.name === "provisioning_alerts");
        assert.deepEqual(await violations(alertRulesRoutedWithRunbooks, "grafana:alerting/ruleGroup:RuleGroup", group), []);
        group.rules[0].labels.severity = "page";
        delete group.rules[1].annotations.runbook_url;
        delete group.rules[0].labels.owner;
        const [first, second] = [group.rules[0].name, group.rules[1].name];
        assert.deepEqual(await violations(alertRulesRoutedWithRunbooks, "grafana:alerting/ruleGroup:RuleGroup", group), [
            `rule group provisioning_alerts: alert ${first} has severity page; the routing tree routes critical, info, none, warning`,
            `rule group provisioning_alerts: alert ${first} has owner (none); expected one of monitoring, platform`,
            `rule group provisioning_alerts: alert ${second} has no https runbook_url`,
        ]);
        const prometheus = find(dev, "docker:index/container:Container", (p) => p.name === "monitoring-dev-prometheus");
        assert.deepEqual(await violations(alertRulesRoutedWithRunbooks, "docker:index/container:Container", prometheus), []);
        const rules = prometheus.uploads.find((u: { file: string }) => u.file.endsWith("/rules/stack-health.yml"));
        rules.content = rules.content.replace("severity: warning", "severity: low").replace("owner: monitoring", "owner: nobody");
        const found = await violations(alertRulesRoutedWithRunbooks, "docker:index/container:Container", prometheus);
        assert.equal(found.length, 2, JSON.stringify(found));
        assert.match(
            found[0],
            /^\/etc\/prometheus\/rules\/stack-health\.yml: alert \w+ has severity low; the routing tree routes critical, info, none, warning$/,
        );
        assert.match(found[1], /^\/etc\/prometheus\/rules\/stack-health\.yml: alert \w+ has owner nobody; expected one of monitoring, platform$/);
    });
});
