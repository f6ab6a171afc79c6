export { EmbeddingsModule } from './lib/embeddings.module';
export { EMBEDDING_PROVIDER, EMBEDDINGS_OPTIONS, MAX_EMBEDDING_DIMENSIONS, MODEL_ALIASES_ENV } from './lib/embeddings.constants';
export { LOCAL_EMBEDDING_MODEL, LOCAL_EMBEDDING_DIMENSIONS } from './lib/providers/local/local-embedding.constants';
export {
  DEFAULT_OPENAI_EMBEDDING_MODEL,
  DEFAULT_OPENAI_BASE_URL,
  OPENAI_EMBEDDING_DEFAULTS,
  KNOWN_MODEL_DIMENSIONS,
} from './lib/providers/openai/openai-embedding.constants';
export { embeddingsConfig, loadEmbeddingsOptions } from './lib/config/embeddings.config';
export { EmbeddingsEnv } from './lib/config/embeddings.env';
export { OpenAIEmbeddingsEnv } from './lib/providers/openai/openai-embeddings.env';
export { EMBEDDING_PROVIDERS, EMBEDDING_PROVIDER_NAMES } from './lib/providers/embedding-providers.registry';
export { createEmbeddingProvider } from './lib/create-embedding-provider.util';
export { OpenAIEmbeddingProvider } from './lib/providers/openai/openai-embedding.provider';
export { LocalEmbeddingProvider } from './lib/providers/local/local-embedding.provider';
export { describeUnavailableModel } from './lib/utils/describe-unavailable-model.util';
export { EmbeddingsError } from './lib/errors/embeddings.error';
export { ProviderError } from './lib/errors/provider.error';
export { InvalidProviderOutputError } from './lib/errors/invalid-provider-output.error';
export { checkProviderOutput } from './lib/utils/check-provider-output.util';
export { sliceByChars } from './lib/utils/slice-by-chars.util';
export { InvalidEmbeddingsConfigError } from './lib/errors/invalid-embeddings-config.error';
export { InvalidEmbeddingInputError } from './lib/errors/invalid-embedding-input.error';
export type { EmbeddingsErrorCode } from './lib/errors/embeddings.error';
export type { EmbeddingProvider } from './lib/interfaces/embedding-provider.interface';
export type { ExpectedProviderOutput } from './lib/interfaces/expected-provider-output.interface';
export type { EmbeddingProviderName } from './lib/providers/embedding-providers.registry';
export type { EmbeddingProviderDefinition } from './lib/interfaces/embedding-provider-definition.interface';
export type { EmbeddingsModuleOptions, EmbeddingsProviderChoice } from './lib/interfaces/embeddings-module-options.interface';
export type { EmbeddingsModelAliases } from './lib/interfaces/embeddings-model-aliases.interface';
export type { OpenAIEmbeddingProviderOptions } from './lib/providers/openai/openai-embedding-provider-options.interface';
export type { LocalEmbeddingProviderOptions } from './lib/providers/local/local-embedding-provider-options.interface';
export type { BatchRange } from './lib/interfaces/batch-range.interface';
export type { BatchLimits } from './lib/interfaces/batch-limits.interface';
