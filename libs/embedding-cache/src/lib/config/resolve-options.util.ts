import { integerProblems, stripUndefined } from '@rag/config-kit';
import { EMBEDDING_CACHE_DEFAULTS, OPTION_RANGES } from '../embedding-cache.constants';
import { InvalidEmbeddingCacheConfigError } from '../errors/invalid-embedding-cache-config.error';
import type { EmbeddingCacheModuleOptions } from '../interfaces/embedding-cache-options.interface';
import { REDIS_MODES } from '../redis/topologies/redis-topologies';
import { MAX_VECTOR_DIMS } from '../utils/vector-format.constants';
import type { VectorDtype } from '../utils/vector-format.constants';
import { PREFIX_PATTERN } from './embedding-cache.env';

/** Connection settings that only the client builders read; they have no defaults to merge. */
type ConnectionOnly = 'nodes' | 'sentinels' | 'sentinelMaster' | 'sentinelPassword' | 'username' | 'password' | 'tls' | 'tlsCaFile';

/** Options with every default filled in. */
export type ResolvedEmbeddingCacheOptions = Required<Omit<EmbeddingCacheModuleOptions, 'registry' | 'dtype' | ConnectionOnly>> & {
  dtype: VectorDtype;
} &
  Pick<EmbeddingCacheModuleOptions, 'registry' | ConnectionOnly>;

/**
 * Merges the defaults once and checks the options given in code (`forRoot`), so that a bad
 * value fails at boot with the option's name, as a bad environment variable does.
 */
export function resolveOptions(options: EmbeddingCacheModuleOptions): ResolvedEmbeddingCacheOptions {
  const resolved: ResolvedEmbeddingCacheOptions = { ...EMBEDDING_CACHE_DEFAULTS, ...stripUndefined(options) };
  const problems = integerProblems(resolved, OPTION_RANGES);
  if (resolved.dtype !== 'float32' && resolved.dtype !== 'float16') {
    problems.push(`dtype must be "float32" or "float16" (got ${JSON.stringify(resolved.dtype)})`);
  }
  if (!REDIS_MODES.includes(resolved.mode)) {
    problems.push(`mode must be one of ${REDIS_MODES.join(', ')} (got ${JSON.stringify(resolved.mode)})`);
  }
  if (typeof resolved.prefix !== 'string' || !PREFIX_PATTERN.test(resolved.prefix)) {
    problems.push(`prefix must be 1-64 characters of A-Z a-z 0-9 _ . : - (got ${JSON.stringify(resolved.prefix)})`);
  }
  if (typeof resolved.redisNamespace !== 'string' || resolved.redisNamespace.length === 0) {
    problems.push('redisNamespace must be a non-empty string');
  }
  problems.push(...modelDimensionsProblems(resolved.modelDimensions));
  if (problems.length > 0) throw new InvalidEmbeddingCacheConfigError(problems);
  return resolved;
}

function modelDimensionsProblems(byModel: unknown): string[] {
  if (byModel === null || typeof byModel !== 'object' || Array.isArray(byModel)) {
    return ['modelDimensions must be an object of model ids to dimension counts'];
  }
  return Object.entries(byModel)
    .filter(([, dims]) => !Number.isInteger(dims) || (dims as number) < 1 || (dims as number) > MAX_VECTOR_DIMS)
    .map(([model, dims]) => `modelDimensions[${JSON.stringify(model)}] must be an integer from 1 to ${MAX_VECTOR_DIMS} (got ${JSON.stringify(dims)})`);
}
