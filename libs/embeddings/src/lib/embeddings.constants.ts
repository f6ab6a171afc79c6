import { MODULE_OPTIONS_TOKEN } from './embeddings.module-definition';

/** Injection token of the chosen `EmbeddingProvider`: `@Inject(EMBEDDING_PROVIDER) provider: EmbeddingProvider`. */
export const EMBEDDING_PROVIDER = 'EMBEDDING_PROVIDER';

/** Injection token of the `EmbeddingsModuleOptions` given to `forRoot` / `forRootAsync`. */
export const EMBEDDINGS_OPTIONS = MODULE_OPTIONS_TOKEN;

/** Largest `dimensions` accepted (`EMBEDDING_DIMENSIONS`); 3072 is the largest OpenAI model today. */
export const MAX_EMBEDDING_DIMENSIONS = 8192;

/** Inclusive range of `dimensions` (`EMBEDDING_DIMENSIONS`), whatever the provider. */
export const EMBEDDING_DIMENSIONS_RANGE = [1, MAX_EMBEDDING_DIMENSIONS] as const;
