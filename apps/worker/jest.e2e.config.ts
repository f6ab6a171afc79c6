export default {
  displayName: 'worker-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // The Nx preset sets testMatch, which Jest does not allow together with testRegex.
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  // PGlite's CommonJS build uses dynamic import(), which Jest's VM rejects without a Node flag.
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    '/@electric-sql/pglite/dist/.+\\.cjs$': '<rootDir>/../../jest.pglite-transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!@electric-sql/pglite/)'],
  testTimeout: 120_000,
};
