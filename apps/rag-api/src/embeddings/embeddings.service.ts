import { BadRequestException, Injectable } from '@nestjs/common';
import { CachedEmbedder } from '@rag/cached-embeddings';
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

/** Serves OpenAI-style embedding requests through the shared cache. */
@Injectable()
export class EmbeddingsService {
  constructor(private readonly embedder: CachedEmbedder) {}

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

  /** Embeds texts through the `CachedEmbedder`; only the misses reach the provider (and its metrics). */
  embedTexts(texts: readonly string[]): Promise<GetOrComputeResult> {
    return this.embedder.embed(texts);
  }

  /** 400 unless `model` is omitted or is the provider's model. */
  assertModel(model: string | undefined): void {
    if (model !== undefined && model !== this.embedder.model) {
      throw new BadRequestException({
        message: `model "${model}" is not available; this server embeds with "${this.embedder.model}"`,
        param: 'model',
      });
    }
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
