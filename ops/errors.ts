// The CLI's exit codes and the one error type that carries one.

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
        this.name = "OpsError";
    }
}

/** Bad input: a flag, argument or setting the user must change. */
export const usageError = (message: string): OpsError => new OpsError(message, exitCodes.usage);

/** The component could not be reached at all (refused, timed out, no such host). */
export function unreachableError(component: string, url: string, cause: string): OpsError {
    // Prod's stack outputs are cluster-internal names, which only resolve inside the cluster.
    const hint = /\.svc(:\d+)?(\/|$)/.test(url.replace(/^https?:\/\//, ""))
        ? `; that is a cluster-internal address: run kubectl -n monitoring port-forward svc/${component.toLowerCase()} <port> and pass --${component.toLowerCase()}-url http://localhost:<port>`
        : "";
    return new OpsError(`${component} is unreachable at ${url} (${cause})${hint}`, exitCodes.unreachable, `${cause}${hint}`);
}
