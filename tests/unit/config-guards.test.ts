// Literal cases for the config parser's guards that mutation testing found untested (docs/mutation-testing.md): a key
// with a refused value never causes a second line through a check across keys; defaults when a key is unset and the
// value when set; key order of the problems; secrets counted as set only when non-empty; placeholders refused only
// on kubernetes and only when asked.
import { strict as assert } from "assert";
import { isHostName } from "../../model/config/hosts";
import { closest, setSecretCommand } from "../../model/config/messages";
import { ConfigError, parseStackConfig } from "../../model/config/parse";
import { fakeSecrets, readStackFile } from "../support/stack-files";
import { configProblems } from "../support/config-problems";

const dev = readStackFile("dev");
const prod = { ...readStackFile("prod"), ...fakeSecrets };

const problemsOf = configProblems;
const heartbeat = { "monitoring:deadMansSwitchUrl": "x" };

describe("stack config: guards of the checks across keys", () => {
    it("reports a refused value once, never again through a check that would read its default", () => {
        // Components refused: its default (all seven) would clash with Prometheus moved onto Grafana's port.
        assert.deepEqual(problemsOf({ ...dev, "monitoring:components": '["prometheus","nope"]', "monitoring:ports": '{"prometheus":3000}' }), [
            'monitoring:components[1]: expected one of prometheus, grafana, loki, promtail, tempo, alertmanager, node-exporter (got "nope")',
        ]);
        // Not JSON: marked refused all the same.
        assert.deepEqual(problemsOf({ ...dev, "monitoring:components": "[oops", "monitoring:ports": '{"prometheus":3000}' }), [
            'monitoring:components: expected a list of components from prometheus, grafana, loki, promtail, tempo, alertmanager, node-exporter (got "[oops")',
        ]);
        // The same clash with components valid is reported.
        assert.deepEqual(problemsOf({ ...dev, "monitoring:ports": '{"prometheus":3000}' }), [
            "monitoring:ports: port 3000 is used by prometheus and grafana; each port must be used once",
        ]);
    });

    it("asks for somewhere to deliver Grafana's alerts only when notificationChannels was not refused", () => {
        const base = { ...dev, "monitoring:components": '["prometheus","grafana"]', "monitoring:platformAlertsEvaluator": "grafana" };
        assert.deepEqual(problemsOf({ ...base, "monitoring:notificationChannels": '["sms"]' }), [
            'monitoring:notificationChannels[0]: expected one of email, pagerduty, slack (got "sms")',
        ]);
        assert.deepEqual(problemsOf(base), [
            'monitoring:platformAlertsEvaluator: Grafana-evaluated alerts need somewhere to go: enable a notificationChannel or deploy alertmanager (got "grafana")',
        ]);
        assert.deepEqual(problemsOf({ ...base, "monitoring:components": '["prometheus"]' }), [
            'monitoring:platformAlertsEvaluator: grafana needs the grafana component; add it or use prometheus (got "grafana")',
        ]);
    });

    it("compares the Prometheus claim with the retention size only when both keys were accepted", () => {
        // Each alone would compare the other's default: 100GB against the default claim, 50GB against a 10Gi claim.
        assert.deepEqual(problemsOf({ ...prod, "monitoring:storageSizes": '{"prometheus":"lots"}', "monitoring:prometheusRetentionSize": "100GB" }, "prod"), [
            'monitoring:storageSizes.prometheus: expected a size such as 10Gi (units Mi, Gi, Ti) (got "lots")',
        ]);
        assert.deepEqual(problemsOf({ ...prod, "monitoring:storageSizes": '{"prometheus":"10Gi"}', "monitoring:prometheusRetentionSize": "huge" }, "prod"), [
            'monitoring:prometheusRetentionSize: expected a size such as 512MB or 50GB (units B, KB, MB, GB, TB, PB, EB) (got "huge")',
        ]);
    });

    it("asks for grafanaUrl on kubernetes only when neither it nor grafanaIngress was given, valid or not", () => {
        const { "monitoring:grafanaIngress": _ingress, ...noIngress } = prod;
        assert.deepEqual(problemsOf({ ...noIngress, "monitoring:grafanaUrl": "localhost:3000" }, "prod"), [
            'monitoring:grafanaUrl: expected the http(s) URL the Pulumi CLI reaches Grafana on (got "localhost:3000")',
        ]);
        assert.deepEqual(problemsOf({ ...noIngress, "monitoring:grafanaIngress": '{"host":"g.example.com"}' }, "prod"), [
            "monitoring:grafanaIngress.tlsSecretName: expected a DNS subdomain name (lowercase letters, digits, '-' and '.') such as grafana-tls (not set)",
        ]);
        assert.deepEqual(problemsOf({ ...noIngress, "monitoring:components": '["grafana","bogus"]' }, "prod"), [
            'monitoring:components[1]: expected one of prometheus, grafana, loki, promtail, tempo, alertmanager, node-exporter (got "bogus")',
        ]);
    });

    it("holds the namespace length and the single-replica rules to their platform", () => {
        assert.deepEqual(problemsOf({ ...dev, "monitoring:namespace": "n".repeat(59) }), []);
        assert.deepEqual(problemsOf({ ...prod, "monitoring:prometheusReplicas": "2" }, "prod"), []);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:prometheusReplicas": "2" }), [
            "monitoring:prometheusReplicas: the docker platform runs one Prometheus; two need platform kubernetes (got 2)",
        ]);
    });
});

describe("stack config: defaults, values and order", () => {
    it("fills every default of an otherwise empty docker stack", () => {
        const config = parseStackConfig({}, "dev");
        assert.deepEqual(
            [config.cluster, config.scrapeInterval, config.evaluationInterval, config.retainDataOnDestroy, config.runbookBaseUrl, config.clientNamespaces],
            ["provisioning-dev", "15s", "15s", true, "https://runbooks.provisioning.example.com", ["provisioning"]],
        );
        const retention = (c: typeof config) => [c.prometheusRetentionTime, c.prometheusRetentionSize, c.lokiRetention, c.tempoRetention];
        assert.deepEqual(retention(config), ["7d", undefined, "168h", "72h"]);
        assert.equal(
            parseStackConfig({ "monitoring:platform": "kubernetes", "monitoring:grafanaUrl": "http://localhost:3000", ...heartbeat }, "prod")
                .prometheusRetentionSize,
            "50GB",
        );
    });

    it("keeps every value that is set, the empty defaults of Pulumi.yaml meaning unset", () => {
        const config = parseStackConfig(
            {
                "monitoring:scrapeInterval": "30s",
                "monitoring:evaluationInterval": "1m",
                "monitoring:prometheusRetentionTime": "14d",
                "monitoring:prometheusRetentionSize": "20GB",
                "monitoring:lokiRetention": "48h",
                "monitoring:tempoRetention": "24h",
                "monitoring:retainDataOnDestroy": "false",
                "monitoring:runbookBaseUrl": "https://wiki.example.org/runbooks//",
                "monitoring:clientNamespaces": '["b","a","b"]',
                "monitoring:components": "[]",
                "monitoring:ports": "{}",
                "monitoring:cluster": "",
            },
            "dev",
        );
        assert.deepEqual(
            [config.scrapeInterval, config.evaluationInterval, config.retainDataOnDestroy, config.runbookBaseUrl, config.clientNamespaces],
            ["30s", "1m", false, "https://wiki.example.org/runbooks", ["a", "b"]],
        );
        assert.deepEqual(
            [config.prometheusRetentionTime, config.prometheusRetentionSize, config.lokiRetention, config.tempoRetention],
            ["14d", "20GB", "48h", "24h"],
        );
        assert.deepEqual([config.cluster, config.components.length, config.ports.grafana], ["provisioning-dev", 7, 3000]);
    });

    it("sorts the channels, and lists problems in key order whatever order the stack file has", () => {
        const config = parseStackConfig(
            { ...dev, "monitoring:notificationChannels": '["slack","pagerduty"]', "monitoring:slackChannel": "#a", ...fakeSecrets },
            "dev",
        );
        assert.deepEqual(config.notificationChannels, ["pagerduty", "slack"]);
        assert.deepEqual(problemsOf({ "monitoring:zzz": "1", "monitoring:aaa": "2" }), [
            "monitoring:aaa: unknown key (accepted keys: " + knownKeysText() + ")",
            "monitoring:zzz: unknown key (accepted keys: " + knownKeysText() + ")",
        ]);
    });

    it("counts a secret as set only when it has a value", () => {
        assert.deepEqual(parseStackConfig({ "monitoring:smtpPassword": "", "monitoring:slackWebhookUrl": "x" }, "dev").secretsSet, ["slackWebhookUrl"]);
    });

    it("says ConfigError's problems one per line under one heading", () => {
        const error = new ConfigError(["a: first", "b: second"]);
        assert.deepEqual([error.name, error.message], ["ConfigError", "Invalid stack configuration:\n  - a: first\n  - b: second"]);
    });

    it("refuses placeholders on kubernetes when asked, and nowhere else", () => {
        const refused = problemsOf(prod, "prod", { refusePlaceholders: true });
        assert.ok(refused.length > 0 && refused.every((p) => p.includes("placeholder")), refused.join("\n"));
        assert.deepEqual(problemsOf(prod, "prod"), []);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:externalHost": "monitoring.example.com" }, "dev", { refusePlaceholders: true }), []);
    });
});

describe("stack config: one line per problem, with what is accepted", () => {
    it("names an unknown field with its closest accepted one, inside an object and inside a list element", () => {
        assert.deepEqual(problemsOf({ "monitoring:ports": '{"promethus":9091}' }), [
            "monitoring:ports: unknown field promethus (did you mean prometheus?); accepted: prometheus, grafana, loki, alertmanager, nodeExporter, tempo, tempoOtlpGrpc, tempoOtlpHttp, promtail, otlpGrpc, otlpHttp, otelCollector",
        ]);
        assert.deepEqual(problemsOf({ "monitoring:ports": '{"promethus":9091,"grafna":1}' }), [
            "monitoring:ports: unknown field promethus (did you mean prometheus?), grafna (did you mean grafana?); accepted: prometheus, grafana, loki, alertmanager, nodeExporter, tempo, tempoOtlpGrpc, tempoOtlpHttp, promtail, otlpGrpc, otlpHttp, otelCollector",
        ]);
        assert.deepEqual(problemsOf({ "monitoring:resources": '{"loki":{"request":{"cpu":"1"}}}' }), [
            "monitoring:resources.loki: unknown field request (did you mean requests?); accepted: requests, limits",
        ]);
        assert.deepEqual(problemsOf({ "monitoring:platformTargets": '[{"job":"x","targets":["a:1"],"intervall":"5s"}]' }), [
            "monitoring:platformTargets[0]: unknown field intervall; accepted: job, targets, kubernetes, metricsPath, scheme, scrapeInterval, labels, credentials",
        ]);
    });

    it("points out a look-alike character in an unknown field that is not the first, counted within that field", () => {
        assert.deepEqual(problemsOf({ "monitoring:ports": '{"grafna":1,"promt\u0430il":2}' }), [
            "monitoring:ports: unknown field grafna (did you mean grafana?), promt\u0430il (did you mean promtail?); accepted: prometheus, grafana, loki, alertmanager, nodeExporter, tempo, tempoOtlpGrpc, tempoOtlpHttp, promtail, otlpGrpc, otlpHttp, otelCollector; it contains U+0430 (Cyrillic small a, looks like 'a') at character 6",
        ]);
    });

    it("points out a look-alike character in a refused value", () => {
        assert.deepEqual(problemsOf({ "monitoring:logAgent": "promt\u0430il" }), [
            "monitoring:logAgent: expected promtail or alloy (got \"promt\u0430il\"); it contains U+0430 (Cyrillic small a, looks like 'a') at character 6",
        ]);
    });

    it("refuses a plain-text secret named with or without the namespace, and reads bare keys as monitoring's", () => {
        const line =
            "monitoring:smtpPassword: a secret must not be written in plain text in the stack file; encrypt it with: pulumi config set --secret monitoring:smtpPassword <password>";
        assert.deepEqual(problemsOf({ "monitoring:smtpPassword": "x" }, "dev", { plainTextKeys: ["smtpPassword"] }), [line]);
        assert.deepEqual(problemsOf({ smtpPassword: "x" }, "dev", { plainTextKeys: ["monitoring:smtpPassword"] }), [line]);
        assert.equal(parseStackConfig({ scrapeInterval: "30s" }, "dev").scrapeInterval, "30s");
    });

    it("refuses a platform job named twice or after a component, at each later entry", () => {
        assert.deepEqual(
            problemsOf({ "monitoring:platformTargets": '[{"job":"x","targets":["a:1"]},{"job":"x","targets":["b:1"]},{"job":"grafana","targets":["c:1"]}]' }),
            [
                'monitoring:platformTargets[1].job: job names must be unique and not a component name (got "x")',
                'monitoring:platformTargets[2].job: job names must be unique and not a component name (got "grafana")',
            ],
        );
    });

    it("keeps a storage class and a kube context when set, and leaves them out when not", () => {
        const base = { "monitoring:platform": "kubernetes", "monitoring:grafanaUrl": "http://localhost:3000", ...heartbeat };
        const set = parseStackConfig({ ...base, "monitoring:storageClass": "gold", "monitoring:kubeContext": "ctx" }, "prod");
        assert.deepEqual([set.storageClass, set.kubeContext], ["gold", "ctx"]);
        const unset = parseStackConfig(base, "prod");
        assert.deepEqual(["storageClass" in unset, "kubeContext" in unset], [false, false]);
    });
});

describe("stack config: the rules across keys, each where it applies", () => {
    it("refuses a kubernetes stack with Alertmanager but no heartbeat, unless monitoring:allowNoHeartbeat: true", () => {
        const k8s = { "monitoring:platform": "kubernetes", "monitoring:grafanaUrl": "http://localhost:3000" };
        assert.deepEqual(problemsOf(k8s, "prod"), [
            "monitoring:deadMansSwitchUrl: required secret on kubernetes, or the Watchdog goes to a blackhole and a dead Prometheus or Alertmanager pages no one (not set); " +
                "set it with: pulumi config set --secret monitoring:deadMansSwitchUrl <heartbeat-url> (or monitoring:allowNoHeartbeat: true to deploy without a heartbeat)",
        ]);
        assert.deepEqual(problemsOf({ ...k8s, ...heartbeat }, "prod"), []);
        assert.deepEqual(problemsOf({ ...k8s, "monitoring:allowNoHeartbeat": "true" }, "prod"), []);
        assert.equal(parseStackConfig({ ...k8s, "monitoring:allowNoHeartbeat": "true" }, "prod").allowNoHeartbeat, true);
        // No Alertmanager: no Watchdog route to miss. Docker (dev) is told in the deploy summary instead (deploy/operations.ts).
        assert.deepEqual(problemsOf({ ...k8s, "monitoring:components": '["prometheus","grafana"]' }, "prod"), []);
        assert.deepEqual(problemsOf({}, "dev"), []);
        assert.deepEqual(problemsOf({ ...k8s, "monitoring:allowNoHeartbeat": '"yes"' }, "prod"), [
            'monitoring:allowNoHeartbeat: expected true or false (got "yes")',
        ]);
    });

    it("lets Grafana evaluate the platform's alerts by default only when it can deliver them", () => {
        const evaluator = (raw: Record<string, string>) => parseStackConfig(raw, "dev").platformAlertsEvaluator;
        assert.deepEqual(
            [
                evaluator({}),
                evaluator({ "monitoring:components": '["prometheus","grafana"]' }),
                evaluator({
                    "monitoring:components": '["prometheus","grafana"]',
                    "monitoring:notificationChannels": '["slack"]',
                    "monitoring:slackChannel": "#a",
                    ...fakeSecrets,
                }),
            ],
            ["grafana", "prometheus", "grafana"],
        );
        assert.deepEqual(problemsOf({ "monitoring:components": '["prometheus"]', "monitoring:platformAlertsEvaluator": "prometheus" }), []);
        assert.deepEqual(problemsOf({ "monitoring:components": '["grafana","alertmanager"]', "monitoring:platformAlertsEvaluator": "grafana" }), []);
    });

    it("counts port clashes among deployed components only", () => {
        assert.deepEqual(problemsOf({ "monitoring:components": '["prometheus","loki"]', "monitoring:ports": '{"grafana":9090}' }), []);
    });

    it("takes a whole number of days of Loki retention, from one day up", () => {
        assert.deepEqual(problemsOf({ "monitoring:lokiRetention": "24h" }), []);
        assert.deepEqual(problemsOf({ "monitoring:lokiRetention": "0d" }), [
            'monitoring:lokiRetention: expected a whole number of days of at least 24h, since Loki\'s index period is 24h (got "0d")',
        ]);
        assert.deepEqual(problemsOf({ "monitoring:lokiRetention": "36h" }), [
            'monitoring:lokiRetention: expected a whole number of days of at least 24h, since Loki\'s index period is 24h (got "36h")',
        ]);
    });

    it("compares the Prometheus claim with the retention size on kubernetes only, using the size set", () => {
        assert.deepEqual(problemsOf({ "monitoring:prometheusRetentionSize": "500GB" }), []);
        assert.deepEqual(problemsOf({ ...prod, "monitoring:prometheusRetentionSize": "70GB", "monitoring:storageSizes": '{"prometheus":"61Gi"}' }, "prod"), [
            "monitoring:storageSizes.prometheus: the claim (61Gi) must be larger than prometheusRetentionSize (70GB), with room for the WAL and compaction",
        ]);
    });

    it("shows a refused number as it was given, with no note", () => {
        assert.deepEqual(problemsOf({ ...prod, "monitoring:prometheusReplicas": "3" }, "prod"), [
            "monitoring:prometheusReplicas: expected 1 or 2 replicas (0 or unset: the platform's default) (got 3)",
        ]);
    });
});

describe("stack config: platform targets, their discovery and their credentials", () => {
    const discovery = (namespaces?: string[]) => JSON.stringify([{ job: "payments", kubernetes: { role: "pod", namespaces } }]);
    const withCredentials = JSON.stringify([{ job: "payments", targets: ["a:1"], credentials: { type: "bearer" } }]);
    const needsPaymentsSecret =
        "monitoring:platformTargets[0].credentials: needs the secret monitoring:scrapeCredentials.payments; " +
        "set it with: pulumi config set --secret --path 'monitoring:scrapeCredentials.payments' <token-or-password>";

    it("refuses Kubernetes discovery on docker, and nothing more about its namespaces", () => {
        assert.deepEqual(problemsOf({ ...dev, "monitoring:platformTargets": discovery(["apps"]) }), [
            "monitoring:platformTargets[0].kubernetes: discovery needs platform kubernetes; on docker write targets: [host:port]",
        ]);
    });

    it("refuses a discovered namespace that Prometheus does not watch, unless namespace or clientNamespaces was refused", () => {
        assert.deepEqual(problemsOf({ ...prod, "monitoring:platformTargets": discovery(["provisioning", "apps", "monitoring"]) }, "prod"), [
            "monitoring:platformTargets[0].kubernetes.namespaces: Prometheus does not watch namespace apps; add it to monitoring:clientNamespaces",
        ]);
        // Either refused: which namespaces were meant is unknown, so the refusal is the only line.
        const dnsLabel = "expected a DNS label (lowercase letters, digits and '-', at most 63 characters) such as monitoring";
        assert.deepEqual(problemsOf({ ...prod, "monitoring:platformTargets": discovery(["apps"]), "monitoring:clientNamespaces": '["Apps"]' }, "prod"), [
            `monitoring:clientNamespaces[0]: ${dnsLabel} (got "Apps")`,
        ]);
        assert.deepEqual(problemsOf({ ...prod, "monitoring:platformTargets": discovery(["apps"]), "monitoring:namespace": "Apps" }, "prod"), [
            `monitoring:namespace: ${dnsLabel} (got "Apps")`,
        ]);
    });

    it("discovers in the namespaces given, sorted and once each, else in clientNamespaces; static targets stay as they are", () => {
        const targets = [
            { job: "payments", kubernetes: { role: "pod", namespaces: ["provisioning", "monitoring", "provisioning"] } },
            { job: "billing", kubernetes: { role: "service" } },
            { job: "static", targets: ["a:1"] },
        ];
        assert.deepEqual(parseStackConfig({ ...prod, "monitoring:platformTargets": JSON.stringify(targets) }, "prod").platformTargets, [
            { job: "payments", metricsPath: "/metrics", scheme: "http", targets: [], kubernetes: { role: "pod", namespaces: ["monitoring", "provisioning"] } },
            { job: "billing", metricsPath: "/metrics", scheme: "http", targets: [], kubernetes: { role: "service", namespaces: ["provisioning"] } },
            { job: "static", targets: ["a:1"], metricsPath: "/metrics", scheme: "http" },
        ]);
    });

    it("asks for the scrapeCredentials entry of a job with credentials", () => {
        assert.deepEqual(problemsOf({ ...dev, "monitoring:platformTargets": withCredentials }), [needsPaymentsSecret]);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:platformTargets": withCredentials, "monitoring:scrapeCredentials": "{}" }), [needsPaymentsSecret]);
        // Another job's entry does not do, nor does a secret read after scrapeCredentials (slackWebhookUrl) forget its entries.
        const otherJob = { "monitoring:scrapeCredentials": '{"billing":"t"}', "monitoring:slackWebhookUrl": "x" };
        assert.deepEqual(problemsOf({ ...dev, "monitoring:platformTargets": withCredentials, ...otherJob }), [needsPaymentsSecret]);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:platformTargets": withCredentials, "monitoring:scrapeCredentials": '{"payments":"t"}' }), []);
    });

    it("counts a scrapeCredentials value that is no JSON object as set for every job (its entries cannot be read)", () => {
        for (const value of ["null", "5", '["billing"]', "token"]) {
            const config = parseStackConfig({ ...dev, "monitoring:platformTargets": withCredentials, "monitoring:scrapeCredentials": value }, "dev");
            assert.deepEqual(config.secretsSet, ["scrapeCredentials"], value);
        }
    });

    it("writes the command that sets a secret, one entry at a time for scrapeCredentials", () => {
        assert.equal(setSecretCommand("slackWebhookUrl"), "pulumi config set --secret monitoring:slackWebhookUrl <webhook-url>");
        assert.equal(setSecretCommand("scrapeCredentials"), "pulumi config set --secret --path 'monitoring:scrapeCredentials.<job>' <token-or-password>");
        assert.equal(
            setSecretCommand("scrapeCredentials", "billing"),
            "pulumi config set --secret --path 'monitoring:scrapeCredentials.billing' <token-or-password>",
        );
    });

    it("lists the secrets set in code-unit order, bare keys and namespaced ones alike", () => {
        assert.deepEqual(parseStackConfig({ ...dev, grafanaAdminPassword: "x", "monitoring:deadMansSwitchUrl": "y" }, "dev").secretsSet, [
            "deadMansSwitchUrl",
            "grafanaAdminPassword",
        ]);
    });
});

describe("stack config: more rules and messages that mutation testing found untested", () => {
    it("lets a request equal its limit and refuses a memory request above it", () => {
        const grafana = (requests: string, limits: string) => ({
            ...dev,
            "monitoring:resources": `{"grafana":{"requests":${requests},"limits":${limits}}}`,
        });
        assert.deepEqual(problemsOf(grafana('{"cpu":"500m","memory":"1Gi"}', '{"cpu":"500m","memory":"1Gi"}')), []);
        assert.deepEqual(problemsOf(grafana('{"cpu":"250m","memory":"2Gi"}', '{"cpu":"500m","memory":"1Gi"}')), [
            "monitoring:resources.grafana: memory request 2Gi is above its limit 1Gi; a request must not exceed the limit",
        ]);
    });

    it("asks for the heartbeat only when components was not refused (its default has Alertmanager)", () => {
        const { "monitoring:deadMansSwitchUrl": _heartbeat, ...noHeartbeat } = prod;
        assert.deepEqual(problemsOf({ ...noHeartbeat, "monitoring:components": '["prometheus","nope"]' }, "prod"), [
            'monitoring:components[1]: expected one of prometheus, grafana, loki, promtail, tempo, alertmanager, node-exporter (got "nope")',
        ]);
    });

    it("says one line per value when its schema finds two problems with it", () => {
        // A start of 24:00 that is also the end fails two checks of one time range.
        assert.deepEqual(problemsOf({ ...dev, "monitoring:maintenanceWindows": '[{"times":[{"start":"24:00","end":"24:00"}]}]' }), [
            'monitoring:maintenanceWindows[0].times[0]: expected a start time from 00:00 to 23:59 (got {"start":"24:00","end":"24:00"})',
        ]);
    });

    it("gives a check's own message on an object, and names fields only where an object belongs", () => {
        assert.deepEqual(problemsOf({ ...dev, "monitoring:platformTargets": '[{"job":"payments"}]' }), [
            'monitoring:platformTargets[0]: expected either targets: [host:port, ...] or kubernetes: {role, selector} (one of them) (got {"job":"payments"})',
        ]);
        // Inside a record of labels: a text value, not fields.
        assert.deepEqual(problemsOf({ ...dev, "monitoring:platformTargets": '[{"job":"payments","targets":["a:1"],"labels":{"team":5}}]' }), [
            "monitoring:platformTargets[0].labels.team: expected a text value (got 5)",
        ]);
    });

    it("reads a text key's value as it is, not as JSON", () => {
        assert.deepEqual(problemsOf({ ...dev, "monitoring:namespace": '"monitoring"' }), [
            `monitoring:namespace: expected a DNS label (lowercase letters, digits and '-', at most 63 characters) such as monitoring (got "\\"monitoring\\"")`,
        ]);
    });
});

describe("teams: checks that need another key valid first", () => {
    const team = '[{"name":"payments","namespaces":["payments"],"receivers":{"email":"payments@example.com"}}]';
    const smtp = { "monitoring:alertEmailFrom": "alerts@example.com", "monitoring:smtpSmarthost": "smtp.example.com:25" };

    it("an invalid platform: no guess whether namespaces are allowed", () => {
        assert.deepEqual(problemsOf({ ...dev, ...smtp, "monitoring:platform": "nomad", "monitoring:teams": team }), [
            'monitoring:platform: expected docker or kubernetes (got "nomad")',
        ]);
    });

    it("an invalid clientNamespaces: no line that a team's namespace is not watched", () => {
        const prod = { ...readStackFile("prod"), ...fakeSecrets, "monitoring:allowPlaceholders": "true", "monitoring:teams": team };
        assert.deepEqual(problemsOf({ ...prod, "monitoring:clientNamespaces": '["Payments"]' }, "prod"), [
            "monitoring:clientNamespaces[0]: expected a DNS label (lowercase letters, digits and '-', at most 63 characters) such as monitoring (got \"Payments\")",
        ]);
        assert.deepEqual(problemsOf(prod, "prod"), [
            "monitoring:teams[0].namespaces: Prometheus does not watch namespace payments; add it to monitoring:clientNamespaces",
        ]);
    });
});

describe("names: suggestions and host names", () => {
    it("suggests within one edit for names under six characters, and the closest of several", () => {
        assert.equal(closest("abcd", ["abxy"]), undefined);
        assert.equal(closest("abcd", ["abcx"]), "abcx");
        assert.equal(closest("BCDE", ["acde", "bcde"]), "bcde");
        assert.equal(closest("ab", ["ad", "ac"]), "ac");
    });

    it("drops one trailing dot of a host name before checking its labels", () => {
        assert.deepEqual(["example.com.", "a-.example.com."].map(isHostName), [true, false]);
    });
});

/** The accepted keys as the unknown-key line lists them (sorted), read from a refused key's own message. */
function knownKeysText(): string {
    const line = problemsOf({ "monitoring:qqqqqqqqqqqqqqqqqqqq": "1" })[0];
    return /accepted keys: (.*)\)$/.exec(line)![1];
}

// In the mutation run (tests/mutation.mocharc.json), unlike the feature files whose mock-engine cases would run for every mutant.
describe("stack config: the checks of remote write, object storage, Thanos and the operator, and their guards", () => {
    const placeholders = { "monitoring:allowPlaceholders": "true" };
    const store = (buckets: Record<string, string>) => ({
        "monitoring:objectStorage": JSON.stringify({ endpoint: "http://minio.storage:9000", buckets }),
        "monitoring:objectStorageCredentials": '{"accessKeyId":"AKIAFAKE0123","secretAccessKey":"fake/secret+key0123"}',
    });
    const badComponents = { "monitoring:components": '["prometheus","nope"]' };
    const componentsLine = 'monitoring:components[1]: expected one of prometheus, grafana, loki, promtail, tempo, alertmanager, node-exporter (got "nope")';

    it("names a remote-write entry's missing secret with the command that sets it", () => {
        const entry = { url: "https://mimir.corp.internal/api/v1/push", name: "mimir", auth: { type: "basic", username: "tenant-1" } };
        assert.deepEqual(problemsOf({ ...dev, "monitoring:remoteWrite": JSON.stringify([entry]) }), [
            "monitoring:remoteWrite[0].auth: needs the secret monitoring:remoteWriteCredentials.mimir; set it with: pulumi config set --secret --path 'monitoring:remoteWriteCredentials.mimir' <password>",
        ]);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:remoteWrite": JSON.stringify([entry]), "monitoring:remoteWriteCredentials": '{"mimir":"p"}' }), []);
    });

    it("refuses lokiObjectStorageFrom without a logs bucket, and takes it with one", () => {
        const line =
            "monitoring:lokiObjectStorageFrom: needs objectStorage with a logs bucket: it is the day Loki moves to that bucket (leave it out otherwise)";
        assert.deepEqual(problemsOf({ ...prod, ...placeholders, "monitoring:lokiObjectStorageFrom": "2027-01-15" }, "prod"), [line]);
        assert.deepEqual(
            problemsOf({ ...prod, ...placeholders, ...store({ metrics: "prod-metrics" }), "monitoring:lokiObjectStorageFrom": "2027-01-15" }, "prod"),
            [line],
        );
        assert.deepEqual(
            problemsOf({ ...prod, ...placeholders, ...store({ logs: "prod-logs" }), "monitoring:lokiObjectStorageFrom": "2027-01-15" }, "prod"),
            [],
        );
    });

    it("checks Thanos only when thanos and components are valid", () => {
        const thanos = { "monitoring:thanos": '{"enabled":true}' };
        assert.deepEqual(problemsOf({ ...prod, ...placeholders, ...thanos }, "prod"), [
            "monitoring:thanos: Thanos needs object storage: set monitoring:objectStorage with buckets.metrics (objectStorage not set)",
        ]);
        assert.deepEqual(problemsOf({ ...prod, ...placeholders, ...thanos, ...badComponents }, "prod"), [componentsLine]);
        assert.deepEqual(problemsOf({ ...prod, ...placeholders, "monitoring:thanos": '{"enabled":"yes"}' }, "prod"), [
            'monitoring:thanos.enabled: expected true or false (got "yes")',
        ]);
    });

    it("checks the Prometheus Operator only when components are valid", () => {
        const operator = { "monitoring:prometheusOperator": '{"crds":"install"}' };
        assert.deepEqual(problemsOf({ ...dev, ...operator }), [
            "monitoring:prometheusOperator: the Prometheus Operator needs platform kubernetes; leave it out on docker",
        ]);
        assert.deepEqual(problemsOf({ ...dev, ...operator, ...badComponents }), [componentsLine]);
    });
});
