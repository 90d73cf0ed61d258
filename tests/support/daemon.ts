// Starts a real daemon (Alertmanager, Prometheus, node_exporter, the control plane) on a free local port for a test, and
// stops it again. Each runs in its own process group, stopped by signalling the group (SIGTERM, then SIGKILL after a
// bounded wait); one still running when the test process exits or is interrupted (SIGINT, SIGTERM, SIGHUP) is killed
// too, so none outlives the test run. Only a SIGKILL of the test process itself escapes that.
import { spawn } from "child_process";
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

/** http://127.0.0.1:<port>, its process id (also its group's), all it printed so far, and stop(): SIGTERM to the group, SIGKILL after 5 s; idempotent. */
export type Daemon = { readonly baseUrl: string; readonly port: number; readonly pid: number; output(): string; stop(): Promise<void> };

/** Process groups of daemons that have not exited yet, and synchronous clean-ups to run if the process goes first. */
const running = new Set<number>();
const exitCleanups = new Set<() => void>();
let exitHooksInstalled = false;

/** Runs `fn`, ignoring a failure: the group is gone already, or the process is going away. */
function attempt(fn: () => void): void {
    try {
        fn();
    } catch {
        // Best effort.
    }
}
const killGroup = (pid: number, signal: NodeJS.Signals) => attempt(() => process.kill(-pid, signal));

/** Kills every daemon, then runs every clean-up, when the test process exits or is interrupted (installed once). */
function installExitHooks(): void {
    if (exitHooksInstalled) return;
    exitHooksInstalled = true;
    const cleanUpNow = () => {
        for (const pid of running) killGroup(pid, "SIGKILL");
        running.clear();
        exitCleanups.forEach(attempt);
        exitCleanups.clear();
    };
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

/** Runs `cleanup` if the test process exits or is interrupted before the returned function is called (after the test cleaned up itself). */
export function cleanUpOnExit(cleanup: () => void): () => void {
    installExitHooks();
    exitCleanups.add(cleanup);
    return () => void exitCleanups.delete(cleanup);
}

/** Spawns `tool args` (`{port}` in them is the port) and waits for GET `readyPath` to answer 200 (or `options.ready`), at most `timeoutMs`. */
export async function startDaemon(
    tool: string,
    args: readonly string[],
    readyPath: string,
    timeoutMs = 15_000,
    options: { readonly port?: number; readonly ready?: (port: number) => Promise<boolean>; readonly env?: Readonly<Record<string, string>> } = {},
): Promise<Daemon> {
    const command = requireTool(tool);
    const port = options.port ?? (await freePort());
    installExitHooks();
    // detached: a process group of its own, so stop() reaches whatever the daemon may have forked.
    const child = spawn(
        command,
        args.map((a) => a.replace("{port}", String(port))),
        { stdio: ["ignore", "pipe", "pipe"], detached: true, ...(options.env ? { env: { ...process.env, ...options.env } } : {}) },
    );
    let log = "";
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    let spawnError: Error | undefined;
    child.once("error", (e) => (spawnError = e));
    const pid = child.pid;
    if (pid === undefined) {
        await new Promise((r) => setImmediate(r));
        throw new Error(`${tool} could not be started: ${spawnError?.message ?? "no pid"}`);
    }
    running.add(pid);
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve(void running.delete(pid))));
    const hasExited = (): boolean => child.exitCode !== null || child.signalCode !== null;
    const daemon: Daemon = {
        baseUrl: `http://127.0.0.1:${port}`,
        port,
        pid,
        output: () => log,
        stop: async () => {
            // Signal the group even if the leader has exited: anything it forked dies with it.
            killGroup(pid, "SIGTERM");
            if (!hasExited()) {
                const timer = setTimeout(() => killGroup(pid, "SIGKILL"), 5_000);
                await exited;
                clearTimeout(timer);
            }
            running.delete(pid);
        },
    };
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
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
    }
    await daemon.stop();
    throw new Error(`${tool} was not ready on ${daemon.baseUrl}${readyPath} within ${timeoutMs}ms:\n${log}`);
}
