import 'reflect-metadata';
import { IntegerIn } from '@rag/config-kit';
import { DEFAULT_PROVIDER_LIMITS } from './provider-limits.constants';

/** The variables of `ProviderLimits` (both apps read them), with their defaults. */
export class ProviderLimitsEnv {
  /** Provider calls running at once. */
  @IntegerIn(1, 1_024)
  EMBEDDING_PROVIDER_MAX_CONCURRENCY = DEFAULT_PROVIDER_LIMITS.maxConcurrency;

  /** Calls that may wait for a slot; a request beyond it gets 503. */
  @IntegerIn(0, 100_000)
  EMBEDDING_PROVIDER_MAX_QUEUE = DEFAULT_PROVIDER_LIMITS.maxQueue;

  /** Characters of the texts of running and waiting calls. */
  @IntegerIn(1_000, 2_000_000_000)
  EMBEDDING_PROVIDER_MAX_PENDING_CHARS = DEFAULT_PROVIDER_LIMITS.maxPendingChars;

  /** Longest wait of a request for a slot, in ms. */
  @IntegerIn(0, 600_000)
  EMBEDDING_PROVIDER_MAX_WAIT_MS = DEFAULT_PROVIDER_LIMITS.maxWaitMs;
}
