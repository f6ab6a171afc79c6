const { join } = require('node:path');
const base = require('./jest.preset.js');

// The e2e projects that open a PGlite in the test process (vector-store, rag-api, worker).
// PGlite's CommonJS build loads Node built-ins with dynamic import(), which Jest's VM rejects
// without a Node flag: jest.dynamic-import-transform.js rewrites those imports (see its header).
module.exports = {
  ...base,
  transform: {
    ...base.transform,
    '/@electric-sql/pglite/dist/.+\\.cjs$': join(__dirname, 'jest.dynamic-import-transform.js'),
  },
  transformIgnorePatterns: ['/node_modules/(?!@electric-sql/pglite/)'],
};
