import { strict as assert } from "assert";
import { parseStackConfig } from "../../model/config/parse";
import { runWithMocks } from "../support/mock-run";
import { readStackFile } from "../support/stack-files";
import { rejectionOf } from "../support/config-problems";

// Each bad config is answered with exactly these lines (literals: the wording is the contract with the user).
const problemsOf = (raw: Record<string, string>, stack = "dev", plainTextKeys: string[] = []): string[] => rejectionOf(raw, stack, { plainTextKeys });

describe("stack config messages", () => {
    const dev = readStackFile("dev");
    const prod = readStackFile("prod");
    const secrets = { "monitoring:pagerdutyServiceKey": "k", "monitoring:slackWebhookUrl": "u", "monitoring:deadMansSwitchUrl": "h" };

    it("suggests the closest key for a misspelt one, and lists the accepted keys when none is close", () => {
        assert.deepEqual(problemsOf({ ...dev, "monitoring:scrapeIntervl": "15s" }), ["monitoring:scrapeIntervl: unknown key (did you mean scrapeInterval?)"]);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:notificationChanels": "[]" }), [
            "monitoring:notificationChanels: unknown key (did you mean notificationChannels?)",
        ]);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:slackWebhookURL": "x" }), [
            "monitoring:slackWebhookURL: unknown key (did you mean slackWebhookUrl?)",
        ]);
        const [far] = problemsOf({ ...dev, "monitoring:colour": "blue" });
        assert.match(far, /^monitoring:colour: unknown key \(accepted keys: alertEmailFrom, alertEmailTo, alertmanagerReplicas, .*, tempoRetention, thanos\)$/);
    });

    it("suggests the closest field inside an object", () => {
        assert.deepEqual(problemsOf({ ...dev, "monitoring:platformTargets": '[{"job":"a","targets":["a:1"],"metricPath":"/m"}]' }), [
            "monitoring:platformTargets[0]: unknown field metricPath (did you mean metricsPath?); accepted: job, targets, kubernetes, metricsPath, scheme, scrapeInterval, labels, credentials",
        ]);
    });

    it("points out a look-alike non-ASCII character in a key or a value", () => {
        assert.deepEqual(problemsOf({ ...dev, "monitoring:pl\u0430tform": "docker" }), [
            "monitoring:pl\u0430tform: unknown key (did you mean platform?); it contains U+0430 (Cyrillic small a, looks like 'a') at character 3",
        ]);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:platform": "kubern\u0435tes" }), [
            "monitoring:platform: expected docker or kubernetes (got \"kubern\u0435tes\"); it contains U+0435 (Cyrillic small ie, looks like 'e') at character 7",
        ]);
    });

    it("shortens long values, naming their length", () => {
        assert.deepEqual(problemsOf({ ...dev, "monitoring:externalHost": "a".repeat(300) }), [
            `monitoring:externalHost: expected a host name such as localhost (at most 253 characters, labels at most 63) or an IPv4 address (got "${"a".repeat(58)}… (302 characters))`,
        ]);
    });

    it("refuses host names over 253 characters and labels over 63", () => {
        const label63 = "a".repeat(63);
        const long = [label63, label63, label63, label63].join("."); // 255 characters
        assert.deepEqual(
            problemsOf({
                ...dev,
                "monitoring:smtpSmarthost": `${long}:25`,
                "monitoring:notificationChannels": '["email"]',
                "monitoring:alertEmailTo": "a@b.example",
                "monitoring:alertEmailFrom": "m@b.example",
            }),
            [
                `monitoring:smtpSmarthost: expected host:port with a port from 1 to 65535, such as orchestrator:8080 or [fd00::10]:8080 (host names at most 253 characters, labels at most 63) (got "${long.slice(0, 58)}… (260 characters))`,
            ],
        );
        assert.deepEqual(problemsOf({ ...dev, "monitoring:platformTargets": `[{"job":"a","targets":["${"b".repeat(64)}.example:80"]}]` }), [
            `monitoring:platformTargets[0].targets[0]: expected host:port with a port from 1 to 65535, such as orchestrator:8080 or [fd00::10]:8080 (host names at most 253 characters, labels at most 63) (got "${"b".repeat(58)}… (77 characters))`,
        ]);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:platformTargets": '[{"job":"a","targets":["a.example:65536"]}]' }), [
            'monitoring:platformTargets[0].targets[0]: expected host:port with a port from 1 to 65535, such as orchestrator:8080 or [fd00::10]:8080 (host names at most 253 characters, labels at most 63) (got "a.example:65536")',
        ]);
        // 253 characters with labels of 63 is the longest name accepted.
        const longest = [label63, label63, label63, "a".repeat(61)].join(".");
        assert.equal(longest.length, 253);
        assert.equal(parseStackConfig({ ...dev, "monitoring:externalHost": longest }, "dev").externalHost, longest);
    });

    it("accepts IPv6 targets and images from a registry with a port", () => {
        const config = parseStackConfig(
            {
                ...dev,
                "monitoring:platformTargets": '[{"job":"orchestrator","targets":["[fd00::10]:8080","10.0.0.5:8080"]}]',
                "monitoring:images":
                    '{"prometheus":"registry.example.com:5000/prom/prometheus:v3.13.2","grafana":"localhost:5000/grafana@sha256:' + "a".repeat(64) + '"}',
            },
            "dev",
        );
        assert.deepEqual(config.platformTargets[0].targets, ["[fd00::10]:8080", "10.0.0.5:8080"]);
        assert.equal(config.images.prometheus, "registry.example.com:5000/prom/prometheus:v3.13.2");
        assert.deepEqual(problemsOf({ ...dev, "monitoring:platformTargets": '[{"job":"a","targets":["[fd00::zz]:8080"]}]' }), [
            'monitoring:platformTargets[0].targets[0]: expected host:port with a port from 1 to 65535, such as orchestrator:8080 or [fd00::10]:8080 (host names at most 253 characters, labels at most 63) (got "[fd00::zz]:8080")',
        ]);
    });

    it("reports an image once: not a reference at all, or unpinned", () => {
        assert.deepEqual(problemsOf({ ...dev, "monitoring:images": '{"grafana":"Grafana/Grafana:latest","loki":"registry.example.com:5000/grafana/loki"}' }), [
            'monitoring:images.grafana: expected an image reference such as prom/prometheus:v3.13.2 or registry.example.com:5000/prom/prometheus:v3.13.2 (got "Grafana/Grafana:latest")',
            'monitoring:images.loki: expected a pinned tag or digest (not `latest` and not untagged) (got "registry.example.com:5000/grafana/loki")',
        ]);
    });

    it("reports a required key that is set but invalid once, never also as not set", () => {
        assert.deepEqual(
            problemsOf({ ...dev, "monitoring:notificationChannels": '["slack"]', "monitoring:slackChannel": "alerts", "monitoring:slackWebhookUrl": "x" }),
            ['monitoring:slackChannel: expected a Slack channel such as #provisioning-alerts (got "alerts")'],
        );
        // An invalid platform is not second-guessed by the docker-only replica check.
        assert.deepEqual(problemsOf({ ...dev, "monitoring:platform": "kubernets", "monitoring:prometheusReplicas": "2" }), [
            'monitoring:platform: expected docker or kubernetes (got "kubernets")',
        ]);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:ports": '{"loki":-1.5}' }), [
            "monitoring:ports.loki: expected a port number from 1 to 65535 (got -1.5)",
        ]);
    });

    it("refuses a secret written in plain text with the exact command, never echoing it", () => {
        const problems = problemsOf(
            {
                ...prod,
                "monitoring:pagerdutyServiceKey": "pd-key-0123456789",
                "monitoring:slackWebhookUrl": "https://hooks.slack.invalid/T000",
                "monitoring:deadMansSwitchUrl": "https://heartbeat.invalid/ping/0",
            },
            "prod",
            [...Object.keys(prod), "monitoring:pagerdutyServiceKey"],
        );
        assert.deepEqual(problems, [
            "monitoring:pagerdutyServiceKey: a secret must not be written in plain text in the stack file; encrypt it with: pulumi config set --secret monitoring:pagerdutyServiceKey <integration-key>",
        ]);
        assert.ok(!problems.join("\n").includes("pd-key-0123456789"));
    });

    it("the program refuses a secret the engine hands over in plain text, and takes it as a secret", async () => {
        const plain = await runWithMocks("dev", { ...dev, "monitoring:smtpPassword": "hunter2-value" }, []);
        assert.equal(
            plain.error?.message,
            "Invalid stack configuration:\n  - monitoring:smtpPassword: a secret must not be written in plain text in the stack file; encrypt it with: pulumi config set --secret monitoring:smtpPassword <password>",
        );
        assert.equal(plain.resources.length, 0);
        const secret = await runWithMocks("dev", { ...dev, "monitoring:smtpPassword": "hunter2-value" }, ["monitoring:smtpPassword"]);
        assert.equal(secret.error, undefined);
    });

    it("answers a value that is no JSON with what the key itself accepts, not a generic YAML complaint", () => {
        assert.deepEqual(problemsOf({ ...dev, "monitoring:retainDataOnDestroy": "yes please" }), [
            'monitoring:retainDataOnDestroy: expected true or false (got "yes please")',
        ]);
        assert.deepEqual(problemsOf({ ...prod, ...secrets, "monitoring:alertmanagerReplicas": "three" }, "prod"), [
            'monitoring:alertmanagerReplicas: expected a whole number of replicas from 1 to 7 (0 or unset: the platform\'s default) (got "three")',
        ]);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:components": "prometheus" }), [
            'monitoring:components: expected a list of components from prometheus, grafana, loki, promtail, tempo, alertmanager, node-exporter (got "prometheus")',
        ]);
    });

    it("reads 0 replicas, Pulumi.yaml's declared default, as the platform's default, and says so when refusing a count", () => {
        assert.deepEqual(
            [
                parseStackConfig({ ...dev, "monitoring:alertmanagerReplicas": "0" }, "dev"),
                parseStackConfig({ ...prod, ...secrets, "monitoring:alertmanagerReplicas": "0" }, "prod"),
            ].map((c) => [c.alertmanagerReplicas, c.prometheusReplicas]),
            [
                [1, 1],
                [3, 2],
            ],
        );
        assert.deepEqual(problemsOf({ ...prod, ...secrets, "monitoring:alertmanagerReplicas": "9" }, "prod"), [
            "monitoring:alertmanagerReplicas: expected a whole number of replicas from 1 to 7 (0 or unset: the platform's default) (got 9)",
        ]);
    });

    it("answers anything but an object where one belongs with the object's fields, optional ones marked", () => {
        assert.deepEqual(problemsOf({ ...dev, "monitoring:platformTargets": '["host.docker.internal:9000"]' }), [
            'monitoring:platformTargets[0]: expected {job, targets?, kubernetes?, metricsPath?, scheme?, scrapeInterval?, labels?, credentials?} (got "host.docker.internal:9000")',
        ]);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:resources": '{"loki":{"limits":"1"}}' }), [
            'monitoring:resources.loki.limits: expected {cpu?, memory?} (got "1")',
        ]);
    });

    it("names a required field that is missing as not set, never as (got undefined)", () => {
        assert.deepEqual(problemsOf({ ...dev, "monitoring:platformTargets": '[{"targets":["a:1"]}]' }), [
            "monitoring:platformTargets[0].job: expected a job name of letters, digits, '_' and '-' (not set)",
        ]);
        assert.deepEqual(problemsOf({ ...prod, ...secrets, "monitoring:grafanaIngress": '{"tlsSecretName":"grafana-tls"}' }, "prod"), [
            "monitoring:grafanaIngress.host: expected a fully qualified host name such as grafana.example.com (not set)",
        ]);
        assert.deepEqual(problemsOf({ ...dev, "monitoring:maintenanceWindows": '[{"times":[{"start":"01:00"}]}]' }), [
            "monitoring:maintenanceWindows[0].times[0].end: expected a time of day HH:MM (00:00 to 24:00) (not set)",
        ]);
    });

    it("takes a secret key at Pulumi.yaml's declared empty default, which the CLI hands over in plain text, as unset (npm run e2e -- prod)", async () => {
        // An object secret's declared default reaches the program as the text "{}".
        const declaredDefaults = {
            "monitoring:deadMansSwitchUrl": "",
            "monitoring:grafanaAdminPassword": "",
            "monitoring:smtpPassword": "",
            "monitoring:scrapeCredentials": "{}",
        };
        const run = await runWithMocks("dev", { ...dev, ...declaredDefaults }, []);
        assert.equal(run.error, undefined);
        assert.ok(run.resources.length > 0);
        const channelSecrets = { "monitoring:pagerdutyServiceKey": "pd-key", "monitoring:slackWebhookUrl": "https://hooks.slack.invalid/T000" };
        const plainTextKeys = [...Object.keys(prod), ...Object.keys(declaredDefaults)];
        // With the heartbeat unset, a kubernetes stack takes the opt-out.
        const optOut = { "monitoring:allowNoHeartbeat": "true" };
        const config = parseStackConfig({ ...prod, ...optOut, ...channelSecrets, ...declaredDefaults }, "prod", {
            refusePlaceholders: false,
            plainTextKeys: [...plainTextKeys, ...Object.keys(optOut)],
        });
        assert.deepEqual(config.secretsSet, ["pagerdutyServiceKey", "slackWebhookUrl"]);
    });
});

describe("stack config messages: single sign-on and the Gateway API route", () => {
    const dev = readStackFile("dev");
    const prod: Record<string, string> = {
        ...readStackFile("prod"),
        "monitoring:pagerdutyServiceKey": "k",
        "monitoring:slackWebhookUrl": "u",
        "monitoring:deadMansSwitchUrl": "h",
    };
    const sso = {
        authUrl: "https://login.corp.internal/oauth2/authorize",
        tokenUrl: "https://login.corp.internal/oauth2/token",
        apiUrl: "https://login.corp.internal/oauth2/userinfo",
        clientId: "grafana",
        roles: { Admin: ["monitoring-admins"] },
    };
    const withSso = (value: object) => ({ "monitoring:grafanaSso": JSON.stringify(value), "monitoring:grafanaSsoClientSecret": "s" });
    const route = JSON.stringify({ host: "grafana.corp.internal", gateway: { name: "public", namespace: "gateways" } });

    it("asks for the client secret, with the command that sets it", () => {
        assert.deepEqual(problemsOf({ ...dev, "monitoring:grafanaSso": JSON.stringify(sso) }), [
            "monitoring:grafanaSsoClientSecret: required secret because grafanaSso is set (not set); set it with: pulumi config set --secret monitoring:grafanaSsoClientSecret <client-secret>",
        ]);
    });

    it("refuses the client secret in plain text", () => {
        assert.deepEqual(problemsOf({ ...dev, ...withSso(sso) }, "dev", ["monitoring:grafanaSsoClientSecret"]), [
            "monitoring:grafanaSsoClientSecret: a secret must not be written in plain text in the stack file; encrypt it with: pulumi config set --secret monitoring:grafanaSsoClientSecret <client-secret>",
        ]);
    });

    it("refuses an identity provider endpoint that is not https", () => {
        assert.deepEqual(problemsOf({ ...dev, ...withSso({ ...sso, authUrl: "http://login.corp.internal/oauth2/authorize" }) }), [
            'monitoring:grafanaSso.authUrl: expected the https URL of the provider\'s authorization endpoint (got "http://login.corp.internal/oauth2/authorize")',
        ]);
    });

    it("refuses a role mapping that names a role Grafana does not have, or maps none", () => {
        assert.deepEqual(problemsOf({ ...dev, ...withSso({ ...sso, roles: { Admin: ["ops"], Editr: ["dev"] } }) }), [
            "monitoring:grafanaSso.roles: unknown field Editr (did you mean Editor?); accepted: Admin, Editor, Viewer",
        ]);
        assert.deepEqual(problemsOf({ ...dev, ...withSso({ ...sso, roles: { GrafanaAdmin: ["ops"] } }) }), [
            "monitoring:grafanaSso.roles: unknown field GrafanaAdmin; accepted: Admin, Editor, Viewer",
        ]);
        assert.deepEqual(problemsOf({ ...dev, ...withSso({ ...sso, roles: {} }) }), [
            "monitoring:grafanaSso.roles: expected groups for at least one of Admin, Editor, Viewer (got {})",
        ]);
        assert.deepEqual(problemsOf({ ...dev, ...withSso({ ...sso, roles: { Viewer: ["it's"] } }) }), [
            `monitoring:grafanaSso.roles.Viewer[0]: expected a group name without quotes, backslashes, ';' or '#' (got "it's")`,
        ]);
    });

    it("refuses single sign-on on kubernetes when browsers cannot reach Grafana's callback", () => {
        const { "monitoring:grafanaIngress": _ingress, ...noIngress } = prod;
        assert.deepEqual(problemsOf({ ...noIngress, "monitoring:grafanaUrl": "http://localhost:3000", ...withSso(sso) }, "prod"), [
            "monitoring:grafanaSso: browsers must reach Grafana's sign-in callback; set grafanaHttpRoute or grafanaIngress for its public https URL",
        ]);
    });

    it("refuses an HTTPRoute on docker", () => {
        assert.deepEqual(problemsOf({ ...dev, "monitoring:grafanaHttpRoute": route }), [
            'monitoring:grafanaHttpRoute: a Gateway API route needs platform kubernetes; on docker Grafana is published on bindAddress (got "grafana.corp.internal")',
        ]);
    });

    it("refuses an Ingress and an HTTPRoute together", () => {
        assert.deepEqual(problemsOf({ ...prod, "monitoring:grafanaHttpRoute": route }, "prod"), [
            "monitoring:grafanaHttpRoute: set either grafanaHttpRoute or grafanaIngress, not both (ingress-nginx is retired: prefer grafanaHttpRoute)",
        ]);
    });
});
