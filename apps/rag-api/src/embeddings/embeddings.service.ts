import { performance } from 'node:perf_hooks';
import { BadRequestException, Inject, Injectable, Optional } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CachedEmbedder } from '@rag/cached-embeddings';
import { EMBEDDINGS_OPTIONS, describeUnavailableModel, sliceByChars } from '@rag/embeddings';
import type { EmbeddingsModuleOptions } from '@rag/embeddings';
import { EMBEDDING_CACHE_DEFAULTS, EMBEDDING_CACHE_OPTIONS } from '@rag/embedding-cache';
import type { EmbeddingCacheModuleOptions, GetOrComputeResult, L1Receipt } from '@rag/embedding-cache';
import type { CreateEmbeddingsDto } from './dto/create-embeddings.dto';
import { encodeEmbeddingsResponse } from './encode-embeddings-response.util';
import { EncodedVectorMemo } from './encoded-vector-memo';

/**
 * Longest stretch of response encoding between two turns of the event loop, in ms of wall time
 * (a small or cached request is encoded in one go). By time rather than by a count of vectors: on
 * a loaded machine 128 float vectors took 0.2-0.4 s of wall time, while /health/live waited.
 */
const ENCODE_TURN_MS = 8;

/**
 * Characters of the texts of one `CachedEmbedder.embed` call of a request. Hashing the cache keys,
 * encoding the Redis commands (lookup, fleet locks, writes) and checking the vectors of a call are
 * synchronous: 2,048 texts of 4,900 characters were ~100 ms blocks each (over a second on a loaded
 * machine) while /health/live waited (issue #14). About the token limit of one OpenAI request, so
 * the openai provider sends no more requests for it.
 */
const EMBED_SLICE_CHARS = 262_144;

/** A response and how much of it came from the cache. */
export interface EmbeddingsResult {
  /** The JSON of the `EmbeddingsResponseDto`, as bytes. */
  body: Buffer;
  hits: number;
  misses: number;
}

/** An answer of `fromMemory`, and what `stillFromMemory` needs to tell later that it still holds. */
export interface MemoryAnswer extends EmbeddingsResult {
  /** What the cache found the vectors in (`CachedEmbedder.stillInMemory`). */
  readonly receipt: L1Receipt;
  /** The request's `dimensions`, checked again: the provider's become known with its first answer. */
  readonly dimensions: number | undefined;
}

/**
 * Serves OpenAI-style embedding requests through the shared cache. A request may name the served
 * model or one of its aliases (`EMBEDDING_MODEL_ALIASES`); either way the served model embeds, its
 * cache keys are used and the response names it.
 */
@Injectable()
export class EmbeddingsService implements OnModuleInit {
  /** Other names served with `model` (`EMBEDDING_MODEL_ALIASES`), in the order configured. */
  readonly modelAliases: readonly string[];
  /** Replaced in `onModuleInit` by one sized from the cache's options. */
  private memo = new EncodedVectorMemo(EMBEDDING_CACHE_DEFAULTS.l1MaxMb * 1024 * 1024);

  constructor(
    private readonly embedder: CachedEmbedder,
    @Optional() @Inject(EMBEDDINGS_OPTIONS) options?: EmbeddingsModuleOptions,
    @Optional() private readonly moduleRef?: ModuleRef,
  ) {
    this.modelAliases = options?.modelAliases ?? [];
  }

  /**
   * The wire forms get the L1's budget: nothing is kept in the process when the L1 or the cache is
   * off. The cache module does not export its options, hence the non-strict lookup.
   */
  onModuleInit(): void {
    let cache: EmbeddingCacheModuleOptions | undefined;
    try {
      cache = this.moduleRef?.get<EmbeddingCacheModuleOptions>(EMBEDDING_CACHE_OPTIONS, { strict: false });
    } catch {
      cache = undefined;
    }
    if (cache === undefined) return;
    const l1MaxMb = cache.enabled === false ? 0 : (cache.l1MaxMb ?? EMBEDDING_CACHE_DEFAULTS.l1MaxMb);
    this.memo = new EncodedVectorMemo(l1MaxMb * 1024 * 1024);
  }

  /** Bytes the wire forms of served vectors may hold in this process (`EncodedVectorMemo`; 0 when the L1 or the cache is off). */
  get encodedVectorBudgetBytes(): number {
    return this.memo.maxBytes;
  }

  /** The model this server embeds with. */
  get model(): string {
    return this.embedder.model;
  }

  async embed(dto: CreateEmbeddingsDto): Promise<EmbeddingsResult> {
    const texts = typeof dto.input === 'string' ? [dto.input] : dto.input;
    this.assertModel(dto.model);
    this.assertDimensions(dto.dimensions);
    const { vectors, hits, misses } = await this.embedTexts(texts);
    const format = dto.encoding_format ?? 'float';
    // Which vectors came from the cache is not reported per text: a request wholly served from it fills the memo.
    const fromCache = misses === 0;
    const embeddings = new Array<Buffer>(texts.length);
    let turnStarted = performance.now();
    for (let i = 0; i < texts.length; i += 1) {
      // 2,048 float vectors not in the memo are ~16 MB of JSON to print: a turn of the event loop
      // every ENCODE_TURN_MS keeps /health/live and cached requests answering meanwhile (#14).
      if (performance.now() - turnStarted > ENCODE_TURN_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        turnStarted = performance.now();
      }
      embeddings[i] = this.memo.encoded(texts[i], vectors[i], format, fromCache);
    }
    return { hits, misses, body: this.respond(texts, embeddings) };
  }

  /**
   * What `embed(dto)` would answer, synchronously, when it can be answered from memory alone:
   * every text's vector in the cache's L1 and its wire form in `format` in the memo
   * (`CachedEmbedder.fromMemory`, `EncodedVectorMemo.lookup`); else `undefined`, with nothing
   * counted, and `embed` serves the request. A `dto` that `embed` would refuse gives `undefined`
   * too (the full path answers its 400). For rag-api's fast path (`EmbeddingsFastPath`).
   */
  fromMemory(dto: CreateEmbeddingsDto): MemoryAnswer | undefined {
    if (this.memo.maxBytes === 0) return undefined;
    if (describeUnavailableModel(dto.model, this.embedder.model, this.modelAliases, 'this server')) return undefined;
    if (!this.servesDimensions(dto.dimensions)) return undefined;
    const texts = typeof dto.input === 'string' ? [dto.input] : dto.input;
    const format = dto.encoding_format ?? 'float';
    return this.embedder.fromMemory(texts, (vectors, receipt) => {
      const embeddings = new Array<Buffer>(texts.length);
      for (let i = 0; i < texts.length; i += 1) {
        const encoded = this.memo.lookup(texts[i], vectors[i], format);
        if (encoded === undefined) return undefined;
        embeddings[i] = encoded;
      }
      return { hits: texts.length, misses: 0, body: this.respond(texts, embeddings), receipt, dimensions: dto.dimensions };
    });
  }

  /**
   * Whether `answer`, made by `fromMemory` for a request, is what `fromMemory` would answer for the
   * same request now: its `dimensions` still served and every vector still the very one the cache's
   * L1 holds (`CachedEmbedder.stillInMemory`; counted as L1 hits when so). The model, the memo's
   * budget and the wire forms need no check: the first two are fixed at boot, and a wire form is a
   * pure function of its vector's bytes. For the fast path's repeated bodies (`RecentRequests`).
   */
  stillFromMemory(answer: MemoryAnswer): boolean {
    return this.servesDimensions(answer.dimensions) && this.embedder.stillInMemory(answer.receipt);
  }

  /** The response of `texts`, whose vectors' wire forms are `embeddings`: usage counts ~4 characters a token. */
  private respond(texts: readonly string[], embeddings: readonly Buffer[]): Buffer {
    return encodeEmbeddingsResponse(embeddings, this.embedder.model, tokensOf(texts));
  }

  /**
   * Embeds texts through the `CachedEmbedder`; only the misses reach the provider (and its
   * metrics). A request does not queue without bound for the provider: beyond the
   * `EMBEDDING_PROVIDER_MAX_*` limits it fails with `ProviderBusyError` (503 and `Retry-After`).
   * A large request goes in slices of `EMBED_SLICE_CHARS`, one after the other, so that no single
   * synchronous step of the cache takes long; a slice refused fails the request (the slices
   * before it stay cached).
   */
  embedTexts(texts: readonly string[]): Promise<GetOrComputeResult> {
    let chars = 0;
    for (const text of texts) chars += text.length;
    if (chars <= EMBED_SLICE_CHARS) return this.embedder.embed(texts, { onBusy: 'reject' });
    return this.embedInSlices(sliceByChars(texts, EMBED_SLICE_CHARS));
  }

  private async embedInSlices(slices: readonly string[][]): Promise<GetOrComputeResult> {
    const result: GetOrComputeResult = { vectors: [], hits: 0, misses: 0, computed: 0 };
    for (const slice of slices) {
      const part = await this.embedder.embed(slice, { onBusy: 'reject' });
      for (const vector of part.vectors) result.vectors.push(vector);
      result.hits += part.hits;
      result.misses += part.misses;
      result.computed += part.computed;
    }
    return result;
  }

  /** 400 unless `model` is omitted, the provider's model or one of its aliases; the message names the setting to change. */
  assertModel(model: string | undefined): void {
    const unavailable = describeUnavailableModel(model, this.embedder.model, this.modelAliases, 'this server');
    if (unavailable) throw new BadRequestException({ message: unavailable, param: 'model' });
  }

  private assertDimensions(dimensions: number | undefined): void {
    if (this.servesDimensions(dimensions)) return;
    throw new BadRequestException({
      message: `dimensions must be ${this.embedder.dimensions} for model "${this.embedder.model}" (got ${dimensions})`,
      param: 'dimensions',
    });
  }

  /** Whether `dimensions` (when given) are the provider's, or the provider's are not known yet. */
  private servesDimensions(dimensions: number | undefined): boolean {
    const dims = this.embedder.dimensions;
    return dimensions === undefined || dims === 0 || dimensions === dims;
  }
}

/** The usage of a request: ~4 characters a token. */
function tokensOf(texts: readonly string[]): number {
  let tokens = 0;
  for (const text of texts) tokens += Math.ceil(text.length / 4);
  return tokens;
}
