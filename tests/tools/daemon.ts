// Starts a real daemon (Alertmanager, Prometheus, node_exporter) on a free local port for a test, and stops it again.
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
    /** Everything the daemon printed so far, for failure messages. */
    output(): string;
    stop(): Promise<void>;
}

/** Spawns `tool args` (args may use {port}) and waits until GET `readyPath` answers 200, or fails after `timeoutMs`. */
export async function startDaemon(tool: string, args: readonly string[], readyPath: string, timeoutMs = 15_000): Promise<Daemon> {
    requireTool(tool);
    const port = await freePort();
    const child: ChildProcess = spawn(
        tool,
        args.map((a) => a.replace("{port}", String(port))),
        { stdio: ["ignore", "pipe", "pipe"] },
    );
    let log = "";
    child.stdout?.on("data", (d) => (log += d));
    child.stderr?.on("data", (d) => (log += d));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const daemon: Daemon = {
        baseUrl: `http://127.0.0.1:${port}`,
        output: () => log,
        stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
            await exited;
        },
    };
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`${tool} exited with ${child.exitCode} before it was ready:\n${log}`);
        try {
            const response = await fetch(`${daemon.baseUrl}${readyPath}`);
            if (response.ok) return daemon;
        } catch {
            // Not listening yet.
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    await daemon.stop();
    throw new Error(`${tool} was not ready on ${daemon.baseUrl}${readyPath} within ${timeoutMs}ms:\n${log}`);
}
