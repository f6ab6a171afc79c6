import { EmbeddingsError } from './embeddings.error';

/**
 * Raised when the upstream embedding API fails after the configured retries, cannot be reached,
 * or returns a malformed response. An app maps it to `502 Bad Gateway`, quoting `status` and
 * `providerMessage`. Neither the message nor `providerMessage` ever contains the API key.
 */
export class ProviderError extends EmbeddingsError {
  readonly code = 'EMBEDDINGS_PROVIDER_ERROR' as const;

  constructor(
    /** Model the request was for. */
    readonly model: string,
    /** HTTP status of the provider's last response; `undefined` for connection errors, timeouts and malformed responses. */
    readonly status: number | undefined,
    /** The provider's own error message (or a description of what was wrong with its response). */
    readonly providerMessage: string,
    cause?: unknown,
  ) {
    super(
      `Embedding provider failed for model "${model}" (${status === undefined ? 'no HTTP status' : `HTTP ${status}`}): ${providerMessage}`,
      cause,
    );
  }
}
