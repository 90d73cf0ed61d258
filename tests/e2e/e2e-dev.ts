// `npm run e2e -- dev`: the real Pulumi engine (CLI 3.276.0) and a docker provider built from kreuzwerker's Terraform
// provider (the engine pulumi-docker wraps) deploy the dev stack to the real Docker engine of this machine, then check
// it works as a user sees it, run day 2, a team's own stack through a real StackReference, destroy keeping the data and
// a take-over. Images the engine lacks are built from the pinned binaries (tests/support/docker-images.ts). What differs from
// a user's machine (no Grafana, Loki, Promtail or Tempo; images; stand-in command provider): E2E.md.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import commandSdk from "@pulumi/command/package.json";
import dockerSdk from "@pulumi/docker/package.json";
import * as pulumi from "@pulumi/pulumi";
import { defaultImages, helperImages } from "../../model/config/catalog";
import { runProgram } from "../../program/program";
import { TeamMonitoring } from "../../program/team-monitoring";
import { ensureImages } from "../support/docker-images";
import { done, getJson, notYet, waitFor } from "../support/poll";
import { makeTempDir, removeDir } from "../support/run-tool";
import { projectRoot } from "../support/stack-files";
import { toolPath } from "../../support/toolchain";
import { automation, cli, E2eFailed, mkdir, Output, projectFiles, pulumiEnv, Timed, TimedFn, timer, tsWrapper, upClean } from "./e2e-steps";

/** The dev stack without Grafana, Loki, Promtail and Tempo: AGPL, so their images cannot be built here. */
const components = ["prometheus", "alertmanager", "node-exporter"];
const images = [defaultImages.prometheus, defaultImages.alertmanager, defaultImages["node-exporter"], helperImages.otelCollector, helperImages.volumeInit];
const prometheus = "http://127.0.0.1:9090";
const stackLabel = "org.provisioning.monitoring.stack=dev";

/** The e2e's team: mailed, with a scrape target its own stack declares (the stack's Alertmanager, as a service on the stack's network). */
const team = { name: "payments", receivers: { email: "payments@corp.internal" } };
/** Another team, whose receiver must not get the first team's alerts. */
const otherTeam = { name: "search", receivers: { email: "search@corp.internal" } };
const alertmanager = "http://127.0.0.1:9093";
const mail = { "monitoring:alertEmailFrom": "alerts@corp.internal", "monitoring:smtpSmarthost": "smtp.corp.internal:25" };

/** The stack's own scrape jobs, each of which must be up. */
const jobs = ["prometheus", "alertmanager", "node-exporter", "otel-collector"];

/** Each change by `pulumi up`; `absent` is the job it takes away. */
const day2: readonly { name: string; set: Record<string, unknown>; unset?: readonly string[]; absent?: string }[] = [
    { name: "prometheusRetentionTime 7d -> 15d", set: { "monitoring:prometheusRetentionTime": "15d" } },
    { name: "scrapeInterval 15s -> 30s", set: { "monitoring:scrapeInterval": "30s" } },
    { name: "node-exporter removed", set: { "monitoring:components": components.filter((c) => c !== "node-exporter") }, absent: "node-exporter" },
    { name: "node-exporter added back", set: { "monitoring:components": components } },
    { name: "otlpCollector off", set: { "monitoring:otlpCollector": false }, absent: "otel-collector" },
    { name: "otlpCollector on", set: {}, unset: ["monitoring:otlpCollector"] },
];

const docker = (args: readonly string[]) => spawnSync("docker", args, { encoding: "utf8" });
const lines = (text: string) => text.trim().split("\n").filter(Boolean);
/** Ids of the stack's containers, running or not. */
const containers = (): string[] => lines(docker(["ps", "-aq", "--filter", `label=${stackLabel}`]).stdout);
/** The stack's volumes (Docker gives a volume no identity but its name: the engine's events show a replacement). */
const volumes = (): string[] => lines(docker(["volume", "ls", "-q", "--filter", `label=${stackLabel}`]).stdout).sort();

function engine(): string {
    const r = docker(["version", "--format", "{{.Server.Version}}"]);
    if (r.status !== 0) throw new E2eFailed(`no Docker engine answers (docker version): start one (Debian: apt-get install docker.io, then dockerd &)`);
    // The run removes what it deployed, volumes included: a user's dev stack, or the volumes it kept, are never touched.
    const found = Object.entries({ containers: containers(), volumes: volumes() }).filter(([, ids]) => ids.length > 0);
    if (found.length > 0)
        throw new E2eFailed(
            `this engine has a dev stack's ${found.map(([kind]) => kind).join(" and ")} already (label ${stackLabel}): the run would take them over and remove them, so it stops`,
        );
    return r.stdout.trim();
}

/** The stack's containers: running, healthy where the image has a health check, and published on 127.0.0.1 only. */
async function checkContainers(step: string): Promise<void> {
    type Inspected = { Name: string; NetworkSettings: { Ports: Record<string, { HostIp: string; HostPort: string }[] | null> } };
    const published = (JSON.parse(docker(["inspect", ...containers()]).stdout) as Inspected[]).flatMap((c) =>
        Object.entries(c.NetworkSettings.Ports).flatMap(([port, bindings]) => (bindings ?? []).map((b) => `${c.Name} ${port} on ${b.HostIp}:${b.HostPort}`)),
    );
    const exposed = published.filter((p) => !p.includes(" on 127.0.0.1:"));
    if (published.length === 0 || exposed.length > 0)
        throw new E2eFailed(`after ${step}: ports published beyond 127.0.0.1: ${exposed.join(", ") || "none published"}`);
    await waitFor(
        `every container of the dev stack running and healthy (${step})`,
        async () => {
            const states = JSON.parse(docker(["inspect", ...containers()]).stdout) as {
                Name: string;
                State: { Status: string; Health?: { Status: string } };
            }[];
            const bad = states.filter((s) => s.State.Status !== "running" || (s.State.Health && s.State.Health.Status !== "healthy"));
            return bad.length === 0 ? done(states.length) : notYet(bad.map((s) => `${s.Name} ${s.State.Status} ${s.State.Health?.Status ?? ""}`).join(", "));
        },
        120_000,
        1_000,
    );
}

type Target = { labels: Record<string, string>; health: string; lastError: string; scrapeUrl: string };
const targets = async () => (await getJson<{ data: { activeTargets: Target[] } }>(`${prometheus}/api/v1/targets?state=active`)).data.activeTargets;

/** Prometheus as a user sees it: the stack's own targets up, its rules loaded, its Alertmanager found. */
async function checkPrometheus(step: string, wantJobs: readonly string[]): Promise<void> {
    await waitFor(
        `the stack's targets up (${step})`,
        async () => {
            const t = await targets().catch(() => []);
            const down = wantJobs.filter((job) => !t.some((x) => x.labels.job === job && x.health === "up"));
            return down.length === 0 ? done(t) : notYet(`not up: ${down.join(", ")}; seen ${t.map((x) => `${x.labels.job}=${x.health}`).join(" ")}`);
        },
        90_000,
        1_000,
    );
    const rules = await getJson<{ data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] } }>(`${prometheus}/api/v1/rules`);
    if (rules.data.groups.length === 0) throw new E2eFailed(`after ${step}: Prometheus loaded no rule group`);
    const failing = rules.data.groups.flatMap((g) => g.rules).filter((r) => r.health === "err");
    if (failing.length > 0) throw new E2eFailed(`after ${step}: rules fail to evaluate: ${failing.map((r) => `${r.name}: ${r.lastError}`).join("; ")}`);
    const ams = await getJson<{ data: { activeAlertmanagers: unknown[] } }>(`${prometheus}/api/v1/alertmanagers`);
    if (ams.data.activeAlertmanagers.length !== 1)
        throw new E2eFailed(`after ${step}: Prometheus sends to ${ams.data.activeAlertmanagers.length} Alertmanagers, not 1`);
}

/** One series at a fixed past instant: read again after each change, it shows the data survived. */
async function sampleAt(time: number): Promise<string> {
    const r = await getJson<{ data: { result: { value: [number, string] }[] } }>(
        `${prometheus}/api/v1/query?query=${encodeURIComponent('prometheus_build_info{job="prometheus"}')}&time=${time}`,
    );
    return JSON.stringify(r.data.result.map((x) => x.value));
}

/** A gauge sent as OTLP/HTTP JSON to the collector's published port, read back from Prometheus. */
async function otlpRoundTrip(): Promise<void> {
    const now = `${Date.now()}000000`;
    const body = {
        resourceMetrics: [
            {
                resource: { attributes: [{ key: "service.name", value: { stringValue: "e2e-dev" } }] },
                scopeMetrics: [{ metrics: [{ name: "e2e_dev_gauge", gauge: { dataPoints: [{ asDouble: 42, timeUnixNano: now }] } }] }],
            },
        ],
    };
    const response = await fetch("http://127.0.0.1:4318/v1/metrics", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
    });
    if (!response.ok) throw new E2eFailed(`the collector refused OTLP metrics: ${response.status}`);
    await waitFor(
        "the OTLP gauge in Prometheus",
        async () => {
            const r = await getJson<{ data: { result: { metric: Record<string, string>; value: [number, string] }[] } }>(
                `${prometheus}/api/v1/query?query=e2e_dev_gauge`,
            );
            return r.data.result.some((x) => x.value[1] === "42") ? done(true) : notYet(JSON.stringify(r.data.result));
        },
        30_000,
        1_000,
    );
}

/** A team's alert posted to the deployed Alertmanager, and the receivers its deployed routes chose for it. */
async function teamAlertReceivers(teamName: string): Promise<string[]> {
    const alertname = `E2eTeamAlert${teamName}`;
    const labels = { alertname, team: teamName, severity: "warning", cluster: "provisioning-dev" };
    const posted = await fetch(`${alertmanager}/api/v2/alerts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify([{ labels }]),
    });
    if (!posted.ok) throw new E2eFailed(`Alertmanager refused the team's alert: ${posted.status}`);
    return waitFor(
        `the routes of ${alertname}`,
        async () => {
            const alerts = await getJson<{ receivers: { name: string }[] }[]>(
                `${alertmanager}/api/v2/alerts?filter=${encodeURIComponent(`alertname="${alertname}"`)}`,
            );
            return alerts.length === 1 ? done(alerts[0].receivers.map((r) => r.name).sort()) : notYet(JSON.stringify(alerts));
        },
        30_000,
        500,
    );
}

/** The on-call CLI's status of the deployed stack, its URLs read from the stack's outputs by the real CLI. */
function opsStatus(project: string, env: Record<string, string>): void {
    const args = ["-r", require.resolve("ts-node/register/transpile-only"), path.join(projectRoot, "ops", "index.ts"), "--json", "--stack", "dev", "status"];
    const r = spawnSync(process.execPath, args, {
        cwd: project,
        env: { ...process.env, ...env, TS_NODE_PROJECT: path.join(projectRoot, "tsconfig.json") },
        encoding: "utf8",
    });
    const report = (() => {
        try {
            return JSON.parse(r.stdout) as { components: { component: string; health: string }[]; problems: string[] };
        } catch {
            throw new E2eFailed(`ops status printed no report (exit ${r.status}): ${r.stderr.trim().split("\n").pop()}`);
        }
    })();
    const components = report.components.map((c) => `${c.component} ${c.health}`).sort();
    if (JSON.stringify(components) !== JSON.stringify(["Alertmanager ok", "Prometheus ok"]))
        throw new E2eFailed(`ops status: components ${components.join(", ")}`);
    // The platform's own services do not run here: their three jobs are down, and status says so with exit 1.
    const others = report.problems.filter((p) => !/^job provisioning-(orchestrator|control-center|vault-service): 1 of 1 targets down/.test(p));
    if (others.length > 0 || report.problems.length !== 3 || r.status !== 1)
        throw new E2eFailed(`ops status (exit ${r.status}): ${report.problems.join("; ")}`);
}

/** Operations of the engine that would lose a volume's data. */
const losesData = new Set(["delete", "replace", "create-replacement", "delete-replaced", "discard"]);

/** The team's own stack: TeamMonitoring with the monitoring stack's outputs through a real StackReference, and a scrape target. */
async function teamStack(workDir: string, env: Record<string, string>, output: Output, timed: TimedFn): Promise<void> {
    const auto = automation();
    const program = async () => {
        new TeamMonitoring("payments", {
            monitoring: new pulumi.StackReference("organization/monitoring/dev"),
            team: team.name,
            scrapeTargets: [{ targets: ["alertmanager:9093"], labels: { service: "checkout" } }],
        });
    };
    const stack = await auto.LocalWorkspace.createOrSelectStack({ stackName: "dev", projectName: "payments-service", program }, { workDir, envVars: env });
    await upClean(stack, "team stack with a scrape target, through a StackReference", timed, output, async () => {
        await timed("the team's target scraped as team=payments, no redeploy of the monitoring stack", () =>
            waitFor(
                "the team's target",
                async () => {
                    const t = (await targets()).find((x) => x.labels.team === "payments" && x.labels.service === "checkout");
                    return t?.health === "up" ? done(t) : notYet(JSON.stringify(t ?? "none"));
                },
                60_000,
                1_000,
            ),
        );
    });
    await timed("team stack removed (its target gone)", async () => {
        await stack.destroy(output);
        await stack.workspace.removeStack("dev");
        await waitFor(
            "the team's target gone",
            async () => ((await targets()).some((x) => x.labels.team === "payments") ? notYet("still there") : done(true)),
            60_000,
            1_000,
        );
    });
}

export async function runDev(): Promise<Timed[]> {
    const [pulumiCli, dockerProvider] = (() => {
        try {
            return [toolPath("pulumi"), toolPath("pulumi-resource-docker")];
        } catch (error) {
            throw new E2eFailed((error as Error).message);
        }
    })();
    const { timed, timings } = timer();
    const version = engine();
    await timed(`images of the pinned tags on Docker ${version}`, async () => {
        try {
            ensureImages(images);
        } catch (error) {
            throw new E2eFailed((error as Error).message);
        }
    });
    const dir = makeTempDir("e2e-dev");
    const log = path.join(dir, "pulumi.log");
    const home = process.env.HOME;
    // The dev stack keeps the teams' target files under $HOME: a folder of the run, not the user's.
    process.env.HOME = mkdir(path.join(dir, "home"));
    try {
        const project = mkdir(path.join(dir, "project"));
        const env = pulumiEnv(dir, pulumiCli, { HOME: process.env.HOME });
        const run = cli(pulumiCli, project, env, log);
        await timed("providers installed", async () => {
            run(["plugin", "install", "resource", "docker", dockerSdk.version, "--file", dockerProvider]);
            run([
                "plugin",
                "install",
                "resource",
                "command",
                commandSdk.version,
                "--file",
                tsWrapper(dir, "pulumi-resource-command", "tests/e2e/stand-in-command-provider.ts"),
            ]);
        });
        // The engine runs the team stack's dynamic resource through this plugin, as the Pulumi distribution's own script does.
        const bin = mkdir(path.join(dir, "bin"));
        fs.writeFileSync(
            path.join(bin, "pulumi-resource-pulumi-nodejs"),
            `#!/bin/sh\nexec ${process.execPath} ${path.join(projectRoot, "node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider")} "$@"\n`,
            { mode: 0o755 },
        );
        env.PATH = process.env.PATH = `${bin}:${env.PATH}`;

        const { setConfig } = projectFiles(project, "dev", { "monitoring:components": components });
        const deployed = await automation().LocalWorkspace.createOrSelectStack(
            { stackName: "dev", projectName: "monitoring", program: async () => ({ ...runProgram() }) },
            { workDir: project, envVars: env },
        );
        const volumeOps: string[] = [];
        const output: Output = {
            onOutput: (o: string) => fs.appendFileSync(log, o),
            onEvent: (e) => {
                const m = e.resourcePreEvent?.metadata;
                if (m && m.type === "docker:index/volume:Volume" && losesData.has(m.op)) volumeOps.push(`${m.op} ${m.urn.split("::").pop()}`);
            },
            color: "never",
        };
        const check = (step: string, absent?: string) => async () => {
            await timed(`containers running and healthy: ${step}`, () => checkContainers(step));
            await timed(`Prometheus' targets up, rules and Alertmanager: ${step}`, () =>
                checkPrometheus(
                    step,
                    jobs.filter((j) => j !== absent),
                ),
            );
        };

        await upClean(deployed, "first deploy", timed, output, check("first deploy"));
        await timed("OTLP metrics through the collector into Prometheus", otlpRoundTrip);
        await timed("npm run ops -- status, on the stack's own outputs", async () => opsStatus(project, env));
        // An instant of the first deploy's data, read back after every change that replaces Prometheus' container.
        const scraped = await getJson<{ data: { result: { value: [number, string] }[] } }>(
            `${prometheus}/api/v1/query?query=${encodeURIComponent('timestamp(prometheus_build_info{job="prometheus"})')}`,
        );
        const instant = Number(scraped.data.result[0]?.value[1]);
        const first = await sampleAt(instant);
        if (first === "[]") throw new E2eFailed("Prometheus has no sample of its first minute");
        const kept = volumes();
        const stillThere = async (step: string) => {
            if (volumeOps.length > 0) throw new E2eFailed(`${step}: the engine would lose a volume's data: ${volumeOps.join(", ")}`);
            if (JSON.stringify(volumes()) !== JSON.stringify(kept))
                throw new E2eFailed(`${step}: the volumes are ${volumes().join(", ")}, not ${kept.join(", ")}`);
            if ((await sampleAt(instant)) !== first) throw new E2eFailed(`${step}: the first deploy's sample is gone (${await sampleAt(instant)})`);
        };
        for (const change of day2) {
            setConfig(change.set, change.unset);
            await upClean(deployed, change.name, timed, output, check(change.name, change.absent));
            await stillThere(change.name);
        }

        setConfig({ "monitoring:teams": [team, otherTeam], ...mail });
        await upClean(deployed, "teams payments and search", timed, output, check("teams payments and search"));
        await timed("a team's alert routed to its own receiver only, by the deployed Alertmanager", async () => {
            for (const [name, expected] of [
                [team.name, "team/payments"],
                [otherTeam.name, "team/search"],
            ]) {
                const receivers = await teamAlertReceivers(name);
                if (JSON.stringify(receivers) !== JSON.stringify([expected]))
                    throw new E2eFailed(`team ${name}'s alert went to ${receivers.join(", ")}, not ${expected} alone`);
            }
        });
        await teamStack(mkdir(path.join(dir, "team")), env, output, timed);
        setConfig({}, ["monitoring:teams", ...Object.keys(mail)]);
        await upClean(deployed, "teams removed", timed, output, check("teams removed"));
        await stillThere("teams removed");

        // Destroy deletes the volumes from the state only (retainOnDelete): the engine reports a delete, the volumes stay.
        await timed("pulumi destroy (retainDataOnDestroy: true)", () => deployed.destroy({ onOutput: output.onOutput, color: "never" }));
        const left = containers();
        if (left.length > 0) throw new E2eFailed(`destroy left containers: ${left.join(" ")}`);
        if (JSON.stringify(volumes()) !== JSON.stringify(kept)) throw new E2eFailed(`destroy did not keep the volumes: ${volumes().join(", ")}`);
        await upClean(deployed, "after destroy (take-over)", timed, output, check("after destroy"));
        await stillThere("after destroy (take-over)");
        await timed("stack removed", async () => {
            await deployed.destroy(output);
            await deployed.workspace.removeStack("dev");
        });
        return timings;
    } catch (error) {
        const logs = fs.mkdtempSync(path.join(path.dirname(dir), "e2e-dev-logs-"));
        if (fs.existsSync(log)) fs.copyFileSync(log, path.join(logs, "pulumi.log"));
        for (const id of containers()) {
            const r = docker(["logs", id]);
            fs.writeFileSync(path.join(logs, `container-${id}.log`), `${r.stdout}${r.stderr}`);
        }
        const message = error instanceof Error ? error.message.split("\n").slice(0, 12).join("\n") : String(error);
        throw new E2eFailed(`${message}\n(Pulumi and container logs: ${logs})`);
    } finally {
        // Nothing of the run stays on the engine: containers, the network and the kept volumes (the images stay, as a pull would leave them).
        for (const id of containers()) docker(["rm", "-f", id]);
        for (const v of volumes()) docker(["volume", "rm", "-f", v]);
        docker(["network", "rm", "monitoring-dev"]);
        process.env.HOME = home;
        removeDir(dir);
    }
}
