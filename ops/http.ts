// HTTP to the stack's components: every failure becomes one line naming the component, the method and the URL.
import { exitCodes, OpsError, unreachableError, usageError } from "./errors";

export interface Endpoint {
    /** How the component is named in messages: Prometheus, Alertmanager, Grafana, Loki, Tempo. */
    readonly component: string;
    readonly baseUrl: string;
    /** Basic auth (Grafana's admin user). */
    readonly basicAuth?: { readonly user: string; readonly password: string };
}

export interface HttpResult {
    readonly status: number;
    readonly text: string;
}

/** Bound of every request: a component that takes longer is as good as unreachable at 3 a.m. */
const requestTimeoutMs = 10_000;

function joinUrl(baseUrl: string, path: string): string {
    return `${baseUrl.replace(/\/+$/, "")}${path}`;
}

/** One request; a refused connection, unknown host or timeout is an unreachable component (exit 3). */
export async function send(endpoint: Endpoint, method: string, path: string, body?: unknown): Promise<HttpResult> {
    const url = joinUrl(endpoint.baseUrl, path);
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (endpoint.basicAuth) {
        headers.authorization = `Basic ${Buffer.from(`${endpoint.basicAuth.user}:${endpoint.basicAuth.password}`).toString("base64")}`;
    }
    let response: Response;
    try {
        response = await fetch(url, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: AbortSignal.timeout(requestTimeoutMs),
        });
    } catch (err) {
        const e = err as Error & { cause?: { code?: string; message?: string } };
        const cause = e.name === "TimeoutError" ? `no answer within ${requestTimeoutMs / 1000}s` : (e.cause?.code ?? e.cause?.message ?? e.message);
        throw unreachableError(endpoint.component, url, cause);
    }
    return { status: response.status, text: await response.text() };
}

/** A request whose answer must be 2xx; JSON-decoded when there is a body. */
export async function call<T>(endpoint: Endpoint, method: string, path: string, body?: unknown): Promise<T> {
    const result = await send(endpoint, method, path, body);
    const url = joinUrl(endpoint.baseUrl, path);
    if (result.status === 401 || result.status === 403) {
        throw usageError(
            `${endpoint.component} refused ${method} ${url} (${result.status}): check the credentials (GRAFANA_USER, GRAFANA_PASSWORD or the stack outputs)`,
        );
    }
    if (result.status < 200 || result.status >= 300) {
        const detail = result.text.trim().split("\n")[0].slice(0, 200);
        throw new OpsError(`${endpoint.component} answered ${result.status} to ${method} ${url}: ${detail}`, exitCodes.unhealthy);
    }
    if (result.text.trim() === "") return undefined as T;
    try {
        return JSON.parse(result.text) as T;
    } catch {
        throw new OpsError(`${endpoint.component} answered ${method} ${url} with something that is not JSON`, exitCodes.unhealthy);
    }
}
