import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalEmbeddingProvider } from '../lib/providers/local/local-embedding.provider';
import { errorBody, FakeOpenAIHttpError, parseEmbeddingRequest, readBody, send, toBase64, validateEmbeddingRequest } from './fake-openai-protocol';
import type { ParsedEmbeddingRequest } from './fake-openai-protocol';
import type { FakeOpenAIRequest } from './fake-openai-request.interface';

// Re-exported so that `src/testing.ts` names every type of the fake from this one file.
export type { FakeOpenAIRequest } from './fake-openai-request.interface';

/** Options of `FakeOpenAIServer.start`. */
export interface FakeOpenAIServerOptions {
  /**
   * Vector length of requests without `dimensions`.
   * @default 1536 (text-embedding-3-small)
   */
  dimensions?: number;
  /**
   * When set, a request whose `Authorization` is not `Bearer <apiKey>` gets a 401 whose message
   * quotes the key it received in full (worse than OpenAI, which masks it), to test redaction.
   * @default undefined (any key is accepted)
   */
  apiKey?: string;
  /**
   * Answer with float arrays whatever `encoding_format` asks, as some gateways do.
   * @default false
   */
  ignoreEncodingFormat?: boolean;
  /**
   * Delay before every answer in milliseconds, to let concurrent requests overlap.
   * @default 0
   */
  latencyMs?: number;
  /**
   * `retry-after-ms` header of injected failures; the SDK waits that long instead of its 0.5-8 s backoff.
   * @default 10
   */
  retryAfterMs?: number;
  /**
   * Answer dense vectors, as real models do (every element non-zero, e.g. `text-embedding-3-small`),
   * instead of the local provider's sparse ones: the local vector plus a small deterministic
   * pseudo-random vector seeded by the text, L2-normalised. Used where payload size matters
   * (the HTTP benchmarks: a dense vector's JSON is ~4× a sparse one's).
   * @default false
   */
  dense?: boolean;
}

/** A failure to inject with `failNext`. */
export interface FakeOpenAIFailure {
  /** HTTP status to answer with. */
  readonly status: number;
  /**
   * `error.message` of the body.
   * @default 'Injected failure <status>'
   */
  readonly message?: string;
  /** Extra response headers (they override `retry-after-ms`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A wrong answer to inject with `corruptNext`, applied to the last vector of a 200 answer:
 * `nan` / `infinity` put NaN / +Infinity in its first element (a float-array answer carries NaN
 * as JSON `null`), `zeros` makes it all zeros, `wrong-dims` drops the last element of every
 * vector, `missing-vector` leaves it out.
 */
export type FakeOpenAICorruption = 'nan' | 'infinity' | 'zeros' | 'wrong-dims' | 'missing-vector';

/**
 * A real HTTP server on 127.0.0.1 (free port) speaking `POST /v1/embeddings` like OpenAI: `input`
 * string or array of non-empty strings (at most 2048), `model`, `encoding_format` `float` | `base64`
 * (little-endian float32), `dimensions`. Vectors are `LocalEmbeddingProvider`'s for the requested size,
 * so tests can compare with `vectorFor(text)`. It counts requests, inputs and concurrency, and
 * answers injected failures first (`failNext`), and injected wrong answers (`corruptNext`) with
 * status 200. Close it with `close()`.
 */
export class FakeOpenAIServer {
  /** Every request on the embeddings route, failed ones included, in arrival order. */
  readonly requests: FakeOpenAIRequest[] = [];
  /** Answer with float arrays whatever `encoding_format` asks. */
  ignoreEncodingFormat: boolean;
  /** Delay before every answer, in milliseconds. */
  latencyMs: number;
  readonly #server: Server;
  #baseURL = '';
  readonly #options: FakeOpenAIServerOptions;
  readonly #embedders = new Map<number, LocalEmbeddingProvider>();
  readonly #failures: FakeOpenAIFailure[] = [];
  readonly #corruptions: FakeOpenAICorruption[] = [];
  #arrived = 0;
  #embeddedTexts: string[] = [];
  #inFlight = 0;
  #maxInFlight = 0;

  private constructor(server: Server, options: FakeOpenAIServerOptions) {
    this.#server = server;
    this.#options = options;
    this.ignoreEncodingFormat = options.ignoreEncodingFormat ?? false;
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  static async start(options: FakeOpenAIServerOptions = {}): Promise<FakeOpenAIServer> {
    // The handler runs only once the server listens, after `fake` is initialised.
    const server = createServer((req, res) => void fake.handle(req, res));
    const fake = new FakeOpenAIServer(server, options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    fake.#baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    return fake;
  }

  /** Base URL to give the SDK (`OPENAI_BASE_URL`): `http://127.0.0.1:<port>/v1`. */
  get baseURL(): string {
    return this.#baseURL;
  }

  /** Number of requests on the embeddings route, failed ones included. */
  get requestCount(): number {
    return this.requests.length;
  }

  /**
   * Number of requests received, counted on arrival (before `latencyMs`), on any route: shows that a
   * caller is waiting on the server even while no answer has been sent.
   */
  get arrivedCount(): number {
    return this.#arrived;
  }

  /** Number of texts embedded in successful answers. */
  get inputCount(): number {
    return this.#embeddedTexts.length;
  }

  /** Every text embedded in a successful answer, in order of answer. */
  get embeddedTexts(): readonly string[] {
    return this.#embeddedTexts;
  }

  /** Largest number of requests in progress at once. */
  get maxConcurrency(): number {
    return this.#maxInFlight;
  }

  /** The vector the server returns for `text` at `dimensions` (default: the server's). */
  vectorFor(text: string, dimensions = this.#options.dimensions ?? 1536): Float32Array {
    const vector = this.#embedder(dimensions).embedSync(text);
    return this.#options.dense ? densify(vector, text) : vector;
  }

  /** Answers the next `times` requests with `failure` (a status or a full failure) instead of embeddings. */
  failNext(failure: number | FakeOpenAIFailure, times = 1): this {
    const entry = typeof failure === 'number' ? { status: failure } : failure;
    for (let i = 0; i < times; i++) this.#failures.push(entry);
    return this;
  }

  /** Answers the next `times` successful requests (after any injected failure) with `corruption` (status 200). */
  corruptNext(corruption: FakeOpenAICorruption, times = 1): this {
    for (let i = 0; i < times; i++) this.#corruptions.push(corruption);
    return this;
  }

  /** Forgets recorded requests, counters, pending failures and corruptions. */
  reset(): void {
    this.requests.length = 0;
    this.#failures.length = 0;
    this.#corruptions.length = 0;
    this.#embeddedTexts = [];
    this.#maxInFlight = 0;
    this.#arrived = 0;
  }

  /** Stops the server, closing kept-alive connections too. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.#arrived++;
    this.#inFlight++;
    this.#maxInFlight = Math.max(this.#maxInFlight, this.#inFlight);
    try {
      const raw = await readBody(req);
      // Unref'd: a test may stop with a caller still waiting (a killed client), and a pending
      // answer must not keep Jest's process alive.
      if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs).unref());
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'POST' || (path !== '/v1/embeddings' && path !== '/embeddings')) {
        send(res, 404, errorBody(`Unknown route ${req.method} ${path}`, 'invalid_request_error'));
        return;
      }
      const record = this.#record(raw, req.headers.authorization);
      record.status = this.#answer(record, res);
    } catch (error) {
      send(res, 500, errorBody(error instanceof Error ? error.message : String(error), 'server_error'));
    } finally {
      this.#inFlight--;
    }
  }

  #record(raw: string, authorization: string | undefined): ParsedEmbeddingRequest {
    const record = parseEmbeddingRequest(raw, authorization);
    this.requests.push(record);
    return record;
  }

  #answer(request: ParsedEmbeddingRequest, res: ServerResponse): number {
    const failure = this.#failures.shift();
    if (failure) {
      const headers = { 'retry-after-ms': String(this.#options.retryAfterMs ?? 10), ...failure.headers };
      return send(res, failure.status, errorBody(failure.message ?? `Injected failure ${failure.status}`, 'server_error'), headers);
    }
    try {
      this.#authorize(request.authorization);
      const { model, input, format, dimensions } = validateEmbeddingRequest(request);
      const vectors = corrupt(
        input.map((text) => this.vectorFor(text, dimensions ?? this.#options.dimensions ?? 1536)),
        this.#corruptions.shift(),
      );
      const base64 = format === 'base64' && !this.ignoreEncodingFormat;
      this.#embeddedTexts.push(...input);
      const promptTokens = input.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
      return send(res, 200, {
        object: 'list',
        data: vectors.map((vector, index) => ({
          object: 'embedding',
          index,
          embedding: base64 ? toBase64(vector) : Array.from(vector),
        })),
        model,
        usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
      });
    } catch (error) {
      if (!(error instanceof FakeOpenAIHttpError)) throw error;
      return send(res, error.status, errorBody(error.message, error.type));
    }
  }

  #authorize(authorization: string | undefined): void {
    const expected = this.#options.apiKey;
    if (expected !== undefined && authorization !== `Bearer ${expected}`) {
      const received = authorization?.replace(/^Bearer /, '') ?? '';
      throw new FakeOpenAIHttpError(401, `Incorrect API key provided: ${received}.`, 'invalid_api_key');
    }
  }

  #embedder(dimensions: number): LocalEmbeddingProvider {
    let embedder = this.#embedders.get(dimensions);
    if (!embedder) {
      embedder = new LocalEmbeddingProvider({ dimensions });
      this.#embedders.set(dimensions, embedder);
    }
    return embedder;
  }
}

/** `vectors` as `corruption` spoils them (see `FakeOpenAICorruption`); as they are without one. */
function corrupt(vectors: Float32Array[], corruption: FakeOpenAICorruption | undefined): Float32Array[] {
  const last = vectors[vectors.length - 1];
  switch (corruption) {
    case undefined:
      return vectors;
    case 'nan':
      last[0] = Number.NaN;
      return vectors;
    case 'infinity':
      last[0] = Number.POSITIVE_INFINITY;
      return vectors;
    case 'zeros':
      last.fill(0);
      return vectors;
    case 'wrong-dims':
      return vectors.map((vector) => vector.subarray(0, vector.length - 1));
    case 'missing-vector':
      return vectors.slice(0, -1);
    default: {
      const unreachable: never = corruption;
      throw new Error(`unknown corruption ${String(unreachable)}`);
    }
  }
}

/** `vector` plus a small pseudo-random vector seeded by `text` (xorshift32 on an FNV-1a hash), L2-normalised. */
function densify(vector: Float32Array, text: string): Float32Array {
  let seed = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 0x01000193);
  const out = new Float32Array(vector.length);
  let norm = 0;
  for (let i = 0; i < vector.length; i++) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    out[i] = vector[i] + ((seed >>> 0) / 0xffffffff - 0.5) * 0.05;
    norm += out[i] * out[i];
  }
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < out.length; i++) out[i] *= scale;
  return out;
}
