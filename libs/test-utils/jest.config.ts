export default {
  displayName: 'test-utils',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  testTimeout: 30_000,
};
