export default {
  displayName: 'vector-store-e2e',
  // The base preset plus the PGlite transform: these tests open a PGlite in the test process.
  preset: '../../jest.pglite.preset.js',
  testEnvironment: 'node',
  // The Nx preset sets testMatch, which Jest does not allow together with testRegex.
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  // Opening PGlite (WASM Postgres) takes ~2 s the first time; HNSW inserts cost ~1-10 ms per row.
  testTimeout: 60_000,
};
