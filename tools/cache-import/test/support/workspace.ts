import { join, resolve } from 'node:path';

/** The monorepo root (this file is tools/cache-import/test/support/workspace.ts). */
export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

/** The tool's entry point, as `npm run cache:import` runs it. */
export const MAIN = join(WORKSPACE_ROOT, 'tools/cache-import/src/main.ts');
