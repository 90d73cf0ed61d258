// `npm run render` output, written by the real CLI from the tests' stacks (tests/fixtures/stacks) and checked by the real tools.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { renderDashboardFiles, renderStackFiles, stackDashboards } from "../../render/stack-files";
import { fakeSecrets, fixtureStacksDir, fixtureUserContent, loadStackConfig, projectRoot, stackNames } from "../support/stack-files";
import { assertSucceeded, makeTempDir, removeDir, runTool } from "../support/run-tool";

/** Where a pod finds its service account's token and CA. */
const serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount/";

function runRenderCli(args: readonly string[]) {
    return spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(projectRoot, "scripts", "render.ts"), ...args], {
        cwd: projectRoot,
        encoding: "utf8",
        timeout: 60_000,
    });
}

function listFiles(dir: string, prefix = ""): string[] {
    return fs
        .readdirSync(path.join(dir, prefix), { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? listFiles(dir, path.join(prefix, e.name)) : [path.join(prefix, e.name)]))
        .sort();
}

for (const stack of stackNames()) {
    describe(`npm run render -- --stack ${stack}`, function () {
        this.timeout(60_000);
        let out: string | undefined;
        before(() => {
            out = makeTempDir(`render-${stack}`);
            const result = runRenderCli(["--stack", stack, "--out", out, "--project", fixtureStacksDir]);
            assert.equal(result.status, 0, result.stderr);
        });
        after(() => removeDir(out));

        it("writes the contract layout", () => {
            const dashboardFiles = stackDashboards(loadStackConfig(stack), fixtureUserContent()).map((d) => `grafana/dashboards/${d.uid}.json`);
            assert.ok(dashboardFiles.includes("grafana/dashboards/custom-infrastructure.json"), "the test project's user dashboard");
            assert.ok(dashboardFiles.length >= 10, "the built-in dashboards and the user's");
            assert.deepEqual(
                listFiles(out!),
                [
                    ...dashboardFiles,
                    "alertmanager/alertmanager.yml",
                    "grafana/grafana.ini",
                    "loki/loki.yml",
                    "otel-collector/config.yaml",
                    "prometheus/prometheus.yml",
                    "prometheus/rules/provisioning.yml",
                    "prometheus/rules/recording.yml",
                    "prometheus/rules/stack-health.yml",
                    "promtail/promtail.yml",
                    "tempo/tempo.yml",
                ].sort(),
            );
        });

        it("writes exactly the strings the Pulumi components deploy, and no secret value", () => {
            const config = loadStackConfig(stack);
            const user = fixtureUserContent();
            const expected = { ...renderStackFiles(config, user), ...renderDashboardFiles(config, stackDashboards(config, user)) };
            for (const [file, content] of Object.entries(expected)) assert.equal(fs.readFileSync(path.join(out!, file), "utf8"), content, file);
            for (const file of listFiles(out!)) {
                const text = fs.readFileSync(path.join(out!, file), "utf8");
                assert.doesNotMatch(text, /secret placeholder/, `${file} holds no secret value, not even the placeholder`);
                for (const value of Object.values(fakeSecrets)) assert.ok(!text.includes(value), file);
            }
        });

        it("passes `promtool check config` with its rule files beside it (promtool 3.13.2, the deployed version)", () => {
            const file = path.join(out!, "prometheus/prometheus.yml");
            const text = fs.readFileSync(file, "utf8");
            assert.equal(
                text.includes("kubernetes_sd_configs"),
                loadStackConfig(stack).platform === "kubernetes",
                "Kubernetes discovery exactly on Kubernetes",
            );
            // promtool checks that the pod's service-account token and CA exist: empty stand-ins in a copy, for this check only.
            const local = path.join(out!, "prometheus/serviceaccount");
            fs.mkdirSync(local);
            for (const name of ["token", "ca.crt"]) fs.writeFileSync(path.join(local, name), "");
            fs.writeFileSync(path.join(out!, "prometheus/prometheus.promtool.yml"), text.split(serviceAccountDir).join(`${local}/`));
            // POD_NAME is set in the pod (the replica label); an empty one would only warn.
            const result = runTool("promtool", ["check", "config", "prometheus/prometheus.promtool.yml"], out!, { POD_NAME: "prometheus-0" });
            fs.rmSync(local, { recursive: true });
            fs.rmSync(path.join(out!, "prometheus/prometheus.promtool.yml"));
            assertSucceeded(result);
            assert.match(result.stdout, /SUCCESS: 3 rule files found/);
            assert.doesNotMatch(result.stdout + result.stderr, /WARN|FAILED/);
        });

        it("has a prometheus.yml and an alertmanager.yml that their programs refuse with one typo", () => {
            const typo = (file: string, from: RegExp, to: string) => {
                const text = fs.readFileSync(path.join(out!, file), "utf8");
                assert.match(text, from, file);
                fs.writeFileSync(path.join(out!, `${file}.typo.yml`), text.replace(from, to));
            };
            typo("prometheus/prometheus.yml", /\bscrape_interval:/, "scrape_intervall:");
            typo("alertmanager/alertmanager.yml", /\breceiver:/, "reciever:");
            const prometheus = runTool("promtool", ["check", "config", "--syntax-only", "prometheus/prometheus.yml.typo.yml"], out!);
            const alertmanager = runTool("amtool", ["check-config", "alertmanager/alertmanager.yml.typo.yml"], out!);
            for (const f of ["prometheus/prometheus.yml", "alertmanager/alertmanager.yml"]) fs.rmSync(path.join(out!, `${f}.typo.yml`));
            assert.equal(prometheus.status, 1);
            assert.match(prometheus.stdout + prometheus.stderr, /field scrape_intervall not found/);
            assert.equal(alertmanager.status, 1);
            assert.match(alertmanager.stdout + alertmanager.stderr, /field reciever not found/);
        });

        it("passes `amtool check-config` (amtool 0.28.1, the deployed version)", () => {
            assertSucceeded(runTool("amtool", ["check-config", "alertmanager/alertmanager.yml"], out!));
        });

        it("passes `otelcol validate` (the collector built from the pinned image's release)", () => {
            const result = runTool("otelcol", ["validate", `--config=${path.join(out!, "otel-collector/config.yaml")}`], out!);
            assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
            // A misspelt field is refused, so the check above reads the file.
            const typo = path.join(out!, "otel-collector-typo.yaml");
            fs.writeFileSync(typo, fs.readFileSync(path.join(out!, "otel-collector/config.yaml"), "utf8").replace("metrics_endpoint:", "metric_endpoint:"));
            const refused = runTool("otelcol", ["validate", `--config=${typo}`], out!);
            fs.rmSync(typo);
            assert.notEqual(refused.status, 0);
            assert.match(refused.stderr, /metric_endpoint/);
        });

        it("parses every YAML file, and keeps retention out of prometheus.yml", () => {
            for (const file of listFiles(out!).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))) {
                assert.doesNotThrow(() => parse(fs.readFileSync(path.join(out!, file), "utf8")), file);
            }
            const prometheus = parse(fs.readFileSync(path.join(out!, "prometheus/prometheus.yml"), "utf8"));
            // Both test stacks run the OTLP collector, whose late batches the out-of-order window takes.
            assert.deepEqual(prometheus.storage, { tsdb: { out_of_order_time_window: "30m" } }, "retention is a flag, not a prometheus.yml key");
        });
    });
}

describe("npm run render, bad arguments", () => {
    const cases: [string[], RegExp][] = [
        [["--stack", "dev"], /--out is required/],
        [["--stack", "qa", "--out", "x", "--project", fixtureStacksDir], /no stack file .*Pulumi\.qa\.yaml; stacks here: dev, prod/],
        [["--stack", "dev", "--output", "x"], /unknown argument "--output" \(accepted: --stack, --out, --project\)/],
        [["--stack"], /--stack needs a value/],
    ];
    for (const [args, message] of cases) {
        it(`rejects ${args.join(" ")} with a clear message and exit 2`, function () {
            this.timeout(30_000);
            const result = runRenderCli(args);
            assert.equal(result.status, 2);
            assert.match(result.stderr, message);
        });
    }
});
