import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { EMBEDDING_CACHE_DEFAULTS } from '../embedding-cache.constants';
import { InvalidEmbeddingCacheConfigError } from '../errors/invalid-embedding-cache-config.error';
import type { EmbeddingCacheModuleOptions } from '../interfaces/embedding-cache-options.interface';
import { topologyFor } from './topologies/topology-for.util';

/**
 * TLS settings, or `undefined` when TLS is off. On when `tls` is true or, with `tls` unset, when
 * the topology turns it on by default (standalone with a `rediss://` URL). `tlsCaFile` replaces
 * the system CAs; the server's certificate is always verified (there is deliberately no switch to
 * turn that off).
 */
export function buildTlsOptions(options: EmbeddingCacheModuleOptions): ConnectionOptions | undefined {
  const enabled = options.tls ?? topologyFor(options).tlsByDefault(options.url ?? EMBEDDING_CACHE_DEFAULTS.url);
  if (!enabled) return undefined;
  if (options.tlsCaFile === undefined) return {};
  try {
    return { ca: readFileSync(options.tlsCaFile) };
  } catch (error) {
    throw new InvalidEmbeddingCacheConfigError([
      `tlsCaFile "${options.tlsCaFile}" cannot be read (${(error as Error).message}); set REDIS_TLS_CA_FILE to a readable PEM file`,
    ]);
  }
}
