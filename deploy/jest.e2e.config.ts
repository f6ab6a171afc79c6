export default {
  displayName: 'deploy-e2e',
  preset: '../jest.preset.js',
  testEnvironment: 'node',
  // Spawned rag-api and worker, a real Prometheus loading deploy/prometheus/rules.yml.
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 180_000,
};
