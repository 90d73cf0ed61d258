// Stryker's mocha runner (10.0.0) requires mocha's CLI helpers without an extension; mocha 12 ships them as .cjs.
// Resolving ".cjs" like ".js" lets it find them (preloaded by `npm run mutate` only, through NODE_OPTIONS).
require.extensions[".cjs"] = require.extensions[".js"];
