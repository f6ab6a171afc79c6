export default {
  displayName: 'deploy',
  preset: '../jest.preset.js',
  testEnvironment: 'node',
  // promtool checks of the rules and the dashboard's queries (no apps started).
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  testTimeout: 60_000,
};
