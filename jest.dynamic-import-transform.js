/**
 * Jest transform for CommonJS builds that load modules with a literal dynamic `import("x")`:
 * `@electric-sql/pglite` (Node built-ins) and `@llamaindex/openai` (`import("openai")`).
 *
 * PGlite's build loads Node built-ins with `await import("fs")` and the like. Inside Jest's VM a dynamic
 * `import()` throws ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG unless Node runs with
 * `--experimental-vm-modules`, so PGlite cannot open. The build only ever imports built-ins by a
 * string literal, so `import("x")` is rewritten to a `require("x")` that returns the same module
 * object. The module's own `require` is captured first: the Emscripten glue declares a local
 * `var require`, which shadows it (and is still undefined) where `import("module")` runs.
 * The prefix stays on line 1 so that PGlite's source map still matches line numbers.
 * Outside Jest nothing is rewritten: plain Node loads PGlite as it is.
 */
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');

const DYNAMIC_IMPORT = /\bimport\(\s*("[^"]+"|'[^']+')\s*\)/g;
const SELF = readFileSync(__filename, 'utf8');

module.exports = {
  process(source) {
    const code = source.replace(DYNAMIC_IMPORT, 'Promise.resolve(__pgliteJestRequire($1))');
    return { code: `const __pgliteJestRequire = require;${code}` };
  },
  // Jest's default key ignores the transformer's own source; include it so an edit here is picked up.
  getCacheKey(source, filename) {
    return createHash('sha256').update(SELF).update('\0').update(filename).update('\0').update(source).digest('hex');
  },
};
