import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Returns a function that runs a full V8 garbage collection, or `undefined` if this runtime does
 * not allow it. Uses the same runtime `--expose-gc` switch as jest-leak-detector, so that the tool
 * does not depend on how node was started (`npm run cache:import`, `node dist/…/main.js`, tests).
 */
export function createFullGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
}
