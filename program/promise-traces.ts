// Pulumi records a stack trace for every promise it creates (runtime/debuggable.js), only to print it when the
// PULUMI_DEBUG_PROMISE_LEAKS variable asks for leaked promises. Under ts-node each of those traces goes through source
// maps, which cost about 0.6 s of the dev stack's 2.2 s start (BENCHMARKS.md). This leaves those traces unformatted unless
// that variable is set; every other error keeps its full, source-mapped stack.

type PrepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => unknown;

/** The file whose `new Error().stack` is only a debugging aid. */
const promiseTraceFile = /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/;

/** A prepareStackTrace that answers "" for Pulumi's promise bookkeeping and hands everything else to `next`. */
export function skipPromiseTraces(next: PrepareStackTrace | undefined): PrepareStackTrace {
    return (error, frames) => {
        // The first frame is where the Error was made.
        if (promiseTraceFile.test(frames[0]?.getFileName() ?? "")) return "";
        // V8's own format when nothing (no source-map support) was installed before.
        return next ? next(error, frames) : [String(error), ...frames.map((f) => `    at ${f}`)].join("\n");
    };
}

/** Marks a prepareStackTrace this module installed, so installing twice wraps once. */
const installed = Symbol("skipPromiseTraces");

/** Installs skipPromiseTraces over the current Error.prepareStackTrace (once), unless leaks are being debugged. */
export function installPromiseTraceSkipping(env: NodeJS.ProcessEnv = process.env): boolean {
    if (env.PULUMI_DEBUG_PROMISE_LEAKS) return false;
    const current = Error.prepareStackTrace as (PrepareStackTrace & { [installed]?: true }) | undefined;
    if (current?.[installed]) return true;
    const wrapped = Object.assign(skipPromiseTraces(current), { [installed]: true as const });
    Error.prepareStackTrace = wrapped as typeof Error.prepareStackTrace;
    return true;
}
