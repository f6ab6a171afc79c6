import { localProviderDefinition } from './local/local-provider.definition';
import { openaiProviderDefinition } from './openai/openai-provider.definition';

/**
 * Every provider this library can build, one row each (see `EmbeddingProviderDefinition`). The
 * provider-name type, the values of `EMBEDDING_PROVIDER` and the choice made when it is unset all
 * come from this table: adding a provider is a folder under `providers/` plus a row here.
 */
export const EMBEDDING_PROVIDERS = [openaiProviderDefinition, localProviderDefinition] as const;

/** The provider implementations `createEmbeddingProvider` can build (`EMBEDDING_PROVIDER`). */
export type EmbeddingProviderName = (typeof EMBEDDING_PROVIDERS)[number]['name'];

/** Values of `EMBEDDING_PROVIDER` and of the `provider` option, in registry order. */
export const EMBEDDING_PROVIDER_NAMES: readonly EmbeddingProviderName[] = EMBEDDING_PROVIDERS.map((row) => row.name);
