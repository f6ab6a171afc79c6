import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { EmbeddingCacheService } from '@rag/embedding-cache';
import type { GetOrComputeResult } from '@rag/embedding-cache';
import { EMBEDDING_CACHE_MODEL, EMBEDDING_PROVIDER } from '@rag/embeddings';
import type { EmbeddingProvider } from '@rag/embeddings';
import { ProviderMetrics } from '../metrics/provider-metrics';
import type { CreateEmbeddingsDto } from './dto/create-embeddings.dto';
import type { EmbeddingsResponseDto } from './dto/embeddings-response.dto';
import { encodeEmbedding } from './encode-embedding.util';

/** A response and how much of it came from the cache. */
export interface EmbeddingsResult {
  response: EmbeddingsResponseDto;
  hits: number;
  misses: number;
}

/** Serves OpenAI-style embedding requests through the shared cache. */
@Injectable()
export class EmbeddingsService {
  constructor(
    @Inject(EMBEDDING_PROVIDER) private readonly provider: EmbeddingProvider,
    /** Model id of cache keys (`cacheModelId`), the same in every process of the fleet. */
    @Inject(EMBEDDING_CACHE_MODEL) readonly cacheModel: string,
    private readonly cache: EmbeddingCacheService,
    private readonly metrics: ProviderMetrics,
  ) {}

  /** The model this server embeds with. */
  get model(): string {
    return this.provider.model;
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
        model: this.provider.model,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      },
    };
  }

  /** Embeds texts through the shared cache; only the misses reach the provider (and its metrics). */
  embedTexts(texts: readonly string[]): Promise<GetOrComputeResult> {
    return this.cache.getOrComputeDetailed(this.cacheModel, texts, (missing) =>
      this.metrics.track(this.provider.model, missing.length, () => this.provider.embed(missing)),
    );
  }

  /** 400 unless `model` is omitted or is the provider's model. */
  assertModel(model: string | undefined): void {
    if (model !== undefined && model !== this.provider.model) {
      throw new BadRequestException({
        message: `model "${model}" is not available; this server embeds with "${this.provider.model}"`,
        param: 'model',
      });
    }
  }

  private assertDimensions(dimensions: number | undefined): void {
    const dims = this.provider.dimensions;
    if (dimensions !== undefined && dims > 0 && dimensions !== dims) {
      throw new BadRequestException({
        message: `dimensions must be ${dims} for model "${this.provider.model}" (got ${dimensions})`,
        param: 'dimensions',
      });
    }
  }
}
