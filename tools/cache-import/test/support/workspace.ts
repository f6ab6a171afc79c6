import { join, resolve } from 'node:path';

/** The monorepo root (this file is tools/cache-import/test/support/workspace.ts). */
export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

/**
 * The built tool's entry point, as `npm run cache:import` runs it (`nx build cache-import` makes
 * it; the e2e and test-large targets depend on that build).
 */
export const MAIN = join(WORKSPACE_ROOT, 'dist/tools/cache-import/tools/cache-import/src/main.js');
