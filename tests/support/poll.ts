// Bounded polling for tests against live daemons: wait for a condition, never for a fixed time.

/** One look at the system: done with a value, or not yet, with what was seen instead (for the timeout message). */
export type Probe<T> = { readonly done: true; readonly value: T } | { readonly done: false; readonly seen: string };
export const done = <T>(value: T): Probe<T> => ({ done: true, value });
export const notYet = (seen: string): Probe<never> => ({ done: false, seen });

/** `probe`'s value once it reports done (a throw counts as not yet); after `timeoutMs`, an error naming `what` and the last thing seen. */
export async function waitFor<T>(what: string, probe: () => Promise<Probe<T>>, timeoutMs: number, intervalMs = 200): Promise<T> {
    for (const started = Date.now(); ; await new Promise((r) => setTimeout(r, intervalMs))) {
        const result = await Promise.resolve()
            .then(probe)
            .catch((e: Error) => notYet(`error: ${e.message}`));
        if (result.done) return result.value;
        if (Date.now() - started >= timeoutMs) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}; last seen: ${result.seen}`);
    }
}

/** GET `url` as JSON, failing on a non-2xx status or after `timeoutMs`. */
export async function getJson<T>(url: string, timeoutMs = 2_000): Promise<T> {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
}
