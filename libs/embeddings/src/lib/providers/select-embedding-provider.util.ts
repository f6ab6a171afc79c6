import type { EmbeddingProviderDefinition } from '../interfaces/embedding-provider-definition.interface';
import { EMBEDDING_PROVIDERS } from './embedding-providers.registry';

/** The setting that chooses a row when no provider is named (`EmbeddingProviderDefinition.selectedBy`). */
export type ProviderSelector = NonNullable<EmbeddingProviderDefinition['selectedBy']>;

/**
 * The one selection rule, for the environment and for options given in code: the row named
 * `name` (`undefined` for an unknown name); when `name` is unset, the first row whose selecting
 * setting `isSet` says is present, else the row without a selecting setting.
 */
export function selectEmbeddingProvider(
  name: string | undefined,
  isSet: (selector: ProviderSelector, row: EmbeddingProviderDefinition) => boolean,
): EmbeddingProviderDefinition | undefined {
  const rows: readonly EmbeddingProviderDefinition[] = EMBEDDING_PROVIDERS;
  if (name !== undefined) return rows.find((row) => row.name === name);
  return rows.find((row) => row.selectedBy !== undefined && isSet(row.selectedBy, row)) ?? rows.find((row) => row.selectedBy === undefined);
}
