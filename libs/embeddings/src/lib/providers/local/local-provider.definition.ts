import { InvalidEmbeddingsConfigError } from '../../errors/invalid-embeddings-config.error';
import type { EmbeddingProviderDefinition } from '../../interfaces/embedding-provider-definition.interface';
import { LOCAL_EMBEDDING_DIMENSIONS, LOCAL_EMBEDDING_MODEL } from './local-embedding.constants';
import { LocalEmbeddingProvider } from './local-embedding.provider';
import type { LocalEmbeddingProviderOptions } from './local-embedding-provider-options.interface';
import { LocalEmbeddingsEnv } from './local-embeddings.env';

/**
 * The `local` row of the provider registry: the offline lexical embedder, chosen when no other row
 * is (it has no `selectedBy`). It has no variables of its own; any `EMBEDDING_DIMENSIONS` but 384
 * is an error, since a missing secret in production would otherwise switch silently to vectors
 * of another size. `LOCAL_EMBEDDING_THREADS` sizes its worker threads.
 */
export const localProviderDefinition: EmbeddingProviderDefinition<'local', Pick<LocalEmbeddingProviderOptions, 'dimensions' | 'threads'>, LocalEmbeddingsEnv> = {
  name: 'local',
  env: LocalEmbeddingsEnv,

  fromEnv(env, common, logger) {
    if (common.EMBEDDING_DIMENSIONS !== undefined && common.EMBEDDING_DIMENSIONS !== LOCAL_EMBEDDING_DIMENSIONS) {
      throw new InvalidEmbeddingsConfigError([
        `EMBEDDING_DIMENSIONS=${common.EMBEDDING_DIMENSIONS} cannot be served by the local provider ` +
          `(${LOCAL_EMBEDDING_MODEL} has ${LOCAL_EMBEDDING_DIMENSIONS} dimensions); set OPENAI_API_KEY or unset EMBEDDING_DIMENSIONS`,
      ]);
    }
    if (common.EMBEDDING_MODEL !== undefined) {
      logger.warn(`EMBEDDING_MODEL=${common.EMBEDDING_MODEL} is ignored: the local provider's model is always ${LOCAL_EMBEDDING_MODEL}`);
    }
    logger.log(`Using the local lexical embedder ${LOCAL_EMBEDDING_MODEL} (not semantic); set OPENAI_API_KEY for OpenAI embeddings`);
    return env.LOCAL_EMBEDDING_THREADS === undefined ? {} : { threads: env.LOCAL_EMBEDDING_THREADS };
  },

  create(options) {
    if (options.dimensions !== undefined && options.dimensions !== LOCAL_EMBEDDING_DIMENSIONS) {
      throw new InvalidEmbeddingsConfigError([
        `dimensions must be ${LOCAL_EMBEDDING_DIMENSIONS} or unset for the local provider (got ${JSON.stringify(options.dimensions)})`,
      ]);
    }
    return new LocalEmbeddingProvider({ threads: options.threads });
  },
};
