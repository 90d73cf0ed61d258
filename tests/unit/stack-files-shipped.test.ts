// The stack files the project ships belong to the user: the tests check that each is valid and pin nothing of what it
// says (nor of the user's files in user/). A copy of each, with every key changed to another valid value (one at a time, then all at once), passes the
// same checks; no other test or support file reads them (each reads tests/fixtures/stacks instead).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument } from "yaml";
import { ConfigKey, configKeys } from "../../model/config/schema";
import { projectRoot } from "../support/stack-files";
import { shippedStackNames, shippedStackProblems, shippedUserFileProblems } from "../support/shipped-stack-checks";

/** Keys (without `monitoring:`) and YAML values set together; a change may bring the keys its value needs. */
type Change = Readonly<Record<string, unknown>>;
type PlatformChanges = { readonly docker: readonly Change[]; readonly kubernetes: readonly Change[] };

const host = (h: string) => ({ host: h, tlsSecretName: "grafana-tls" });
const sso = (base: string, admins: string[]) => ({
    authUrl: `${base}/authorize`,
    tokenUrl: `${base}/token`,
    apiUrl: `${base}/userinfo`,
    clientId: "grafana",
    roles: { Admin: admins },
});

/** Two other valid values for every key the program reads, by platform where that matters: literals. */
const otherValues: Readonly<Record<ConfigKey, readonly Change[] | PlatformChanges>> = {
    platform: {
        docker: [{ platform: "kubernetes", grafanaUrl: "http://localhost:3000" }],
        kubernetes: [{ platform: "docker", alertmanagerReplicas: 1, prometheusReplicas: 1 }],
    },
    cluster: [{ cluster: "provisioning-staging" }, { cluster: "provisioning-qa" }],
    components: [{ components: ["prometheus", "grafana", "alertmanager"] }, { components: ["prometheus", "alertmanager", "node-exporter"] }],
    ports: [{ ports: { prometheus: 19090 } }, { ports: { grafana: 13000 } }],
    bindAddress: [{ bindAddress: "0.0.0.0" }, { bindAddress: "127.0.0.1" }],
    externalHost: [{ externalHost: "monitoring.corp.internal" }, { externalHost: "localhost" }],
    scrapeInterval: [{ scrapeInterval: "30s" }, { scrapeInterval: "15s" }],
    evaluationInterval: [{ evaluationInterval: "30s" }, { evaluationInterval: "15s" }],
    prometheusRetentionTime: [{ prometheusRetentionTime: "15d" }, { prometheusRetentionTime: "7d" }],
    prometheusRetentionSize: [{ prometheusRetentionSize: "40GB" }, { prometheusRetentionSize: "20GB" }],
    lokiRetention: [{ lokiRetention: "336h" }, { lokiRetention: "168h" }],
    tempoRetention: [{ tempoRetention: "168h" }, { tempoRetention: "72h" }],
    platformTargets: [
        { platformTargets: [{ job: "payments", targets: ["payments.corp.internal:9100"], scrapeInterval: "30s" }] },
        { platformTargets: [{ job: "billing", targets: ["billing.corp.internal:8080"] }] },
    ],
    remoteWrite: [{ remoteWrite: [{ url: "https://metrics.corp.internal/api/v1/write" }] }, { remoteWrite: [{ url: "https://archive.corp.internal/write" }] }],
    // Dev keeps every signal on its volume: an empty object is unset there.
    objectStorage: {
        docker: [{ objectStorage: {} }],
        kubernetes: [
            { objectStorage: { endpoint: "https://s3.eu-west-1.amazonaws.com", region: "eu-west-1", buckets: { metrics: "corp-metrics" } } },
            { objectStorage: { endpoint: "http://minio.storage:9000", buckets: { logs: "corp-logs" } } },
        ],
    },
    // Thanos needs a metrics bucket: on kubernetes with object storage, on docker left off.
    thanos: {
        docker: [{ thanos: { enabled: false, retention: { raw: "7d" } } }],
        kubernetes: [
            {
                thanos: { enabled: true, retention: { raw: "15d" } },
                objectStorage: { endpoint: "http://minio.storage:9000", buckets: { metrics: "corp-metrics" } },
            },
            { thanos: { enabled: false } },
        ],
    },
    lokiObjectStorageFrom: {
        docker: [{ lokiObjectStorageFrom: "" }],
        kubernetes: [
            { objectStorage: { endpoint: "http://minio.storage:9000", buckets: { logs: "corp-logs" } }, lokiObjectStorageFrom: "2027-01-15" },
            { objectStorage: { endpoint: "http://minio.storage:9000", buckets: { logs: "corp-logs" } }, lokiObjectStorageFrom: "2027-02-01" },
        ],
    },
    images: [{ images: { grafana: "grafana/grafana:13.1.4" } }, { images: { loki: "grafana/loki:3.6.6" } }],
    grafanaAdminUser: [{ grafanaAdminUser: "operator" }, { grafanaAdminUser: "admin" }],
    alertEmailTo: [{ alertEmailTo: "oncall@corp.internal" }, { alertEmailTo: "ops@corp.internal" }],
    alertEmailFrom: [{ alertEmailFrom: "alerts@corp.internal" }, { alertEmailFrom: "monitoring@corp.internal" }],
    smtpSmarthost: [{ smtpSmarthost: "smtp.corp.internal:587" }, { smtpSmarthost: "smtp.corp.internal:25" }],
    smtpUsername: [{ smtpUsername: "alerts" }, { smtpUsername: "monitoring" }],
    slackChannel: [{ slackChannel: "#team-alerts" }, { slackChannel: "#ops" }],
    dockerHost: [{ dockerHost: "tcp://docker.corp.internal:2376" }, { dockerHost: "unix:///var/run/docker.sock" }],
    notificationChannels: [{ notificationChannels: ["pagerduty"] }, { notificationChannels: [] }],
    retainDataOnDestroy: [{ retainDataOnDestroy: false }, { retainDataOnDestroy: true }],
    platformAlertsEvaluator: [{ platformAlertsEvaluator: "prometheus" }, { platformAlertsEvaluator: "grafana" }],
    grafanaUrl: [{ grafanaUrl: "http://localhost:3000" }, { grafanaUrl: "https://grafana.corp.internal" }],
    maintenanceWindows: [
        { maintenanceWindows: [{ weekdays: ["saturday", "sunday"] }] },
        { maintenanceWindows: [{ times: [{ start: "22:00", end: "02:00" }], location: "Europe/Berlin" }] },
    ],
    namespace: [{ namespace: "observability" }, { namespace: "monitoring" }],
    storageClass: [{ storageClass: "fast-ssd" }, { storageClass: "standard" }],
    storageSizes: [{ storageSizes: { prometheus: "100Gi" } }, { storageSizes: { loki: "80Gi" } }],
    resources: [{ resources: { grafana: { limits: { memory: "2Gi" } } } }, { resources: { loki: { limits: { cpu: "4" } } } }],
    grafanaIngress: [{ grafanaIngress: host("grafana.corp.internal") }, { grafanaIngress: host("dashboards.corp.internal") }],
    // A route takes the Ingress' place: the two are refused together.
    grafanaHttpRoute: [
        { grafanaHttpRoute: { host: "grafana.corp.internal", gateway: { name: "public", namespace: "gateways" } }, grafanaIngress: {} },
        { grafanaHttpRoute: { host: "dashboards.corp.internal", gateway: { name: "internal", namespace: "gateways" } }, grafanaIngress: {} },
    ],
    grafanaSso: [
        { grafanaSso: sso("https://login.corp.internal/oauth2", ["grafana-admins"]) },
        { grafanaSso: sso("https://sso.corp.internal/oauth2", ["ops"]) },
    ],
    alertmanagerReplicas: { docker: [{ alertmanagerReplicas: 1 }], kubernetes: [{ alertmanagerReplicas: 5 }, { alertmanagerReplicas: 3 }] },
    prometheusReplicas: { docker: [{ prometheusReplicas: 1 }], kubernetes: [{ prometheusReplicas: 1 }, { prometheusReplicas: 2 }] },
    clientNamespaces: [{ clientNamespaces: ["provisioning", "payments"] }, { clientNamespaces: ["provisioning"] }],
    kubeContext: [{ kubeContext: "prod-cluster" }, { kubeContext: "staging-cluster" }],
    runbookBaseUrl: [{ runbookBaseUrl: "https://github.com/acme/monitoring/blob/main/runbooks" }, { runbookBaseUrl: "https://runbooks.corp.internal" }],
    logAgent: [{ logAgent: "alloy" }, { logAgent: "promtail" }],
    otlpCollector: [{ otlpCollector: false }, { otlpCollector: true }],
    allowPlaceholders: [{ allowPlaceholders: true }, { allowPlaceholders: false }],
    allowNoHeartbeat: [{ allowNoHeartbeat: true }, { allowNoHeartbeat: false }],
    teams: [{ teams: [{ name: "payments", receivers: { email: "payments@corp.internal" } }] }, { teams: [] }],
    // Kubernetes only; it needs a team with namespaces.
    prometheusOperator: {
        docker: [],
        kubernetes: (["install", "existing"] as const).map((crds) => ({
            prometheusOperator: { crds },
            teams: [{ name: "payments", namespaces: ["provisioning"], receivers: { email: "payments@corp.internal" } }],
        })),
    },
};

const stackFile = (dir: string, stack: string) => path.join(dir, `Pulumi.${stack}.yaml`);

/** The first change to `key` whose value differs from the stack file's own. */
function otherValue(config: Record<string, unknown>, key: ConfigKey): Change {
    const given = otherValues[key];
    const platform = config["monitoring:platform"] === "kubernetes" ? "kubernetes" : "docker";
    const changes = Array.isArray(given) ? given : (given as PlatformChanges)[platform];
    const change = changes.find((c) => JSON.stringify(c[key]) !== JSON.stringify(config[`monitoring:${key}`]));
    assert.ok(change, `no value of monitoring:${key} other than the stack file's in otherValues`);
    return change;
}

/** A copy of the project's Pulumi.<stack>.yaml in `dir` with `changes` applied (comments kept); returns `dir`. */
function changedCopy(dir: string, stack: string, changes: readonly Change[]): string {
    const doc = parseDocument(fs.readFileSync(stackFile(projectRoot, stack), "utf8"));
    for (const change of changes) for (const [key, value] of Object.entries(change)) doc.setIn(["config", `monitoring:${key}`], value);
    fs.writeFileSync(stackFile(dir, stack), String(doc));
    return dir;
}

const configOf = (stack: string): Record<string, unknown> =>
    (parseDocument(fs.readFileSync(stackFile(projectRoot, stack), "utf8")).toJS() as { config?: Record<string, unknown> }).config ?? {};

describe("the project's stack files (the user's): valid, nothing pinned", () => {
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "shipped-stacks-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("ships a dev and a prod stack", () => {
        for (const stack of ["dev", "prod"]) assert.ok(shippedStackNames().includes(stack), stack);
    });

    for (const stack of shippedStackNames()) {
        it(`Pulumi.${stack}.yaml is valid`, () => {
            assert.deepEqual(shippedStackProblems(projectRoot, stack), []);
        });

        it(`Pulumi.${stack}.yaml stays valid with each of its keys changed to another valid value, and with all of them changed`, () => {
            const config = configOf(stack);
            const keys = Object.keys(config)
                .filter((k) => k.startsWith("monitoring:") && k.slice("monitoring:".length) in configKeys)
                .map((k) => k.slice("monitoring:".length) as ConfigKey);
            assert.ok(keys.length >= 10, `keys: ${keys.join(", ")}`);
            for (const key of keys) {
                const change = otherValue(config, key);
                assert.deepEqual(shippedStackProblems(changedCopy(dir, stack, [change]), stack), [], `monitoring:${key} set to ${JSON.stringify(change)}`);
            }
            // The platform first: the other keys then take values valid on the new platform, and keep what its change needs.
            const platform = keys.includes("platform") ? [otherValue(config, "platform")] : [];
            const onNewPlatform = { ...config, ...Object.fromEntries(Object.entries(platform[0] ?? {}).map(([k, v]) => [`monitoring:${k}`, v])) };
            const all = [...platform, ...keys.filter((key) => !(key in (platform[0] ?? {}))).map((key) => otherValue(onNewPlatform, key))];
            assert.deepEqual(shippedStackProblems(changedCopy(dir, stack, all), stack), [], "every key changed at once");
        });
    }

    it("ships valid user files (user/dashboards/, user/rules/), whatever they are", () => {
        assert.deepEqual(shippedUserFileProblems(), []);
    });

    it("has another value for every key the program reads", () => {
        assert.deepEqual(Object.keys(otherValues).sort(), Object.keys(configKeys).sort());
    });

    it("reports a stack file that would not deploy, one line per problem naming the file and the key", () => {
        assert.deepEqual(shippedStackProblems(changedCopy(dir, "dev", [{ scrapeInterval: "15 seconds" }]), "dev"), [
            'Pulumi.dev.yaml: monitoring:scrapeInterval: expected a duration such as 15s, 1m, 30d or 1h30m (units y, w, d, h, m, s, ms) (got "15 seconds")',
        ]);
    });

    it("is read by no other test or support file: they read tests/fixtures/stacks", () => {
        const readers = /(readStackFileConfig|listStacks|readUserFiles)\(\s*projectRoot|path\.join\(\s*projectRoot\s*,\s*["'`]Pulumi\.(?!yaml)/;
        const files = ["tests", "support", "bench"].flatMap((d) =>
            fs
                .readdirSync(path.join(projectRoot, d), { recursive: true, encoding: "utf8" })
                .filter((f) => f.endsWith(".ts"))
                .map((f) => path.join(d, f)),
        );
        const allowed = [path.join("tests", "support", "shipped-stack-checks.ts"), path.join("tests", "unit", "stack-files-shipped.test.ts")];
        const offenders = files.filter((f) => !allowed.includes(f) && readers.test(fs.readFileSync(path.join(projectRoot, f), "utf8")));
        assert.deepEqual(offenders, []);
        // The guard itself, on the ways a file would read them.
        for (const read of [
            "readStackFileConfig(projectRoot, stack)",
            "listStacks(projectRoot)",
            "readUserFiles(projectRoot)",
            'path.join(projectRoot, "Pulumi.dev.yaml")',
        ])
            assert.match(read, readers);
        assert.doesNotMatch('path.join(projectRoot, "Pulumi.yaml")', readers);
    });
});
