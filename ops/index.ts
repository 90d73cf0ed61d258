// `npm run ops -- <command>`: the on-call CLI. See docs/operations.md.
import { main } from "./cli";

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (err: unknown) => {
        // A bug, not an expected failure: keep the trace for the report, still one recognisable first line.
        process.stderr.write(`error: unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exitCode = 1;
    },
);
