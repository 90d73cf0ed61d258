// The live tier's lint (`npm run test:live`): bench/, the drills and the tests that run real tools, with the program's
// rules, typed by tsconfig.live.json. `npm test`'s lint (eslint.config.mjs) leaves these files out.
import tseslint from "typescript-eslint";
import { ignores, typeScriptRules } from "./eslint.config.mjs";

export default tseslint.config({ ignores }, ...typeScriptRules({ project: "./tsconfig.live.json" }));
