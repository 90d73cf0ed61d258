// A team's scrape targets in dev (Docker), with no change to or redeploy of the monitoring stack: the file its stack
// writes (render/team-targets.ts, program/team-targets-file.ts), the jobs that read only listed teams' files with `team`
// and `job` set by Prometheus, the directory the dev Prometheus mounts read-only and outputs, and TeamMonitoring's side
// (mock engine). The real Prometheus picking up such a file live: tests/integration/team-targets.test.ts.
import { strict as assert } from "assert";
import * as fs from "fs";
import Module from "module";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { scrapeTargetsHostDir } from "../../components/prometheus";
import { parseStackConfig } from "../../model/config/parse";
import { TeamMonitoring } from "../../program/team-monitoring";
import { targetsFileProvider } from "../../program/team-targets-file";
import { renderPrometheusConfig } from "../../render/prometheus/config";
import { renderTeamTargetsFile, teamTargetsProblems, TeamScrapeTarget } from "../../render/team-targets";
import { MockRun, ofType, runWithMocks } from "../support/mock-run";
import { loadRawStackConfig, projectRoot, readStackFile } from "../support/stack-files";
import { configProblems } from "../support/config-problems";
import { mockTeamStack } from "../support/team-stack";

const teams = [
    { name: "payments", receivers: { email: "payments@corp.internal" } },
    { name: "search", receivers: { email: "search@corp.internal" } },
];
const relay = { "monitoring:alertEmailFrom": "alerts@corp.internal", "monitoring:smtpSmarthost": "smtp.corp.internal:25" };
const devWithTeams = { ...readStackFile("dev"), ...relay, "monitoring:teams": JSON.stringify(teams) };
const targets = [
    { targets: ["host.docker.internal:9400", "payments-api:8080"], labels: { service: "payments-api", tier: "web" } },
    { targets: ["host.docker.internal:9401"], metricsPath: "/internal/metrics", scheme: "https" as const },
];

describe("team scrape targets in dev: a file the team's stack writes, read live by the stack's Prometheus", function () {
    this.timeout(60_000);

    it("the file: Prometheus' file_sd JSON, one group per entry, path and scheme as labels, keys sorted", () => {
        assert.equal(
            renderTeamTargetsFile(targets),
            `[
  {
    "labels": {
      "__metrics_path__": "/metrics",
      "__scheme__": "http",
      "service": "payments-api",
      "tier": "web"
    },
    "targets": [
      "host.docker.internal:9400",
      "payments-api:8080"
    ]
  },
  {
    "labels": {
      "__metrics_path__": "/internal/metrics",
      "__scheme__": "https"
    },
    "targets": [
      "host.docker.internal:9401"
    ]
  }
]
`,
        );
    });

    it("docs/how-to/add-a-team-scrape-target.md: the page's targets write the page's file", () => {
        const page = fs.readFileSync(path.join(projectRoot, "docs", "how-to", "add-a-team-scrape-target.md"), "utf8");
        // YAML's flow syntax reads the page's TypeScript literal as it is.
        const pageTargets = parse(/^ {4}scrapeTargets: (\[.*\]),$/m.exec(page)![1]) as TeamScrapeTarget[];
        assert.deepEqual(teamTargetsProblems(pageTargets), []);
        assert.equal(/^```json\n([\s\S]*?)^```$/m.exec(page)![1], renderTeamTargetsFile(pageTargets));
    });

    it("bad targets: one line per problem, naming the entry and what is accepted", () => {
        assert.deepEqual(
            teamTargetsProblems([
                { targets: [] },
                { targets: ["payments-api", "host.docker.internal:99999", "payments-api:8080"], labels: { team: "search", job: "x", "bad-name": "1" } },
                { targets: ["payments-api:8080"], labels: { __address__: "elsewhere:1", cluster: "prod" }, metricsPath: "metrics", scheme: "ftp" as never },
            ]),
            [
                "scrape target [0]: expected at least one host:port target",
                'scrape target [1]: "payments-api" is not host:port; expected such as host.docker.internal:9100',
                'scrape target [1]: "host.docker.internal:99999" is not host:port; expected such as host.docker.internal:9100',
                "scrape target [1]: label \"bad-name\": expected letters, digits and '_', such as service",
                "scrape target [1]: label job is set by the stack (team, job, cluster and __ names are); leave it out",
                "scrape target [1]: label team is set by the stack (team, job, cluster and __ names are); leave it out",
                "scrape target [2]: label __address__ is set by the stack (team, job, cluster and __ names are); leave it out",
                "scrape target [2]: label cluster is set by the stack (team, job, cluster and __ names are); leave it out",
                'scrape target [2]: metricsPath "metrics": expected a path such as /metrics',
                'scrape target [2]: scheme "ftp": expected http or https',
            ],
        );
        assert.deepEqual(teamTargetsProblems([{ targets: ["a:1"] }, { targets: ["a:1"], metricsPath: "/metrics" }]), [
            "scrape target [1]: http://a:1/metrics is listed twice; list each target once",
        ]);
    });

    it("prometheus.yml on docker: one job per listed team, reading only its own file, `team` and `job` set by Prometheus", () => {
        const jobs = parse(renderPrometheusConfig(parseStackConfig(devWithTeams, "dev"))).scrape_configs as { job_name: string }[];
        assert.deepEqual(
            jobs.filter((j) => j.job_name.startsWith("team-")),
            ["payments", "search"].map((team) => ({
                job_name: `team-${team}`,
                file_sd_configs: [{ files: [`/etc/prometheus-team-targets/team-${team}.json`], refresh_interval: "30s" }],
                relabel_configs: [
                    { target_label: "team", replacement: team },
                    { target_label: "job", replacement: `team-${team}` },
                ],
            })),
        );
        // Kubernetes finds a team's pods through the API instead; no team, no job.
        const prod = parse(
            renderPrometheusConfig(parseStackConfig(loadRawStackConfig("prod", ["deadMansSwitchUrl", "pagerdutyServiceKey", "slackWebhookUrl"]), "prod")),
        ).scrape_configs;
        assert.ok(!JSON.stringify(prod).includes("file_sd_configs"));
        const dev = parse(renderPrometheusConfig(parseStackConfig(readStackFile("dev"), "dev"))).scrape_configs;
        assert.ok(!JSON.stringify(dev).includes("file_sd_configs"));
    });

    it("a platform job named as a team's own job is refused, one line", () => {
        const raw = {
            ...devWithTeams,
            "monitoring:platformTargets": JSON.stringify([{ job: "team-search", targets: ["host.docker.internal:9500"] }]),
        };
        assert.deepEqual(configProblems(raw), [
            "monitoring:teams[1].name: job team-search of monitoring:platformTargets is the scrape job of team search's own targets; name that job otherwise",
        ]);
    });

    it("the directory: the deploying user's, per stack, on docker with teams only", () => {
        const dev = parseStackConfig(devWithTeams, "dev");
        assert.equal(scrapeTargetsHostDir(dev, "/home/ana"), "/home/ana/.local/state/provisioning-monitoring/dev/scrape-targets");
        assert.equal(scrapeTargetsHostDir(parseStackConfig(readStackFile("dev"), "dev"), "/home/ana"), undefined);
        assert.equal(scrapeTargetsHostDir({ ...dev, platform: "kubernetes" }, "/home/ana"), undefined);
    });

    describe("the dev stack with teams (mock engine)", () => {
        let run: MockRun;
        before(async () => {
            const home = process.env.HOME;
            process.env.HOME = "/home/ana";
            try {
                run = await runWithMocks("dev", devWithTeams);
            } finally {
                process.env.HOME = home;
            }
            assert.ifError(run.error);
        });

        it("creates the directory as the deploying user before Prometheus starts, mounts it read-only, and outputs it", () => {
            const dir = "/home/ana/.local/state/provisioning-monitoring/dev/scrape-targets";
            const [mkdir] = ofType(run, "command:local:Command").filter((c) => c.name === "monitoring-prometheus-dir-prometheus-team-targets");
            assert.deepEqual(mkdir.inputs, { create: dir, interpreter: ["mkdir", "-p", "-m", "0755"] });
            const prometheus = ofType(run, "docker:index/container:Container").find((c) => c.name === "monitoring-prometheus")!;
            assert.deepEqual(prometheus.inputs.mounts, [
                { source: "monitoring-dev-prometheus-data", target: "/prometheus", type: "volume" },
                { source: dir, target: "/etc/prometheus-team-targets", type: "bind", readOnly: true },
            ]);
            assert.ok((prometheus.options.dependsOn as pulumi.Resource[]).length === 1, "waits for the directory");
            assert.equal(run.outputs.scrapeTargetsDir, dir);
            assert.equal(run.outputSecrets.scrapeTargetsDir, false);
        });
    });

    describe("TeamMonitoring's side (mock engine, a mocked StackReference)", () => {
        const outputs = (scrapeTargetsDir?: string) => ({
            grafanaUrl: "http://localhost:3000",
            teams: { payments: { folderUid: "team-payments", token: "glsa_payments_token" } },
            ...(scrapeTargetsDir ? { scrapeTargetsDir } : {}),
        });
        /** The team's file resources `declare` registers, or the first error. */
        const teamStack = async (declare: (monitoring: pulumi.StackReference) => void, monitoringOutputs: object) => {
            const { resources, error } = await mockTeamStack(declare, monitoringOutputs, "dev");
            return {
                files: resources
                    .filter((r) => r.type === "pulumi-nodejs:dynamic/team:TargetsFile")
                    .map((r): Record<string, any> => ({ name: r.name, ...r.inputs })),
                error,
            };
        };

        it("writes team-<name>.json with the rendered targets into the stack's directory, a plain (not secret) input", async () => {
            const { files, error } = await teamStack(
                (monitoring) => new TeamMonitoring("payments", { monitoring, team: "payments", scrapeTargets: targets }),
                outputs("/home/ana/.local/state/provisioning-monitoring/dev/scrape-targets"),
            );
            assert.ifError(error);
            assert.deepEqual(
                files.map((f) => [f.name, f.dir, f.file, f.content]),
                [
                    [
                        "payments-scrape-targets",
                        "/home/ana/.local/state/provisioning-monitoring/dev/scrape-targets",
                        "team-payments.json",
                        renderTeamTargetsFile(targets),
                    ],
                ],
            );
            assert.match(String(files[0].__provider), /writeTargetsFile/);
        });

        it("refuses bad targets before any resource, and scrapeTargets on Kubernetes with a pointer to the annotations", async () => {
            const bad = await teamStack(
                (monitoring) =>
                    new TeamMonitoring("payments", { monitoring, team: "payments", scrapeTargets: [{ targets: ["api"], labels: { team: "search" } }] }),
                outputs("/srv/targets"),
            );
            assert.equal(
                bad.error?.message,
                "TeamMonitoring payments:\n" +
                    '  - scrape target [0]: "api" is not host:port; expected such as host.docker.internal:9100\n' +
                    "  - scrape target [0]: label team is set by the stack (team, job, cluster and __ names are); leave it out",
            );
            assert.deepEqual(bad.files, []);
            const onKubernetes = await teamStack(
                (monitoring) => new TeamMonitoring("payments", { monitoring, team: "payments", scrapeTargets: targets }),
                outputs(),
            );
            assert.match(
                String(onKubernetes.error?.message),
                /scrapeTargets are for a monitoring stack on Docker \(dev\); on Kubernetes annotate the pods and Services with prometheus.io\/scrape: "true" \(docs\/teams.md\)$/,
            );
            const unlisted = await teamStack(
                (monitoring) => new TeamMonitoring("ledger", { monitoring, team: "ledger", scrapeTargets: targets }),
                outputs("/srv/targets"),
            );
            assert.match(String(unlisted.error?.message), /team ledger is not in the monitoring stack's monitoring:teams/);
        });
    });

    it("the provider's code survives Pulumi's serialization and writes, rewrites and removes the file (0644, whole at once)", async () => {
        // As the dynamic provider host loads it: the serialized text compiled as a module of its own.
        const serialized = await pulumi.runtime.serializeFunction(() => targetsFileProvider, { allowSecrets: true });
        const loaded = new Module("serialized-provider.js") as Module & { _compile(code: string, file: string): void };
        loaded._compile(serialized.text, "serialized-provider.js");
        const provider = (loaded.exports as { handler: () => typeof targetsFileProvider }).handler();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "team-targets-"));
        try {
            const inputs = { dir, file: "team-payments.json", content: "[]\n" };
            assert.deepEqual(await provider.create(inputs), { id: path.join(dir, "team-payments.json"), outs: inputs });
            assert.equal(fs.statSync(path.join(dir, "team-payments.json")).mode & 0o777, 0o644);
            await provider.update("id", inputs, { ...inputs, content: "[{}]\n" });
            assert.deepEqual(fs.readdirSync(dir), ["team-payments.json"]);
            assert.equal(fs.readFileSync(path.join(dir, "team-payments.json"), "utf8"), "[{}]\n");
            await provider.delete("id", inputs);
            assert.deepEqual(fs.readdirSync(dir), []);
            await assert.rejects(
                provider.create({ ...inputs, dir: path.join(dir, "missing") }),
                /missing does not exist on this host: run this stack on the Docker host/,
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
