import { SpanKind, trace } from '@opentelemetry/api';
import OpenAI from 'openai';
import { withSpan } from '@rag/tracing';
import { InvalidProviderOutputError } from '../../errors/invalid-provider-output.error';
import type { EmbeddingProvider } from '../../interfaces/embedding-provider.interface';
import { assertTexts } from '../../utils/assert-texts.util';
import { checkProviderOutput } from '../../utils/check-provider-output.util';
import { isRecord } from '../../utils/is-record.util';
import { mapWithConcurrency } from '../../utils/map-with-concurrency.util';
import { planBatches } from '../../utils/plan-batches.util';
import { decodeEmbedding } from './decode-embedding.util';
import { KNOWN_MODEL_DIMENSIONS } from './openai-embedding.constants';
import type { OpenAIEmbeddingProviderOptions } from './openai-embedding-provider-options.interface';
import { resolveOpenAIOptions } from './resolve-openai-options.util';
import type { ResolvedOpenAIOptions } from './resolve-openai-options.util';
import { toProviderError } from './to-provider-error.util';

/**
 * Embeds through any OpenAI-compatible `POST /embeddings` API (OpenAI, Azure-style gateways,
 * Ollama, vLLM, TEI, LocalAI) with the official `openai` SDK.
 *
 * - Batching: inputs are split into requests of at most `maxBatchSize` texts and `maxBatchTokens`
 *   tokens (counted as UTF-8 bytes, an upper bound), sent `concurrency` at a time; vectors come
 *   back in input order.
 * - Retries: the SDK retries each request `maxRetries` times on 408/409/429/5xx, timeouts and
 *   connection errors, with exponential backoff or the server's `retry-after(-ms)`.
 * - Wire format: asks for `encoding_format: 'base64'` (4 bytes per value instead of ~20 characters
 *   of JSON) and decodes little-endian float32; a gateway that answers with float arrays works too.
 * - `dimensions`: the configured value, else the known size of an OpenAI model, else `0` until the
 *   first response sets it.
 * - Output: every answer is checked before it is returned (`checkProviderOutput`): one vector per
 *   input, of `dimensions`, finite, not all zeros; anything else rejects with
 *   `InvalidProviderOutputError` (a `ProviderError` without status). Not retried here: the SDK
 *   retries failed requests, and an answer that arrived is the provider's answer.
 * - Failures (after retries) reject with `ProviderError` carrying the HTTP status and the
 *   provider's message; the first failed request cancels the others of the same call.
 */
export class OpenAIEmbeddingProvider implements EmbeddingProvider {
  /** Model id sent with every request. */
  readonly model: string;
  // ES private fields, so that logging or inspecting the provider never prints the client's API key.
  readonly #options: ResolvedOpenAIOptions;
  readonly #client: OpenAI;
  #dimensions: number;

  constructor(options: OpenAIEmbeddingProviderOptions) {
    this.#options = resolveOpenAIOptions(options);
    this.model = this.#options.model;
    this.#dimensions = this.#options.dimensions ?? KNOWN_MODEL_DIMENSIONS[this.model] ?? 0;
    this.#client = new OpenAI({
      apiKey: this.#options.apiKey,
      baseURL: this.#options.baseURL,
      maxRetries: this.#options.maxRetries,
      timeout: this.#options.timeoutMs,
      fetch: recordResends,
    });
  }

  /** Vector length; `0` until the first response for a model of unknown size without configured `dimensions`. */
  get dimensions(): number {
    return this.#dimensions;
  }

  /** Embeds `texts` in input order; rejects with `ProviderError` when the API fails after retries. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    assertTexts(texts);
    if (texts.length === 0) return [];
    const { maxBatchSize, maxBatchTokens, concurrency, apiKey } = this.#options;
    const batches = planBatches(texts, { maxInputs: maxBatchSize, maxTokens: maxBatchTokens });
    const abort = new AbortController();
    try {
      const parts = await mapWithConcurrency(batches, concurrency, ({ start, end }) =>
        this.#embedBatch(texts.slice(start, end), abort.signal),
      );
      return parts.flat();
    } catch (error) {
      abort.abort();
      throw toProviderError(error, this.model, apiKey);
    }
  }

  /** One request of `embed`, in a CLIENT span with its batch size and retries (`http.request.resend_count`). */
  #embedBatch(input: string[], signal: AbortSignal): Promise<Float32Array[]> {
    const attributes = {
      'http.request.method': 'POST',
      'server.address': this.#serverAddress,
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.request.model': this.model,
      'rag.embedding.batch_size': input.length,
      'http.request.resend_count': 0,
    };
    return withSpan('POST /embeddings', { kind: SpanKind.CLIENT, attributes }, () => this.#requestBatch(input, signal));
  }

  async #requestBatch(input: string[], signal: AbortSignal): Promise<Float32Array[]> {
    const { dimensions } = this.#options;
    const response: unknown = await this.#client.embeddings.create(
      {
        model: this.model,
        input,
        // Explicit, so that the SDK returns the raw field: its own default-base64 path decodes
        // blindly and turns a gateway's float array into garbage.
        encoding_format: 'base64',
        ...(dimensions === undefined ? {} : { dimensions }),
      },
      { signal },
    );
    const data = isRecord(response) ? response['data'] : undefined;
    if (!Array.isArray(data) || data.length !== input.length) {
      const got = Array.isArray(data) ? `${data.length} embeddings` : 'no data array';
      throw this.#malformed(`response has ${got} for ${input.length} inputs`);
    }
    const vectors = new Array<Float32Array | undefined>(input.length).fill(undefined);
    data.forEach((item: unknown, position) => {
      const index = isRecord(item) && item['index'] !== undefined ? item['index'] : position;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= input.length || vectors[index]) {
        throw this.#malformed(`response has an invalid or duplicate index ${JSON.stringify(index)}`);
      }
      const vector = isRecord(item) ? decodeEmbedding(item['embedding']) : undefined;
      if (!vector) throw this.#malformed(`embedding ${index} is neither base64 float32 nor an array of numbers`);
      this.#checkDimensions(vector.length);
      vectors[index] = vector;
    });
    return checkProviderOutput(vectors, { model: this.model, count: input.length, dimensions: this.#dimensions });
  }

  /** Host of the API (no path, no credentials), for spans. */
  get #serverAddress(): string {
    try {
      return new URL(this.#options.baseURL ?? 'https://api.openai.com/v1').hostname;
    } catch {
      return 'unknown';
    }
  }

  #checkDimensions(length: number): void {
    if (this.#dimensions === 0) this.#dimensions = length;
    if (length !== this.#dimensions) {
      throw this.#malformed(
        `returned ${length}-dimensional vectors, expected ${this.#dimensions}; set EMBEDDING_DIMENSIONS to the model's size`,
      );
    }
  }

  #malformed(problem: string): InvalidProviderOutputError {
    return new InvalidProviderOutputError(this.model, `malformed embeddings response: ${problem}`);
  }
}
/**
 * The SDK's `fetch`, recording on the active request span which attempt this is: the SDK numbers
 * its retries in the `x-stainless-retry-count` header, and offers no other hook to count them.
 */
function recordResends(url: string | URL | Request, init?: RequestInit): Promise<Response> {
  const span = trace.getActiveSpan();
  if (span?.isRecording()) {
    const retry = Number(new Headers(init?.headers).get('x-stainless-retry-count') ?? 0);
    if (Number.isInteger(retry) && retry > 0) span.setAttribute('http.request.resend_count', retry);
  }
  return fetch(url, init);
}
