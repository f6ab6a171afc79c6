import { withDeadline } from '@rag/config-kit';
import type { CacheClient } from '../interfaces/cache-client.interface';
import { isCluster } from './group-keys-by-node.util';

/**
 * Waits until `client` is ready, its first connection attempt fails, or `maxMs` passes,
 * whichever comes first, so that a healthy Redis serves the very first request while a
 * missing one delays boot by one refused connection at most. On a cluster it also opens the
 * connection to every master (ioredis opens them lazily, on a node's first command), so the
 * first batch is not failed by connection set-up.
 */
export async function waitUntilSettled(client: CacheClient, maxMs: number): Promise<void> {
  const started = performance.now();
  if (client.status !== 'ready' && client.status !== 'end') {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        client.off('ready', done);
        client.off('error', done);
        client.off('end', done);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      client.once('ready', done);
      client.once('error', done);
      client.once('end', done);
    });
  }
  const left = maxMs - (performance.now() - started);
  if (isCluster(client) && client.status === 'ready' && left > 0) {
    await Promise.allSettled(client.nodes('master').map((node) => withDeadline(node.ping(), left)));
  }
}
