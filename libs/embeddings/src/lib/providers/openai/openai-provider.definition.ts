import { InvalidEmbeddingsConfigError } from '../../errors/invalid-embeddings-config.error';
import type { EmbeddingProviderDefinition } from '../../interfaces/embedding-provider-definition.interface';
import { DEFAULT_OPENAI_BASE_URL, NO_API_KEY_PLACEHOLDER, OPENAI_EMBEDDING_DEFAULTS } from './openai-embedding.constants';
import { OpenAIEmbeddingProvider } from './openai-embedding.provider';
import type { OpenAIEmbeddingProviderOptions } from './openai-embedding-provider-options.interface';
import { OpenAIEmbeddingsEnv } from './openai-embeddings.env';

/**
 * The `openai` row of the provider registry: any OpenAI-compatible API, chosen by default when
 * `OPENAI_API_KEY` (`apiKey`) is set. Without a key it needs `OPENAI_BASE_URL` (a keyless gateway),
 * and then sends a placeholder key.
 */
export const openaiProviderDefinition: EmbeddingProviderDefinition<'openai', Partial<OpenAIEmbeddingProviderOptions>, OpenAIEmbeddingsEnv> = {
  name: 'openai',
  env: OpenAIEmbeddingsEnv,
  selectedBy: { option: 'apiKey', env: 'OPENAI_API_KEY' },

  fromEnv(env, common) {
    if (!env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) {
      throw new InvalidEmbeddingsConfigError([
        'OPENAI_API_KEY is required when EMBEDDING_PROVIDER=openai, unless OPENAI_BASE_URL points to a gateway that needs no key',
      ]);
    }
    return {
      apiKey: env.OPENAI_API_KEY,
      baseURL: env.OPENAI_BASE_URL ?? DEFAULT_OPENAI_BASE_URL,
      model: common.EMBEDDING_MODEL ?? OPENAI_EMBEDDING_DEFAULTS.model,
      dimensions: common.EMBEDDING_DIMENSIONS,
      maxRetries: env.OPENAI_MAX_RETRIES,
      timeoutMs: env.OPENAI_TIMEOUT_MS,
    };
  },

  warnUnused(env, common, logger) {
    if (env.OPENAI_BASE_URL !== undefined && common.EMBEDDING_PROVIDER === undefined) {
      logger.warn('OPENAI_BASE_URL is set but OPENAI_API_KEY is not; set EMBEDDING_PROVIDER=openai to use a gateway that needs no key');
    }
  },

  create(options) {
    if (!options.apiKey && !options.baseURL) {
      throw new InvalidEmbeddingsConfigError([
        'apiKey (OPENAI_API_KEY) is required for the openai provider, unless baseURL (OPENAI_BASE_URL) points to a gateway that needs no key',
      ]);
    }
    return new OpenAIEmbeddingProvider({
      apiKey: options.apiKey || NO_API_KEY_PLACEHOLDER,
      baseURL: options.baseURL,
      model: options.model,
      dimensions: options.dimensions,
      maxRetries: options.maxRetries,
      timeoutMs: options.timeoutMs,
      maxBatchSize: options.maxBatchSize,
      maxBatchTokens: options.maxBatchTokens,
      concurrency: options.concurrency,
    });
  },
};
