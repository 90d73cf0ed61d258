// Pulumi operations by the Automation API on this project's Pulumi.yaml (no second way to deploy), and what a person reads after a deploy or before a destroy.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Stack } from "@pulumi/pulumi/automation";
import { setSecretCommand } from "../model/config/messages";
import { StackConfig } from "../model/config/types";
import { projectRoot } from "./project";

// Loaded on first use: preflight and its test must not pay for the SDK's start-up.
const automation = (): typeof import("@pulumi/pulumi/automation") => require("@pulumi/pulumi/automation");

export const streaming = {
    onOutput: (out: string) => process.stdout.write(out),
    onError: (err: string) => process.stderr.write(err),
    color: (process.stdout.isTTY ? "always" : "never") as "always" | "never",
};

/** The stack from Pulumi.<stack>.yaml, created on the backend when it is new (as `pulumi stack select --create`). */
export function openStack(stack: string, env: Record<string, string>): Promise<Stack> {
    return automation().LocalWorkspace.createOrSelectStack({ stackName: stack, workDir: projectRoot }, { envVars: env });
}

/** An existing stack only: destroying a stack that was never created must not create it. */
export async function existingStack(stack: string, env: Record<string, string>): Promise<Stack | undefined> {
    const auto = automation();
    try {
        return await auto.LocalWorkspace.selectStack({ stackName: stack, workDir: projectRoot }, { envVars: env });
    } catch (err) {
        if (err instanceof auto.StackNotFoundError) return undefined;
        throw err;
    }
}

export const preview = async (stack: Stack): Promise<void> => void (await stack.preview({ ...streaming, diff: false }));

export function previewSummaryArgs(previewJsonFile: string, stackName: string): string[] {
    return ["run", "--silent", "preview-summary", "--", previewJsonFile, "--title", `Preview of stack ${stackName}`];
}

/** With package.json's `preview-summary` script: a second, read-only `pulumi preview --json` (the Automation API has none) summarised by it. */
export function previewSummary(stackName: string, env: Record<string, string>): void {
    if (!JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")).scripts?.["preview-summary"]) return;
    const childEnv = { ...process.env, ...env };
    const json = spawnSync("pulumi", ["preview", "--json", "--non-interactive", "--stack", stackName], {
        cwd: projectRoot,
        env: childEnv,
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
        stdio: ["ignore", "pipe", "inherit"],
    });
    if (json.status !== 0) throw new Error(`pulumi preview --json failed (exit ${json.status}); the streamed preview above still holds`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-"));
    try {
        fs.writeFileSync(path.join(dir, "preview.json"), json.stdout);
        spawnSync("npm", previewSummaryArgs(path.join(dir, "preview.json"), stackName), { cwd: projectRoot, env: childEnv, stdio: "inherit" });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** One line for a failed Pulumi command: its own output above already says what went wrong. */
export function describeFailure(err: unknown): string {
    const auto = automation();
    if (err instanceof auto.ConcurrentUpdateError) return "another update of this stack is running; wait for it (or `pulumi cancel`) and retry";
    if (err instanceof auto.CommandError) {
        const lines = err.message.split("\n").map((l) => l.trim());
        const detail = lines.find((l) => /^error:/.test(l)) ?? lines.find((l) => l.startsWith("stderr:"))?.replace(/^stderr:\s*/, "");
        return `pulumi failed${detail ? `: ${detail}` : ""} (its output above has the details)`;
    }
    return (err as Error)?.message?.split("\n")[0] ?? String(err);
}

const shownOutputs: readonly [key: string, label: string][] = [
    ["grafanaUrl", "Grafana"],
    ["prometheusUrl", "Prometheus"],
    ["alertmanagerUrl", "Alertmanager"],
    ["lokiUrl", "Loki"],
    ["lokiPushUrl", "Loki push"],
    ["tempoUrl", "Tempo"],
    ["otlpGrpcEndpoint", "OTLP gRPC"],
    ["otlpHttpEndpoint", "OTLP HTTP"],
];

/** The stack's URLs and how to get the Grafana password; `prefix` makes the command find the same backend. */
export function deploySummary(stack: string, outputs: Readonly<Record<string, { value: unknown; secret?: boolean }>>, prefix: string): string[] {
    const urls = shownOutputs.flatMap(([key, label]) => (typeof outputs[key]?.value === "string" ? [`  ${label.padEnd(13)}${outputs[key].value}`] : []));
    const lines = [`stack ${stack} is up:`, ...urls];
    if (outputs.grafanaAdminUser !== undefined) {
        const user = typeof outputs.grafanaAdminUser.value === "string" ? outputs.grafanaAdminUser.value : "admin";
        // Not an output: platform stacks read every output, and get team tokens instead (docs/teams.md).
        lines.push(`Grafana's break-glass login: ${user}; its password: ${prefix}npm run ops -- grafana-password --stack ${stack}`);
    }
    return [...lines, `all outputs: ${prefix}pulumi stack output --stack ${stack}`];
}

/** Said after each deploy whose Watchdog goes nowhere (no monitoring:deadMansSwitchUrl): a dead Prometheus or Alertmanager would go unnoticed. */
export function heartbeatNote(config: StackConfig): string[] {
    if (!config.components.includes("alertmanager") || config.secretsSet.includes("deadMansSwitchUrl")) return [];
    return [
        "No heartbeat leaves this stack: monitoring:deadMansSwitchUrl is not set, so the Watchdog goes to a blackhole and nobody is told " +
            `when Prometheus or Alertmanager dies (set it with: ${setSecretCommand("deadMansSwitchUrl")}).`,
    ];
}

export function keptData(config: StackConfig): string[] {
    const docker = config.platform === "docker";
    if (!config.retainDataOnDestroy) {
        return [
            `monitoring:retainDataOnDestroy is false: destroy DELETES the stack's data ${docker ? "(its Docker volumes)." : "(its namespace, claims and StatefulSets)."}`,
        ];
    }
    if (docker) {
        return [
            "Data is kept (monitoring:retainDataOnDestroy: true): the Docker volumes of Prometheus, Grafana, Loki, Tempo, Alertmanager and Promtail stay,",
            "and the next deploy of this stack uses them again. To delete them on purpose afterwards:",
            `  docker volume rm $(docker volume ls -q --filter label=org.provisioning.monitoring.stack=${config.stack})`,
        ];
    }
    const ns = config.namespace;
    return [
        `Data is kept (monitoring:retainDataOnDestroy: true): namespace ${ns} and the claims of Grafana, Prometheus, Alertmanager,`,
        "Loki and Tempo stay in the cluster, and the next deploy of this stack mounts them again. To delete them on purpose afterwards:",
        `  kubectl -n ${ns} delete pvc --all && kubectl delete namespace ${ns}`,
    ];
}
