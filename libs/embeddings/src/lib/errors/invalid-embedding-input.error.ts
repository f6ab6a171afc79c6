import { EmbeddingsError } from './embeddings.error';

/** Raised by `embed()` when `texts` is not an array of strings; the message names the first bad index. */
export class InvalidEmbeddingInputError extends EmbeddingsError {
  readonly code = 'EMBEDDINGS_INVALID_INPUT' as const;
}
