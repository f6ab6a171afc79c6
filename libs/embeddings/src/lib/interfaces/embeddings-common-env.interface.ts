/**
 * The validated variables every provider may read (`EmbeddingsEnv`), as the provider definitions
 * see them. A plain interface, so that the definitions do not import the env class, which imports
 * the registry of definitions.
 */
export interface EmbeddingsCommonEnv {
  /** `EMBEDDING_PROVIDER`, trimmed and lower-cased; unset means chosen by the registry's rule. */
  readonly EMBEDDING_PROVIDER?: string;
  /** `EMBEDDING_MODEL`. */
  readonly EMBEDDING_MODEL?: string;
  /** `EMBEDDING_DIMENSIONS`. */
  readonly EMBEDDING_DIMENSIONS?: number;
  /** `EMBEDDING_MODEL_ALIASES`, split into trimmed names. */
  readonly EMBEDDING_MODEL_ALIASES?: readonly string[];
}
