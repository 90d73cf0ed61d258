// The program skips formatting Pulumi's per-promise debug traces, and only those.
import { strict as assert } from "assert";
import { installPromiseTraceSkipping, skipPromiseTraces } from "../../program/promise-traces";
import { runWithMocks } from "../../support/mock-run";
import { readStackFile } from "../../support/stack-files";

/** A call site as V8 hands them to prepareStackTrace, reduced to what the wrapper reads. */
const frame = (file: string) => ({ getFileName: () => file, toString: () => `fn (${file}:1:1)` }) as unknown as NodeJS.CallSite;

describe("Pulumi's promise traces", () => {
    it("answers an empty trace for an Error made in Pulumi's debuggable.js, and delegates every other one", () => {
        const calls: string[] = [];
        const wrapped = skipPromiseTraces((error, frames) => {
            calls.push(frames[0].getFileName()!);
            return `mapped ${error.message}`;
        });
        assert.equal(wrapped(new Error("x"), [frame("/p/node_modules/@pulumi/pulumi/runtime/debuggable.js")]), "");
        assert.equal(wrapped(new Error("boom"), [frame("/p/components/program.ts")]), "mapped boom");
        assert.equal(
            wrapped(new Error("deeper"), [frame("/p/components/x.ts"), frame("/p/node_modules/@pulumi/pulumi/runtime/debuggable.js")]),
            "mapped deeper",
        );
        assert.deepEqual(calls, ["/p/components/program.ts", "/p/components/x.ts"]);
    });

    it("keeps real errors' stacks in this process, wraps once, and stays off while leaks are debugged", () => {
        const before = Error.prepareStackTrace;
        try {
            assert.equal(installPromiseTraceSkipping({ PULUMI_DEBUG_PROMISE_LEAKS: "1" }), false);
            assert.equal(Error.prepareStackTrace, before);
            assert.equal(installPromiseTraceSkipping({}), true);
            const once = Error.prepareStackTrace;
            assert.equal(installPromiseTraceSkipping({}), true);
            assert.equal(Error.prepareStackTrace, once, "a second install does not wrap again");
            assert.match(new Error("still traced").stack ?? "", /still traced\n\s+at /);
        } finally {
            Error.prepareStackTrace = before;
        }
    });

    it("is installed by the program itself", async function () {
        this.timeout(60_000);
        const before = Error.prepareStackTrace;
        delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
        try {
            const run = await runWithMocks("dev", readStackFile("dev"));
            assert.ifError(run.error);
            const installed = Error.prepareStackTrace as ((e: Error, f: NodeJS.CallSite[]) => unknown) | undefined;
            assert.equal(installed?.(new Error("x"), [frame("/p/node_modules/@pulumi/pulumi/runtime/debuggable.js")]), "");
        } finally {
            Error.prepareStackTrace = before;
        }
    });
});
