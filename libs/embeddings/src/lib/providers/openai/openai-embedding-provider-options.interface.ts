/** Options of `OpenAIEmbeddingProvider`. Only `apiKey` is required. */
export interface OpenAIEmbeddingProviderOptions {
  /**
   * API key, sent as `Authorization: Bearer <apiKey>`. Keyless gateways (Ollama, vLLM, TEI, LocalAI)
   * accept any value. Never appears in an error message.
   */
  apiKey: string;
  /**
   * Base URL of the OpenAI-compatible API, including the version path (`http://127.0.0.1:11434/v1`).
   * Passed to the SDK explicitly, so the SDK never falls back to `process.env.OPENAI_BASE_URL` on its own.
   * @default 'https://api.openai.com/v1'
   */
  baseURL?: string;
  /**
   * Model id sent with every request.
   * @default 'text-embedding-3-small'
   */
  model?: string;
  /**
   * Output dimensions, sent to the API as `dimensions` only when set (only `text-embedding-3-*` and
   * some gateways support it). When unset, `dimensions` is the known size of the model, or is learned
   * from the first response for models this library does not know.
   * @default undefined (the model's native size)
   */
  dimensions?: number;
  /**
   * Retries of one request on 408/409/429/5xx, connection errors and timeouts, done by the SDK with
   * exponential backoff (0.5 s doubling up to 8 s, 25 % jitter) or the server's `retry-after(-ms)` header.
   * @default 3
   */
  maxRetries?: number;
  /**
   * Time limit of one attempt of one request, in milliseconds.
   * @default 60000
   */
  timeoutMs?: number;
  /**
   * Maximum number of inputs per request; the OpenAI API accepts at most 2048. Lower it for gateways
   * with smaller limits (TEI defaults to 32).
   * @default 2048
   */
  maxBatchSize?: number;
  /**
   * Maximum tokens per request: the API's limit of 300,000 tokens per request. Tokens are counted
   * as UTF-8 bytes, a bound no byte-level BPE tokenizer can exceed, so a batch is never refused
   * for its size whatever the language. A single longer text is sent alone.
   * @default 300000
   */
  maxBatchTokens?: number;
  /**
   * Maximum number of requests of one `embed()` call in flight at once.
   * @default 4
   */
  concurrency?: number;
}
