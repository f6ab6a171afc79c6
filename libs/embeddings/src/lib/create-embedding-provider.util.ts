import { InvalidEmbeddingsConfigError } from './errors/invalid-embeddings-config.error';
import type { EmbeddingProvider } from './interfaces/embedding-provider.interface';
import type { EmbeddingsModuleOptions } from './interfaces/embeddings-module-options.interface';
import { EMBEDDING_PROVIDER_NAMES } from './providers/embedding-providers.registry';
import { selectEmbeddingProvider } from './providers/select-embedding-provider.util';
import { orList } from './utils/or-list.util';

/**
 * Builds the provider the options ask for, chosen from the registry (`EMBEDDING_PROVIDERS`):
 * `provider` when set; otherwise `openai` when `apiKey` is set, `local` when not. Throws
 * `InvalidEmbeddingsConfigError` naming the option.
 */
export function createEmbeddingProvider(options: EmbeddingsModuleOptions = {}): EmbeddingProvider {
  const row = selectEmbeddingProvider(options.provider, (selector) => Boolean((options as Record<string, unknown>)[selector.option]));
  if (!row) {
    const names = orList(EMBEDDING_PROVIDER_NAMES.map((name) => JSON.stringify(name)));
    throw new InvalidEmbeddingsConfigError([`provider must be ${names} (got ${JSON.stringify(options.provider)})`]);
  }
  return row.create(options);
}
