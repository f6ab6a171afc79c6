import { BadRequestException, Inject, Injectable, Optional } from '@nestjs/common';
import { CachedEmbedder } from '@rag/cached-embeddings';
import { EMBEDDINGS_OPTIONS, describeUnavailableModel } from '@rag/embeddings';
import type { EmbeddingsModuleOptions } from '@rag/embeddings';
import type { GetOrComputeResult } from '@rag/embedding-cache';
import type { CreateEmbeddingsDto } from './dto/create-embeddings.dto';
import type { EmbeddingsResponseDto } from './dto/embeddings-response.dto';
import { encodeEmbedding } from './encode-embedding.util';

/** A response and how much of it came from the cache. */
export interface EmbeddingsResult {
  response: EmbeddingsResponseDto;
  hits: number;
  misses: number;
}

/**
 * Serves OpenAI-style embedding requests through the shared cache. A request may name the served
 * model or one of its aliases (`EMBEDDING_MODEL_ALIASES`); either way the served model embeds, its
 * cache keys are used and the response names it.
 */
@Injectable()
export class EmbeddingsService {
  /** Other names served with `model` (`EMBEDDING_MODEL_ALIASES`), in the order configured. */
  readonly modelAliases: readonly string[];

  constructor(
    private readonly embedder: CachedEmbedder,
    @Optional() @Inject(EMBEDDINGS_OPTIONS) options?: EmbeddingsModuleOptions,
  ) {
    this.modelAliases = options?.modelAliases ?? [];
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
    const tokens = texts.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
    return {
      hits,
      misses,
      response: {
        object: 'list',
        data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: encodeEmbedding(vector, format) })),
        model: this.embedder.model,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      },
    };
  }

  /**
   * Embeds texts through the `CachedEmbedder`; only the misses reach the provider (and its
   * metrics). A request does not queue without bound for the provider: beyond the
   * `EMBEDDING_PROVIDER_MAX_*` limits it fails with `ProviderBusyError` (503 and `Retry-After`).
   */
  embedTexts(texts: readonly string[]): Promise<GetOrComputeResult> {
    return this.embedder.embed(texts, { onBusy: 'reject' });
  }

  /** 400 unless `model` is omitted, the provider's model or one of its aliases; the message names the setting to change. */
  assertModel(model: string | undefined): void {
    const unavailable = describeUnavailableModel(model, this.embedder.model, this.modelAliases, 'this server');
    if (unavailable) throw new BadRequestException({ message: unavailable, param: 'model' });
  }

  private assertDimensions(dimensions: number | undefined): void {
    const dims = this.embedder.dimensions;
    if (dimensions !== undefined && dims > 0 && dimensions !== dims) {
      throw new BadRequestException({
        message: `dimensions must be ${dims} for model "${this.embedder.model}" (got ${dimensions})`,
        param: 'dimensions',
      });
    }
  }
}
