import { loadEnv } from '@rag/config-kit';
import type { ProviderLimits } from './provider-limits.interface';
import { ProviderLimitsEnv } from './provider-limits.env';

/**
 * `ProviderLimits` from the environment (`EMBEDDING_PROVIDER_MAX_*`); throws at boot, naming every
 * bad variable, when one is not an integer of its range.
 */
export function loadProviderLimits(env: Readonly<Record<string, string | undefined>> = process.env): ProviderLimits {
  const parsed = loadEnv(ProviderLimitsEnv, env, {
    onInvalid: (problems) => new Error(`Invalid embedding provider limits: ${problems.join('; ')}`),
  });
  return {
    maxConcurrency: parsed.EMBEDDING_PROVIDER_MAX_CONCURRENCY,
    maxQueue: parsed.EMBEDDING_PROVIDER_MAX_QUEUE,
    maxPendingChars: parsed.EMBEDDING_PROVIDER_MAX_PENDING_CHARS,
    maxWaitMs: parsed.EMBEDDING_PROVIDER_MAX_WAIT_MS,
  };
}
