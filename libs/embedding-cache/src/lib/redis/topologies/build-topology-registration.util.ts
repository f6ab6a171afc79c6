import { InvalidEmbeddingCacheConfigError } from '../../errors/invalid-embedding-cache-config.error';
import type { EmbeddingCacheModuleOptions } from '../../interfaces/embedding-cache-options.interface';
import type { TopologyRegistration } from '../../interfaces/redis-topology.interface';
import { buildConnectionOptions } from '../build-connection-options.util';
import { buildTlsOptions } from '../build-tls-options.util';
import { topologyFor } from './topology-for.util';

/**
 * The nestjs-redis client entry for `options.mode`: the shared per-connection options (fail fast,
 * credentials, TLS) wrapped by the topology. Throws `InvalidEmbeddingCacheConfigError` naming
 * every option the topology lacks, or an unreadable CA file.
 */
export function buildTopologyRegistration(options: EmbeddingCacheModuleOptions): TopologyRegistration {
  const topology = topologyFor(options);
  const problems = topology.optionProblems(options);
  if (problems.length > 0) throw new InvalidEmbeddingCacheConfigError(problems);
  return topology.register(options, buildConnectionOptions(options, buildTlsOptions(options)));
}
