import { strict as assert } from "assert";
import { componentNames } from "../../model/config/catalog";
import { parseStackConfig } from "../../model/config/parse";
import { fakeSecrets, readStackFile } from "../support/stack-files";
import { rejectionOf } from "../support/config-problems";

const problemsOf = (raw: Record<string, string>, stack = "dev"): string[] => rejectionOf(raw, stack);

describe("stack config", () => {
    const dev = readStackFile("dev");

    it("reads the dev test stack: Docker, all seven components, the guide's ports, a week of retention", () => {
        const config = parseStackConfig(dev, "dev");
        assert.equal(config.platform, "docker");
        assert.deepEqual(config.components, [...componentNames]);
        assert.deepEqual(
            { ...config.ports },
            {
                prometheus: 9090,
                grafana: 3000,
                loki: 3100,
                alertmanager: 9093,
                nodeExporter: 9100,
                tempo: 3200,
                tempoOtlpGrpc: 4317,
                tempoOtlpHttp: 4318,
                promtail: 9080,
                otlpGrpc: 4317,
                otlpHttp: 4318,
                otelCollector: 8888,
            },
        );
        assert.equal(config.otlpCollector, true);
        assert.equal(config.scrapeInterval, "15s");
        assert.equal(config.evaluationInterval, "15s");
        assert.equal(config.prometheusRetentionTime, "7d");
        assert.equal(config.bindAddress, "127.0.0.1");
        assert.equal(config.cluster, "provisioning-dev");
        assert.ok(Object.isFrozen(config) && Object.isFrozen(config.ports), "config is frozen");
    });

    it("reads the prod test stack: Kubernetes, 30d and 50GB retention, every channel", () => {
        const config = parseStackConfig({ ...readStackFile("prod"), ...fakeSecrets }, "prod");
        assert.equal(config.platform, "kubernetes");
        assert.equal(config.prometheusRetentionTime, "30d");
        assert.equal(config.prometheusRetentionSize, "50GB");
        assert.equal(config.lokiRetention, "720h");
        assert.deepEqual(config.notificationChannels, ["email", "pagerduty", "slack"]);
        assert.equal(config.alertEmailTo, "ops@example.com");
        assert.deepEqual(config.secretsSet, ["deadMansSwitchUrl", "pagerdutyServiceKey", "slackWebhookUrl", "smtpPassword"]);
    });

    it("pins every image to a tag that is not latest", () => {
        const config = parseStackConfig(dev, "dev");
        for (const [component, image] of Object.entries(config.images)) {
            assert.match(image, /:[A-Za-z0-9._-]+$/, `${component} image ${image} has a tag`);
            assert.doesNotMatch(image, /:latest$/, `${component} image is not latest`);
        }
    });

    const badCases: { what: string; change: Record<string, string>; key: string; accepted: RegExp }[] = [
        {
            what: "an unknown component",
            change: { "monitoring:components": '["prometheus","graphite"]' },
            key: "monitoring:components[1]",
            accepted: /expected one of prometheus, grafana/,
        },
        { what: "30x as a duration", change: { "monitoring:scrapeInterval": "30x" }, key: "monitoring:scrapeInterval", accepted: /15s, 1m/ },
        { what: "a port out of range", change: { "monitoring:ports": '{"grafana":70000}' }, key: "monitoring:ports.grafana", accepted: /1 to 65535/ },
        {
            what: "a port used twice",
            change: { "monitoring:ports": '{"grafana":9090}' },
            key: "monitoring:ports",
            accepted: /port 9090 is used by prometheus and grafana/,
        },
        {
            what: "Promtail without Loki",
            change: { "monitoring:components": '["prometheus","promtail"]' },
            key: "monitoring:components",
            accepted: /promtail needs loki/,
        },
        {
            what: "an unknown key",
            change: { "monitoring:scrapeIntervall": "15s" },
            key: "monitoring:scrapeIntervall",
            accepted: /^monitoring:scrapeIntervall: unknown key \(did you mean scrapeInterval\?\)$/,
        },
        {
            what: "an unknown port name",
            change: { "monitoring:ports": '{"graphana":3001}' },
            key: "monitoring:ports",
            accepted: /unknown field graphana \(did you mean grafana\?\); accepted: prometheus, grafana/,
        },
        {
            what: "the guide's Markdown mail link",
            change: { "monitoring:notificationChannels": '["email"]', "monitoring:alertEmailTo": "[ops@example.com](mailto:ops@example.com)" },
            key: "monitoring:alertEmailTo",
            accepted: /plain e-mail address/,
        },
        {
            what: "an unpinned image",
            change: { "monitoring:images": '{"grafana":"grafana/grafana:latest"}' },
            key: "monitoring:images.grafana",
            accepted: /pinned tag or digest/,
        },
        {
            what: "a missing required secret",
            change: { "monitoring:notificationChannels": '["pagerduty"]' },
            key: "monitoring:pagerdutyServiceKey",
            accepted: /required secret.*pulumi config set --secret monitoring:pagerdutyServiceKey/,
        },
        { what: "a size without unit", change: { "monitoring:prometheusRetentionSize": "50" }, key: "monitoring:prometheusRetentionSize", accepted: /50GB/ },
        {
            what: "Loki retention that is not whole days",
            change: { "monitoring:lokiRetention": "36h" },
            key: "monitoring:lokiRetention",
            accepted: /whole number of days/,
        },
        {
            what: "an unknown alert evaluator",
            change: { "monitoring:platformAlertsEvaluator": "loki" },
            key: "monitoring:platformAlertsEvaluator",
            accepted: /grafana or prometheus/,
        },
        {
            what: "Grafana alerts without Grafana",
            change: { "monitoring:components": '["prometheus","alertmanager"]', "monitoring:platformAlertsEvaluator": "grafana" },
            key: "monitoring:platformAlertsEvaluator",
            accepted: /needs the grafana component/,
        },
        {
            what: "Grafana alerts with nowhere to go",
            change: { "monitoring:components": '["prometheus","grafana"]', "monitoring:platformAlertsEvaluator": "grafana" },
            key: "monitoring:platformAlertsEvaluator",
            accepted: /enable a notificationChannel or deploy alertmanager/,
        },
        {
            what: "a maintenance window on a made-up day",
            change: { "monitoring:maintenanceWindows": '[{"weekdays":["funday"]}]' },
            key: "monitoring:maintenanceWindows[0].weekdays[0]",
            accepted: /weekday or range/,
        },
        {
            what: "a maintenance window at 25:00",
            change: { "monitoring:maintenanceWindows": '[{"times":[{"start":"22:00","end":"25:00"}]}]' },
            key: "monitoring:maintenanceWindows[0].times[0].end",
            accepted: /HH:MM/,
        },
        {
            what: "a maintenance window in a made-up time zone",
            change: { "monitoring:maintenanceWindows": '[{"location":"Europe/Munich"}]' },
            key: "monitoring:maintenanceWindows[0].location",
            accepted: /IANA time zone name known to this runtime/,
        },
        {
            what: "a maintenance window on days running backwards",
            change: { "monitoring:maintenanceWindows": '[{"weekdays":["saturday:sunday"]}]' },
            key: "monitoring:maintenanceWindows[0].weekdays[0]",
            accepted: /ranges run forward in a week that starts on sunday/,
        },
        {
            what: "a maintenance window that starts and ends at once",
            change: { "monitoring:maintenanceWindows": '[{"times":[{"start":"22:00","end":"22:00"}]}]' },
            key: "monitoring:maintenanceWindows[0].times[0]",
            accepted: /different start and end times/,
        },
        {
            what: "a maintenance window starting at 24:00",
            change: { "monitoring:maintenanceWindows": '[{"times":[{"start":"24:00","end":"02:00"}]}]' },
            key: "monitoring:maintenanceWindows[0].times[0]",
            accepted: /start time from 00:00 to 23:59/,
        },
        {
            what: "a maintenance window muting an unknown severity",
            change: { "monitoring:maintenanceWindows": '[{"severities":["page"]}]' },
            key: "monitoring:maintenanceWindows[0].severities[0]",
            accepted: /critical, warning, info/,
        },
        {
            what: "a Grafana URL without scheme",
            change: { "monitoring:grafanaUrl": "grafana.example.com" },
            key: "monitoring:grafanaUrl",
            accepted: /http\(s\) URL/,
        },
        { what: "an unknown platform", change: { "monitoring:platform": "nomad" }, key: "monitoring:platform", accepted: /docker or kubernetes/ },
        {
            what: "two Prometheus on Docker",
            change: { "monitoring:prometheusReplicas": "2" },
            key: "monitoring:prometheusReplicas",
            accepted: /docker platform runs one Prometheus; two need platform kubernetes/,
        },
        {
            what: "three Prometheus",
            change: { "monitoring:prometheusReplicas": "3" },
            key: "monitoring:prometheusReplicas",
            accepted: /expected 1 or 2 replicas/,
        },
    ];
    for (const bad of badCases) {
        it(`rejects ${bad.what}, naming the key, the value and what is accepted`, () => {
            const problems = problemsOf({ ...dev, ...bad.change });
            const problem = problems.find((p) => p.startsWith(`${bad.key}:`));
            assert.ok(problem, `a problem for ${bad.key} in ${JSON.stringify(problems)}`);
            assert.match(problem, bad.accepted);
        });
    }

    it("lets Grafana evaluate the platform's alerts when it can deliver them, Prometheus otherwise", () => {
        assert.equal(parseStackConfig(dev, "dev").platformAlertsEvaluator, "grafana");
        const noDelivery = parseStackConfig({ ...dev, "monitoring:components": '["prometheus","grafana"]' }, "dev");
        assert.equal(noDelivery.platformAlertsEvaluator, "prometheus");
        assert.equal(parseStackConfig({ ...dev, "monitoring:platformAlertsEvaluator": "prometheus" }, "dev").platformAlertsEvaluator, "prometheus");
    });

    it("reports every problem at once", () => {
        const problems = problemsOf({ ...dev, "monitoring:scrapeInterval": "30x", "monitoring:ports": '{"loki":0}' });
        assert.equal(problems.length, 2, JSON.stringify(problems));
    });

    it("rejects the prod stack when its channels' secrets are missing", () => {
        const problems = problemsOf(readStackFile("prod"), "prod");
        assert.ok(problems.some((p) => p.startsWith("monitoring:pagerdutyServiceKey:")));
        assert.ok(problems.some((p) => p.startsWith("monitoring:slackWebhookUrl:")));
    });
});
