export default {
  displayName: 'rag-api-e2e',
  // The base preset plus the PGlite transform: these tests open a PGlite in the test process.
  preset: '../../jest.pglite.preset.js',
  testEnvironment: 'node',
  // The Nx preset sets testMatch, which Jest does not allow together with testRegex.
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 60_000,
  // @llamaindex/openai's CommonJS build creates its client with `import('openai')`, which Jest's VM
  // rejects (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG) unless Node runs with
  // --experimental-vm-modules. The PGlite transform does exactly the rewrite needed (a literal
  // `import("x")` becomes a `require("x")`; openai ships CommonJS too), so that file goes through it.
  // Jest merges `transform` with the preset's but replaces `transformIgnorePatterns`, hence both.
  transform: { '/@llamaindex/openai/dist/.+\\.cjs$': '<rootDir>/../../jest.dynamic-import-transform.js' },
  transformIgnorePatterns: ['/node_modules/(?!@electric-sql/pglite/|@llamaindex/openai/dist/)'],
};
