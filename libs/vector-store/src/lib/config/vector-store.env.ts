import { IntegerIn, UrlWithScheme } from '@rag/config-kit';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { OPTION_RANGES, POSTGRES_URL_SCHEMES, VECTOR_STORE_DEFAULTS } from '../vector-store.constants';

/**
 * The environment variables of the vector store, validated with class-validator. Every message
 * starts with the variable's name, so a boot error says what to fix.
 */
export class VectorStoreEnv {
  /** PostgreSQL (with pgvector) URL; when set the `pg` driver is used, else PGlite. */
  @IsOptional()
  @UrlWithScheme(POSTGRES_URL_SCHEMES)
  DATABASE_URL?: string = undefined;

  /** PGlite data directory (ignored with `DATABASE_URL`); `memory://` keeps it in memory. */
  @IsString()
  @Length(1, 4096, { message: '$property must be a path of 1-4096 characters' })
  VECTOR_STORE_PATH: string = VECTOR_STORE_DEFAULTS.path;

  /** `pg` pool size (ignored by PGlite). */
  @IntegerIn(...OPTION_RANGES.poolSize)
  VECTOR_STORE_POOL_SIZE: number = VECTOR_STORE_DEFAULTS.poolSize;

  /** Largest chunk, in characters. */
  @IntegerIn(...OPTION_RANGES.chunkSize)
  CHUNK_SIZE: number = VECTOR_STORE_DEFAULTS.chunkSize;

  /** Largest overlap of consecutive chunks, in characters; must also be less than `CHUNK_SIZE`. */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer ≥ 0 and less than CHUNK_SIZE' })
  @Min(0, { message: '$property must be an integer ≥ 0 and less than CHUNK_SIZE' })
  CHUNK_OVERLAP: number = VECTOR_STORE_DEFAULTS.chunkOverlap;
}
