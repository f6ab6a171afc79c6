/** Stable codes of the errors this library raises; branch on these, never on messages. */
export type EmbeddingsErrorCode = 'EMBEDDINGS_INVALID_CONFIG' | 'EMBEDDINGS_INVALID_INPUT' | 'EMBEDDINGS_PROVIDER_ERROR';

/** Base class of every error of this library. */
export abstract class EmbeddingsError extends Error {
  /** Stable machine-readable code. */
  abstract readonly code: EmbeddingsErrorCode;

  constructor(
    message: string,
    /** The underlying error, if any. */
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
