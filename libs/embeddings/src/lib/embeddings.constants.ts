import { MODULE_OPTIONS_TOKEN } from './embeddings.module-definition';

/** Injection token of the chosen `EmbeddingProvider`: `@Inject(EMBEDDING_PROVIDER) provider: EmbeddingProvider`. */
export const EMBEDDING_PROVIDER = 'EMBEDDING_PROVIDER';

/** Injection token of the `EmbeddingsModuleOptions` given to `forRoot` / `forRootAsync`. */
export const EMBEDDINGS_OPTIONS = MODULE_OPTIONS_TOKEN;

/** Largest `dimensions` accepted (`EMBEDDING_DIMENSIONS`); 3072 is the largest OpenAI model today. */
export const MAX_EMBEDDING_DIMENSIONS = 8192;

/** Inclusive range of `dimensions` (`EMBEDDING_DIMENSIONS`), whatever the provider. */
export const EMBEDDING_DIMENSIONS_RANGE = [1, MAX_EMBEDDING_DIMENSIONS] as const;

/**
 * What a name of `EMBEDDING_MODEL_ALIASES` may be: 1-256 letters, digits and `. _ - : / @ +`,
 * enough for every model id of OpenAI, Ollama (`nomic-embed-text:latest`) and Hugging Face
 * (`BAAI/bge-small-en-v1.5`), and never a comma or a space, which would make the list ambiguous.
 */
export const MODEL_ALIAS_PATTERN = /^[A-Za-z0-9._:/@+-]{1,256}$/;

/** Name of the variable listing the model names served with the configured model. */
export const MODEL_ALIASES_ENV = 'EMBEDDING_MODEL_ALIASES';
