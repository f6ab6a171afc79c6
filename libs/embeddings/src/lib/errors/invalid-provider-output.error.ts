import { ProviderError } from './provider.error';

/**
 * Raised when the provider answered, but not with one usable vector per text: the wrong number
 * of vectors, a vector of the wrong length, holding NaN or ±Infinity, all zeros, or not decodable.
 * Nothing of such an answer is cached. A `ProviderError` without HTTP status (an app maps it to
 * `502 Bad Gateway`); `problem` says what was wrong, for logs only, since it may describe the
 * provider's internals.
 */
export class InvalidProviderOutputError extends ProviderError {
  constructor(
    model: string,
    /** What was wrong, e.g. `vector 3 holds NaN at element 17`. */
    readonly problem: string,
  ) {
    super(model, undefined, `returned an invalid vector: ${problem}`);
  }
}
