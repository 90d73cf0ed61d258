import { strict as assert } from "assert";
import { parse } from "yaml";
import { componentNames } from "../../model/config/catalog";
import { generatedPassword, MockRun, ofType, RecordedResource, runWithMocks, secretSignature } from "../support/mock-run";
import { renderStackFiles } from "../../render/stack-files";
import { loadStackConfig, readStackFile } from "../support/stack-files";
import { dependsOnUrns } from "../support/urns";
import { plainStrings, unwrapSecrets } from "../support/secrets";

const containerType = "docker:index/container:Container";
const componentTypes: Record<string, string> = {
    prometheus: "monitoring:index:Prometheus",
    grafana: "monitoring:index:Grafana",
    loki: "monitoring:index:Loki",
    promtail: "monitoring:index:Promtail",
    tempo: "monitoring:index:Tempo",
    alertmanager: "monitoring:index:Alertmanager",
    "node-exporter": "monitoring:index:NodeExporter",
};

function container(run: MockRun, component: string): RecordedResource {
    const found = ofType(run, containerType).find((c) => c.inputs.name === `monitoring-dev-${component}`);
    assert.ok(found, `a container for ${component}`);
    return found;
}

function uploaded(run: MockRun, component: string, path: string): string {
    const upload = (unwrapSecrets(container(run, component).inputs.uploads) ?? []).find((u: any) => u.file === path);
    assert.ok(upload, `${component} gets ${path}`);
    return upload.content;
}

describe("dev stack on Docker (mock engine)", function () {
    let run: MockRun;
    before(async () => {
        run = await runWithMocks("dev", readStackFile("dev"));
        assert.ifError(run.error);
    });

    it("declares the MonitoringStack and all seven components", () => {
        assert.equal(ofType(run, "monitoring:index:MonitoringStack").length, 1);
        for (const type of Object.values(componentTypes)) assert.equal(ofType(run, type).length, 1, type);
        assert.deepEqual(run.outputs.components, ["prometheus", "grafana", "loki", "promtail", "tempo", "alertmanager", "node-exporter"]);
    });

    it("runs one container per component on one user-defined network, with an alias per component", () => {
        const networks = ofType(run, "docker:index/network:Network");
        assert.equal(networks.length, 1);
        assert.equal(networks[0].inputs.name, "monitoring-dev");
        for (const component of componentNames) {
            const c = container(run, component);
            assert.deepEqual(c.inputs.networksAdvanced, [{ name: "monitoring-dev", aliases: [component] }]);
            assert.equal(c.inputs.restart, "unless-stopped");
        }
    });

    it("pulls pinned images, never latest", () => {
        const images = ofType(run, "docker:index/remoteImage:RemoteImage").map((i) => i.inputs.name as string);
        assert.ok(images.length >= 7);
        for (const image of images) assert.match(image, /^[a-z0-9./_-]+:(v?\d+\.\d+\.\d+)$/, image);
    });

    it("keeps every stateful component's data on a named volume", () => {
        const expected: Record<string, string> = {
            prometheus: "/prometheus",
            grafana: "/var/lib/grafana",
            loki: "/loki",
            tempo: "/var/tempo",
            alertmanager: "/alertmanager",
            promtail: "/var/lib/promtail",
        };
        const volumes = ofType(run, "docker:index/volume:Volume").map((v) => v.inputs.name);
        for (const [component, path] of Object.entries(expected)) {
            const mount = (container(run, component).inputs.mounts as any[]).find((m) => m.target === path);
            assert.ok(mount, `${component} mounts ${path}`);
            assert.equal(mount.type, "volume");
            assert.ok(volumes.includes(mount.source), `${mount.source} is a declared volume`);
        }
    });

    it("publishes ports on 127.0.0.1 only (the stack's bindAddress)", () => {
        const published = ofType(run, containerType).flatMap((c) => (c.inputs.ports ?? []) as any[]);
        assert.ok(published.length > 0);
        for (const p of published) assert.equal(p.ip, "127.0.0.1");
    });

    it("gives each container a healthcheck except distroless Tempo", () => {
        for (const component of componentNames) {
            const health = container(run, component).inputs.healthcheck;
            if (component === "tempo") assert.equal(health, undefined);
            else assert.equal(health?.tests?.[0], "CMD", component);
        }
    });

    it("mounts the host read-only for Node Exporter and Promtail", () => {
        const hostMounts = (component: string) => (container(run, component).inputs.mounts as any[]).filter((m) => m.type === "bind");
        assert.deepEqual(
            hostMounts("node-exporter").map((m) => [m.source, m.readOnly]),
            [
                ["/proc", true],
                ["/sys", true],
                ["/", true],
            ],
        );
        assert.deepEqual(
            hostMounts("promtail").map((m) => [m.source, m.readOnly]),
            [
                ["/var/log", true],
                ["/etc/machine-id", true],
            ],
        );
    });

    it("wires Prometheus to every component, the platform's jobs and Alertmanager", () => {
        const promYml = parse(uploaded(run, "prometheus", "/etc/prometheus/prometheus.yml"));
        const jobs = Object.fromEntries(promYml.scrape_configs.map((j: any) => [j.job_name, j.static_configs[0].targets]));
        assert.deepEqual(jobs["provisioning-orchestrator"], ["host.docker.internal:8080"]);
        assert.deepEqual(jobs["provisioning-control-center"], ["host.docker.internal:8081"]);
        assert.deepEqual(jobs["provisioning-vault-service"], ["host.docker.internal:8085"]);
        assert.deepEqual(jobs["node-exporter"], ["node-exporter:9100"]);
        for (const component of componentNames) assert.ok(jobs[component], `self-scrape of ${component}`);
        assert.deepEqual(promYml.alerting.alertmanagers[0].static_configs[0].targets, ["alertmanager:9093"]);
        assert.equal(promYml.global.external_labels.cluster, "provisioning-dev");
        assert.ok(container(run, "prometheus").inputs.command.includes("--storage.tsdb.retention.time=7d"));
    });

    it("wires Promtail to Loki", () => {
        const promtailYml = parse(uploaded(run, "promtail", "/etc/promtail/promtail.yml"));
        assert.equal(promtailYml.clients[0].url, "http://loki:3100/loki/api/v1/push");
    });

    it("deploys exactly the files `npm run render` writes, each at /etc/<its rendered path>", () => {
        const files = renderStackFiles(loadStackConfig("dev"));
        // Rule files follow the catalogue's groups; every other file is named here.
        assert.deepEqual(
            Object.keys(files)
                .filter((f) => !f.startsWith("prometheus/rules/"))
                .sort(),
            [
                "alertmanager/alertmanager.yml",
                "grafana/grafana.ini",
                "loki/loki.yml",
                "otel-collector/config.yaml",
                "prometheus/prometheus.yml",
                "promtail/promtail.yml",
                "tempo/tempo.yml",
            ],
        );
        assert.ok(Object.keys(files).some((f) => /^prometheus\/rules\/[a-z-]+\.yml$/.test(f)));
        for (const [relative, content] of Object.entries(files)) {
            const component = relative.split("/")[0];
            assert.equal(uploaded(run, component, `/etc/${relative}`), content, relative);
        }
    });

    it("starts Promtail after Loki, so its first pushes are not refused", async () => {
        const [promtail] = ofType(run, "monitoring:index:Promtail");
        assert.deepEqual(await dependsOnUrns("dev", run, promtail), [
            "urn:pulumi:dev::monitoring::monitoring:index:MonitoringStack$monitoring:index:Loki$docker:index/container:Container::monitoring-loki",
        ]);
    });

    it("generates the Grafana admin password, keeps it secret in inputs and out of the outputs (platform stacks read those)", () => {
        assert.equal(ofType(run, "random:index/randomPassword:RandomPassword").length, 1);
        assert.ok(!JSON.stringify(run.outputs).includes(generatedPassword), "no output holds the admin password");
        const everyPlainString = run.resources.flatMap((r) => plainStrings(r.inputs));
        assert.ok(!everyPlainString.some((s) => s.includes(generatedPassword)), "the password appears only inside secret values");
        assert.ok(!uploaded(run, "grafana", "/etc/grafana/grafana.ini").includes(generatedPassword));
        assert.equal(uploaded(run, "grafana", "/etc/grafana/secrets/admin-password"), generatedPassword);
        assert.match(uploaded(run, "grafana", "/etc/grafana/grafana.ini"), /admin_password = \$__file\{\/etc\/grafana\/secrets\/admin-password\}/);
    });
});

describe("dev stack with component subsets and secrets (mock engine)", () => {
    const dev = readStackFile("dev");
    // Every subset `monitoring:components` accepts: each non-empty set of the seven, but none with Promtail and without Loki.
    const accepted = Array.from({ length: 2 ** componentNames.length - 1 }, (_, i) => componentNames.filter((_c, bit) => ((i + 1) >> bit) & 1)).filter(
        (subset) => !subset.includes("promtail") || subset.includes("loki"),
    );
    // Those of one, two, six and seven components: a component's wiring depends on which others are there, and in these any
    // three components meet in every combination of present and absent that the config accepts (checked below).
    const subsets = accepted.filter((subset) => [1, 2, 6, 7].includes(subset.length));
    it("tries every combination of three components present and absent that the config accepts", () => {
        const combinations = (sets: readonly (readonly string[])[]) =>
            new Set(
                sets.flatMap((set) =>
                    componentNames.flatMap((a, i) =>
                        componentNames
                            .slice(i + 1)
                            .flatMap((b, j) => componentNames.slice(i + j + 2).map((c) => [a, b, c].map((x) => `${x}:${set.includes(x)}`).join(" "))),
                    ),
                ),
            );
        assert.equal(accepted.length, 2 ** 7 - 1 - 2 ** 5);
        assert.deepEqual([...combinations(subsets)].sort(), [...combinations(accepted)].sort());
        assert.ok(subsets.length < accepted.length / 3, `${subsets.length} of ${accepted.length} subsets`);
    });
    for (const subset of subsets as string[][]) {
        it(`declares only ${subset.join(", ")}`, async () => {
            const run = await runWithMocks("dev", { ...dev, "monitoring:components": JSON.stringify(subset) });
            assert.ifError(run.error);
            for (const [component, type] of Object.entries(componentTypes)) {
                assert.equal(ofType(run, type).length, subset.includes(component) ? 1 : 0, `${type} for ${subset}`);
            }
            const names = ofType(run, containerType)
                .map((c) => c.inputs.name)
                .filter((n) => !n.endsWith("-init"))
                .sort();
            // The OTLP collector (on by default) runs in front of whichever of Prometheus, Loki and Tempo there are.
            const collector = subset.some((c) => ["prometheus", "loki", "tempo"].includes(c)) ? ["otel-collector"] : [];
            assert.deepEqual(names, [...subset, ...collector].map((c) => `monitoring-dev-${c}`).sort());
            assert.deepEqual(
                run.outputs.components,
                componentNames.filter((c) => subset.includes(c)),
            );
            if (subset.includes("prometheus")) {
                const c = ofType(run, containerType).find((x) => x.inputs.name === "monitoring-dev-prometheus")!;
                const promYml = parse(c.inputs.uploads.find((u: any) => u.file === "/etc/prometheus/prometheus.yml").content);
                const selfJobs = promYml.scrape_configs.map((j: any) => j.job_name).filter((j: string) => (componentNames as readonly string[]).includes(j));
                assert.deepEqual(selfJobs.sort(), subset.filter((c) => c !== "promtail" || subset.includes("promtail")).sort());
                assert.equal(promYml.alerting !== undefined, subset.includes("alertmanager"));
            }
        });
    }

    it("uses a configured Grafana password as a secret and never in plain text", async () => {
        const password = "configured-grafana-password-4242";
        const run = await runWithMocks("dev", { ...dev, "monitoring:grafanaAdminPassword": password }, ["monitoring:grafanaAdminPassword"]);
        assert.ifError(run.error);
        assert.equal(ofType(run, "random:index/randomPassword:RandomPassword").length, 0);
        assert.ok(!JSON.stringify(run.outputs).includes(password), "no output holds the admin password");
        assert.equal(uploaded(run, "grafana", "/etc/grafana/secrets/admin-password"), password);
        assert.ok(!run.resources.flatMap((r) => plainStrings(r.inputs)).some((s) => s.includes(password)));
    });

    it("passes Alertmanager's receiver credentials as secret files only", async () => {
        const secrets = { "monitoring:pagerdutyServiceKey": "pd-key-secret-1234", "monitoring:slackWebhookUrl": "https://hooks.slack.invalid/T/B/secret-xyz" };
        const run = await runWithMocks(
            "dev",
            { ...dev, ...secrets, "monitoring:notificationChannels": '["pagerduty","slack"]', "monitoring:slackChannel": "#provisioning-alerts" },
            Object.keys(secrets),
        );
        assert.ifError(run.error);
        const plain = run.resources.flatMap((r) => plainStrings(r.inputs));
        for (const value of Object.values(secrets)) assert.ok(!plain.some((s) => s.includes(value)), `${value} stays secret`);
        const am = ofType(run, containerType).find((c) => c.inputs.name === "monitoring-dev-alertmanager")!;
        assert.ok(JSON.stringify(am.inputs.uploads).includes(secretSignature), "the uploads carry secret values");
    });

    it("gives identical resource inputs when run twice", async () => {
        const first = await runWithMocks("dev", dev);
        const second = await runWithMocks("dev", dev);
        assert.ok(first.resources.length > 20);
        assert.deepEqual(second.resources, first.resources);
        assert.equal(JSON.stringify(second.resources), JSON.stringify(first.resources));
    });
});

describe("bad config declares nothing (mock engine)", () => {
    const dev = readStackFile("dev");
    const cases: [string, Record<string, string>, RegExp][] = [
        ["an unknown component", { "monitoring:components": '["prometheus","graphite"]' }, /monitoring:components\[1\]: expected one of/],
        ["30x as a duration", { "monitoring:evaluationInterval": "30x" }, /monitoring:evaluationInterval: expected a duration .* \(got "30x"\)/],
        [
            "a port out of range",
            { "monitoring:ports": '{"prometheus":65536}' },
            /monitoring:ports.prometheus: expected a port number from 1 to 65535 \(got 65536\)/,
        ],
        ["a port used twice", { "monitoring:ports": '{"loki":3000}' }, /monitoring:ports: port 3000 is used by grafana and loki/],
        [
            "a missing required secret",
            { "monitoring:notificationChannels": '["slack"]', "monitoring:slackChannel": "#ops" },
            /monitoring:slackWebhookUrl: required secret/,
        ],
        ["Promtail without Loki", { "monitoring:components": '["promtail"]' }, /monitoring:components: promtail needs loki/],
    ];
    for (const [what, change, message] of cases) {
        it(`stops on ${what} before any resource`, async () => {
            const run = await runWithMocks("dev", { ...dev, ...change });
            assert.ok(run.error, "the program fails");
            assert.match(run.error.message, message);
            assert.equal(run.resources.length, 0);
        });
    }
});
