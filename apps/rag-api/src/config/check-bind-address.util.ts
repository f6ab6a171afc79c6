import { isIP } from 'node:net';
import type { RagApiConfig } from './rag-api.config';

function isLoopback(host: string): boolean {
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host.toLowerCase() === '::ffff:127.0.0.1';
}

/**
 * Secure by default: without `RAG_API_KEYS_FILE` rag-api serves an unauthenticated API, so it may
 * listen on a loopback address only, unless the operator opts in with
 * `RAG_API_ALLOW_UNAUTHENTICATED=true` (e.g. behind a gateway that authenticates). Throws at boot.
 */
export function checkBindAddress(config: Pick<RagApiConfig, 'host' | 'keysFile' | 'allowUnauthenticated'>): void {
  if (config.keysFile !== undefined || config.allowUnauthenticated || isLoopback(config.host)) return;
  throw new Error(
    `RAG_API_HOST=${config.host} is not a loopback address and RAG_API_KEYS_FILE is not set: anyone reaching it could use every route. ` +
      'Set RAG_API_KEYS_FILE (docs/security.md), listen on 127.0.0.1, or opt in with RAG_API_ALLOW_UNAUTHENTICATED=true',
  );
}
