// `npm run ops -- <command>`: the on-call CLI. See docs/operations.md.
import { main } from "./cli";

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
