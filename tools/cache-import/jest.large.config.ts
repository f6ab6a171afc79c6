export default {
  displayName: 'cache-import-large',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // A 500 MB file: kept out of `npm test` and CI (see README.md, "Large-file test").
  testMatch: ['<rootDir>/test/**/*.large-spec.ts'],
  testTimeout: 600_000,
};
