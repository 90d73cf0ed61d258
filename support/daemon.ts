// Starts a real daemon (Alertmanager, Prometheus, node_exporter) on a free local port for a test, and stops it again.
//
// Every daemon runs in its own process group and is stopped by signalling that group (SIGTERM, then SIGKILL after a
// bounded wait). A daemon still running when the test process exits (a failed hook, mocha's process.exit) or is
// interrupted (SIGINT, SIGTERM, SIGHUP) is killed too, so none outlives the test run. Only a SIGKILL of the test process
// itself escapes that, as nothing can run then.
import { ChildProcess, spawn } from "child_process";
import * as net from "net";
import { requireTool } from "./run-tool";

/** A port the kernel just handed out and released (why: fixed ports clash with whatever already runs here). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
    });
}

export interface Daemon {
    readonly baseUrl: string;
    /** The port it listens on (127.0.0.1). */
    readonly port: number;
    /** Process id, also the id of its process group. */
    readonly pid: number;
    /** Everything the daemon printed so far, for failure messages. */
    output(): string;
    /** Stops the daemon's process group: SIGTERM, then SIGKILL if it has not exited after a few seconds. Idempotent. */
    stop(): Promise<void>;
}

export interface DaemonOptions {
    /** Listen on this port instead of a fresh free one (why: a config file written before the start must name it). */
    readonly port?: number;
    /** How long stop() waits after SIGTERM before it sends SIGKILL. */
    readonly stopTimeoutMs?: number;
    /** Decides readiness instead of GET `readyPath` over plain HTTP (e.g. a TLS server with its own CA). */
    readonly ready?: (port: number) => Promise<boolean>;
}

/** Process groups of daemons that have not exited yet. */
const running = new Set<number>();
/** Synchronous clean-ups (e.g. removing a temp dir) to run if the process exits or is interrupted before they ran. */
const exitCleanups = new Set<() => void>();
let exitHooksInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
    try {
        process.kill(-pid, signal);
    } catch {
        // The group is gone already.
    }
}

function cleanUpNow(): void {
    for (const pid of running) killGroup(pid, "SIGKILL");
    running.clear();
    for (const cleanup of exitCleanups) {
        try {
            cleanup();
        } catch {
            // Best effort: the process is going away.
        }
    }
    exitCleanups.clear();
}

/** Kills every daemon still running when the test process exits or is interrupted (installed once, on first use). */
function installExitHooks(): void {
    if (exitHooksInstalled) return;
    exitHooksInstalled = true;
    process.on("exit", cleanUpNow);
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
        const onSignal = (): void => {
            cleanUpNow();
            // Then die of the same signal, as the process would have without this hook (unless someone else handles it).
            process.removeListener(signal, onSignal);
            if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
        };
        process.on(signal, onSignal);
    }
}

/**
 * Runs `cleanup` (synchronous, e.g. removing a temp dir) if the test process exits or is interrupted before the returned
 * function is called; call that function once the test has cleaned up itself. Daemons are killed before any cleanup runs.
 */
export function cleanUpOnExit(cleanup: () => void): () => void {
    installExitHooks();
    exitCleanups.add(cleanup);
    return () => void exitCleanups.delete(cleanup);
}

/**
 * Spawns `tool args` (args may use {port}) and waits until GET `readyPath` answers 200, or fails after `timeoutMs`.
 * A missing tool fails with how to build it (see run-tool.ts).
 */
export async function startDaemon(tool: string, args: readonly string[], readyPath: string, timeoutMs = 15_000, options: DaemonOptions = {}): Promise<Daemon> {
    const command = requireTool(tool);
    const port = options.port ?? (await freePort());
    installExitHooks();
    const child: ChildProcess = spawn(
        command,
        args.map((a) => a.replace("{port}", String(port))),
        // detached: a process group of its own, so stop() reaches whatever the daemon may have forked.
        { stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    let log = "";
    child.stdout?.on("data", (d) => (log += d));
    child.stderr?.on("data", (d) => (log += d));
    let spawnError: Error | undefined;
    child.once("error", (e) => (spawnError = e));
    const pid = child.pid;
    if (pid === undefined) {
        await new Promise((r) => setImmediate(r));
        throw new Error(`${tool} could not be started: ${spawnError?.message ?? "no pid"}`);
    }
    running.add(pid);
    const exited = new Promise<void>((resolve) =>
        child.once("exit", () => {
            running.delete(pid);
            resolve();
        }),
    );
    const hasExited = (): boolean => child.exitCode !== null || child.signalCode !== null;
    const stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
    const daemon: Daemon = {
        baseUrl: `http://127.0.0.1:${port}`,
        port,
        pid,
        output: () => log,
        stop: async () => {
            // Signal the group even if the leader has exited: anything it forked dies with it.
            killGroup(pid, "SIGTERM");
            if (!hasExited()) {
                let timer: NodeJS.Timeout | undefined;
                const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), stopTimeoutMs)));
                if (await Promise.race([exited.then(() => false), timedOut])) killGroup(pid, "SIGKILL");
                clearTimeout(timer);
                await exited;
            }
            running.delete(pid);
        },
    };
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (hasExited()) {
            await daemon.stop();
            throw new Error(`${tool} exited with ${child.exitCode ?? child.signalCode} before it was ready:\n${log}`);
        }
        try {
            if (options.ready ? await options.ready(port) : (await fetch(`${daemon.baseUrl}${readyPath}`, { signal: AbortSignal.timeout(2_000) })).ok)
                return daemon;
        } catch {
            // Not listening yet.
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    await daemon.stop();
    throw new Error(`${tool} was not ready on ${daemon.baseUrl}${readyPath} within ${timeoutMs}ms:\n${log}`);
}
