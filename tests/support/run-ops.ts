// Runs the ops CLI as a subprocess, exactly as `npm run ops --` does, without blocking this process's event loop (the
// tests' webhook receiver lives in it and must keep answering Alertmanager while the CLI runs).
import { spawn } from "child_process";
import * as path from "path";

export interface OpsRun {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

export const repoRoot = path.join(__dirname, "..", "..");

/** Variables the CLI reads, removed from the inherited environment so only what a test passes counts. */
const opsVariables = ["PROMETHEUS_URL", "ALERTMANAGER_URL", "GRAFANA_URL", "LOKI_URL", "TEMPO_URL", "GRAFANA_USER", "GRAFANA_PASSWORD", "NO_COLOR"];

export function runOps(args: readonly string[], env: Readonly<Record<string, string>> = {}, timeoutMs = 60_000): Promise<OpsRun> {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !opsVariables.includes(k)));
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(repoRoot, "ops", "index.ts"), ...args], {
            cwd: repoRoot,
            env: { ...base, ...env },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        child.once("error", (e) => {
            clearTimeout(timer);
            reject(e);
        });
        child.once("close", (code) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr });
        });
    });
}

/** What to show when an assertion on a run fails. */
export const describeRun = (r: OpsRun): string => `exit ${r.code}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`;
