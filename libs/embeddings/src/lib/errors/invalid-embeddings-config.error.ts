import { EmbeddingsError } from './embeddings.error';

/**
 * Raised at boot when an environment variable or option is invalid. Each problem starts with the
 * variable's or option's name; the API key is never repeated.
 */
export class InvalidEmbeddingsConfigError extends EmbeddingsError {
  readonly code = 'EMBEDDINGS_INVALID_CONFIG' as const;

  constructor(
    /** One line per offending variable or option, each starting with its name. */
    readonly problems: readonly string[],
  ) {
    super(`Invalid embeddings configuration: ${problems.join('; ')}`);
  }
}
