// The CLI's exit codes, its one error type, and HTTP to the components: every failure is one line naming the component, the method and the URL.
import { parsedJson } from "../model/common/parsed-json";

/** 0 fine, 1 something is unhealthy, 2 bad usage, 3 a component unreachable (documented in docs/operations.md). */
export const exitCodes = { ok: 0, unhealthy: 1, usage: 2, unreachable: 3 } as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** An expected failure: printed as one line (no stack trace) and turned into its exit code. */
export class OpsError extends Error {
    constructor(
        message: string,
        public readonly exitCode: ExitCode,
        /** The bare cause, for tables that already name the component and URL. */
        public readonly detail: string = message,
    ) {
        super(message);
    }
}

export const usageError = (message: string): OpsError => new OpsError(message, exitCodes.usage);
export const unhealthyError = (message: string): OpsError => new OpsError(message, exitCodes.unhealthy);

/** A component's API: its name in messages (Prometheus, ...), its URL, and Grafana's admin login. */
export type Endpoint = { component: string; baseUrl: string; basicAuth?: { user: string; password: string } };

/** Bound of every request: a component that takes longer is as good as unreachable at 3 a.m. */
const requestTimeoutMs = 10_000;

/** One request; a refused connection, unknown host or timeout is an unreachable component (exit 3). */
export async function send(endpoint: Endpoint, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const url = `${endpoint.baseUrl.replace(/\/+$/, "")}${path}`;
    const { basicAuth: auth } = endpoint;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { accept: "application/json", ...(payload ? { "content-type": "application/json" } : {}) };
    if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString("base64")}`;
    try {
        const response = await fetch(url, { method, headers, body: payload, signal: AbortSignal.timeout(requestTimeoutMs) });
        return { status: response.status, text: await response.text() };
    } catch (err) {
        const e = err as Error & { cause?: { code?: string; message?: string } };
        const cause = e.name === "TimeoutError" ? `no answer within ${requestTimeoutMs / 1000}s` : (e.cause?.code ?? e.cause?.message ?? e.message);
        // Prod's stack outputs are cluster-internal names, which only resolve inside the cluster.
        const name = endpoint.component.toLowerCase();
        const hint = /\.svc(:\d+)?(\/|$)/.test(url.replace(/^https?:\/\//, ""))
            ? `; that is a cluster-internal address: run kubectl -n monitoring port-forward svc/${name} <port> and pass --${name}-url http://localhost:<port>`
            : "";
        throw new OpsError(`${endpoint.component} is unreachable at ${url} (${cause})${hint}`, exitCodes.unreachable, `${cause}${hint}`);
    }
}

export async function call<T>(endpoint: Endpoint, method: string, path: string, body?: unknown): Promise<T> {
    const { status, text } = await send(endpoint, method, path, body);
    const what = `${method} ${endpoint.baseUrl.replace(/\/+$/, "")}${path}`;
    if (status === 401 || status === 403) {
        throw usageError(`${endpoint.component} refused ${what} (${status}): check the credentials (GRAFANA_USER, GRAFANA_PASSWORD or the stack outputs)`);
    }
    if (status < 200 || status >= 300) throw unhealthyError(`${endpoint.component} answered ${status} to ${what}: ${text.trim().split("\n")[0].slice(0, 200)}`);
    if (text.trim() === "") return undefined as T;
    const value = parsedJson(text);
    if (value === undefined) throw unhealthyError(`${endpoint.component} answered ${what} with something that is not JSON`);
    return value as T;
}
