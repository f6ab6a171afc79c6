export default {
  displayName: 'langchain-embeddings-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // The Nx preset sets testMatch, which Jest does not allow together with testRegex.
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 30_000,
};
