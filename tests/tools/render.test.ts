// `npm run render` output, written by the real CLI from the real stack files and checked by the real tools.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { renderDashboardFiles, renderStackFiles } from "../../render/stack-files";
import { dashboardsFor } from "../../dashboards";
import { fakeSecrets, loadStackConfig, projectRoot, stackNames } from "../../support/stack-files";
import { kubernetesSdProblems, serviceAccountStandIn, swapKubernetesDiscovery } from "./kubernetes-sd";
import { swapUrlFilesForAlertmanager025 } from "./alertmanager-swaps";
import { assertSucceeded, makeTempDir, removeDir, runTool } from "../../support/run-tool";

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
            const result = runRenderCli(["--stack", stack, "--out", out]);
            assert.equal(result.status, 0, result.stderr);
        });
        after(() => removeDir(out));

        it("writes the contract layout", () => {
            const dashboardFiles = dashboardsFor(loadStackConfig(stack).platform).map((d) => `grafana/dashboards/${d.uid}.json`);
            assert.ok(dashboardFiles.length >= 9, "the eight built-in dashboards and the shipped custom one");
            assert.deepEqual(
                listFiles(out!),
                [
                    ...dashboardFiles,
                    "alertmanager/alertmanager.yml",
                    "grafana/grafana.ini",
                    "loki/loki.yml",
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
            const expected = { ...renderStackFiles(loadStackConfig(stack)), ...renderDashboardFiles(loadStackConfig(stack)) };
            for (const [file, content] of Object.entries(expected)) assert.equal(fs.readFileSync(path.join(out!, file), "utf8"), content, file);
            for (const file of listFiles(out!)) {
                const text = fs.readFileSync(path.join(out!, file), "utf8");
                assert.doesNotMatch(text, /secret placeholder/, `${file} holds no secret value, not even the placeholder`);
                for (const value of Object.values(fakeSecrets)) assert.ok(!text.includes(value), file);
            }
        });

        it("passes `promtool check config` with its rule files beside it (Debian's Prometheus 2.42)", () => {
            // Debian's build has no Kubernetes discovery: promtool checks a copy without those blocks (see kubernetes-sd.ts).
            const { text, blocks, standIns } = swapKubernetesDiscovery(fs.readFileSync(path.join(out!, "prometheus/prometheus.yml"), "utf8"));
            assert.equal(blocks.length > 0, loadStackConfig(stack).platform === "kubernetes", "Kubernetes discovery exactly on Kubernetes");
            assert.deepEqual(blocks.flatMap(kubernetesSdProblems), []);
            const checked = blocks.length > 0 ? "prometheus/prometheus.promtool.yml" : "prometheus/prometheus.yml";
            if (blocks.length > 0) fs.writeFileSync(path.join(out!, checked), text);
            // The kubelet jobs read the pod's service-account token and CA: empty stand-ins, only for this check.
            for (const file of standIns) fs.mkdirSync(path.dirname(path.join(out!, "prometheus", file)), { recursive: true });
            for (const file of standIns) fs.writeFileSync(path.join(out!, "prometheus", file), "");
            const result = runTool("promtool", ["check", "config", checked], out!);
            if (blocks.length > 0) fs.rmSync(path.join(out!, checked));
            if (standIns.length > 0) fs.rmSync(path.join(out!, "prometheus", serviceAccountStandIn), { recursive: true });
            assertSucceeded(result);
            assert.match(result.stdout, /SUCCESS: 3 rule files found/);
            assert.doesNotMatch(result.stdout + result.stderr, /WARNING|FAILED/);
        });

        it("passes `amtool check-config` (Debian's Alertmanager 0.25)", () => {
            // A kubernetes stack sends the Watchdog to its heartbeat through url_file, which 0.25 predates (alertmanager-swaps.ts).
            const { text, swapped } = swapUrlFilesForAlertmanager025(fs.readFileSync(path.join(out!, "alertmanager/alertmanager.yml"), "utf8"));
            assert.deepEqual(swapped, stack === "prod" ? [{ url_file: "/etc/alertmanager/secrets/dead-mans-switch-url", send_resolved: false }] : []);
            fs.writeFileSync(path.join(out!, "alertmanager/alertmanager.amtool.yml"), text);
            const result = runTool("amtool", ["check-config", "alertmanager/alertmanager.amtool.yml"], out!);
            fs.rmSync(path.join(out!, "alertmanager/alertmanager.amtool.yml"));
            assertSucceeded(result);
        });

        it("parses every YAML file, and keeps retention out of prometheus.yml", () => {
            for (const file of listFiles(out!).filter((f) => f.endsWith(".yml"))) {
                assert.doesNotThrow(() => parse(fs.readFileSync(path.join(out!, file), "utf8")), file);
            }
            const prometheus = parse(fs.readFileSync(path.join(out!, "prometheus/prometheus.yml"), "utf8"));
            assert.equal(prometheus.storage, undefined, "retention is a flag, not a prometheus.yml key");
        });
    });
}

describe("npm run render, bad arguments", () => {
    const cases: [string[], RegExp][] = [
        [["--stack", "dev"], /--out is required/],
        [["--stack", "qa", "--out", "x"], /no stack file .*Pulumi\.qa\.yaml; stacks here: dev, prod/],
        [["--stack", "dev", "--output", "x"], /unknown argument "--output" \(accepted: --stack, --out\)/],
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

describe("the Kubernetes discovery facts promtool cannot check", () => {
    it("swaps every kubernetes_sd_configs for an empty static_configs and rejects a block Prometheus would not accept", () => {
        const text =
            "scrape_configs:\n  - job_name: a\n    kubernetes_sd_configs:\n      - role: pods\n        namespaces: {names: [Bad_NS]}\n        selector: x\n";
        const swapped = swapKubernetesDiscovery(text);
        assert.deepEqual(parse(swapped.text).scrape_configs[0], { job_name: "a", static_configs: [{ targets: [] }] });
        const problems = swapped.blocks.flatMap(kubernetesSdProblems);
        assert.equal(problems.length, 3, problems.join("\n"));
        assert.deepEqual(kubernetesSdProblems({ job: "ok", sd: { role: "pod", namespaces: { names: ["monitoring"] } } }), []);
    });
});
