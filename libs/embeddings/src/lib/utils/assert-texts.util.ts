import { InvalidEmbeddingInputError } from '../errors/invalid-embedding-input.error';

/** Throws `InvalidEmbeddingInputError` unless `texts` is an array of strings. */
export function assertTexts(texts: unknown): asserts texts is string[] {
  if (!Array.isArray(texts)) {
    throw new InvalidEmbeddingInputError(`texts must be an array of strings (got ${typeof texts})`);
  }
  const bad = texts.findIndex((text) => typeof text !== 'string');
  if (bad >= 0) {
    throw new InvalidEmbeddingInputError(`texts[${bad}] must be a string (got ${typeof texts[bad]})`);
  }
}
