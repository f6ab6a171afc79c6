import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { VectorStore } from '@rag/vector-store';
import { ragApiConfig } from '../config/rag-api.config';
import type { RagApiConfig } from '../config/rag-api.config';
import { EmbeddingsService } from '../embeddings/embeddings.service';
import type { RetrieveDto } from './dto/retrieve.dto';
import type { RetrieveResponseDto } from './dto/retrieve-response.dto';

/** Default `topK`. */
export const DEFAULT_TOP_K = 5;

/** A retrieval answer and whether its query embedding came from the cache. */
export interface RetrieveResult {
  response: RetrieveResponseDto;
  hits: number;
  misses: number;
}

/** Embeds the query through the shared cache and returns the nearest chunks by cosine similarity. */
@Injectable()
export class RetrievalService {
  constructor(
    private readonly embeddings: EmbeddingsService,
    private readonly store: VectorStore,
    @Inject(ragApiConfig.KEY) private readonly config: RagApiConfig,
  ) {}

  async retrieve(dto: RetrieveDto): Promise<RetrieveResult> {
    if (dto.query.length > this.config.maxInputChars) {
      throw new BadRequestException({
        message: `query must be at most ${this.config.maxInputChars} characters (EMBEDDING_MAX_INPUT_CHARS); got ${dto.query.length}`,
        param: 'query',
      });
    }
    const { vectors, hits, misses } = await this.embeddings.embedTexts([dto.query]);
    const results = await this.store.search({
      collection: dto.collection,
      embedding: vectors[0],
      topK: dto.topK ?? DEFAULT_TOP_K,
      filter: dto.filter,
    });
    return {
      hits,
      misses,
      response: { results: results.map((r) => ({ ...r, metadata: r.metadata as Record<string, unknown> })) },
    };
  }
}
