import { VectorStoreError } from './vector-store.error';

/**
 * Raised at boot when an environment variable or module option is invalid. Each problem starts
 * with the variable's or option's name; a database password is never repeated.
 */
export class InvalidVectorStoreConfigError extends VectorStoreError {
  readonly code = 'VECTOR_STORE_INVALID_CONFIG' as const;

  constructor(
    /** One line per offending variable or option, each starting with its name. */
    readonly problems: readonly string[],
  ) {
    super(`Invalid vector store configuration: ${problems.join('; ')}`);
  }
}
