export default {
  displayName: 'embedding-cache-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  testRegex: '\\.e2e-spec\\.ts$',
  rootDir: '.',
  roots: ['<rootDir>/test'],
  testTimeout: 30_000,
};
