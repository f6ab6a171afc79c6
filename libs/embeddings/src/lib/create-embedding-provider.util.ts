import { LOCAL_EMBEDDING_DIMENSIONS, NO_API_KEY_PLACEHOLDER } from './embeddings.constants';
import { InvalidEmbeddingsConfigError } from './errors/invalid-embeddings-config.error';
import type { EmbeddingProvider } from './interfaces/embedding-provider.interface';
import type { EmbeddingsModuleOptions } from './interfaces/embeddings-module-options.interface';
import { LocalEmbeddingProvider } from './providers/local-embedding.provider';
import { OpenAIEmbeddingProvider } from './providers/openai-embedding.provider';

/**
 * Builds the provider the options ask for: `openai` when `provider` says so or, when `provider` is
 * unset, when `apiKey` is set; `local` otherwise. `openai` without `apiKey` needs `baseURL` (a
 * keyless gateway) and then sends a placeholder key. Throws `InvalidEmbeddingsConfigError`.
 */
export function createEmbeddingProvider(options: EmbeddingsModuleOptions = {}): EmbeddingProvider {
  const provider = options.provider ?? (options.apiKey ? 'openai' : 'local');
  switch (provider) {
    case 'openai':
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
    case 'local':
      if (options.dimensions !== undefined && options.dimensions !== LOCAL_EMBEDDING_DIMENSIONS) {
        throw new InvalidEmbeddingsConfigError([
          `dimensions must be ${LOCAL_EMBEDDING_DIMENSIONS} or unset for the local provider (got ${JSON.stringify(options.dimensions)})`,
        ]);
      }
      return new LocalEmbeddingProvider();
    default: {
      const unexpected: never = provider;
      throw new InvalidEmbeddingsConfigError([`provider must be "openai" or "local" (got ${JSON.stringify(unexpected)})`]);
    }
  }
}
