import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min, Validate } from 'class-validator';
import { OPTION_RANGES, VECTOR_STORE_DEFAULTS } from '../vector-store.constants';
import { PostgresUrlConstraint } from './postgres-url.constraint';

const [POOL_MIN, POOL_MAX] = OPTION_RANGES.poolSize;
const [CHUNK_MIN, CHUNK_MAX] = OPTION_RANGES.chunkSize;

/**
 * The environment variables of the vector store, validated with class-validator. Every message
 * starts with the variable's name, so a boot error says what to fix.
 */
export class VectorStoreEnv {
  /** PostgreSQL (with pgvector) URL; when set the `pg` driver is used, else PGlite. */
  @IsOptional()
  @Validate(PostgresUrlConstraint)
  DATABASE_URL?: string = undefined;

  /** PGlite data directory (ignored with `DATABASE_URL`); `memory://` keeps it in memory. */
  @IsString()
  @Length(1, 4096, { message: '$property must be a path of 1-4096 characters' })
  VECTOR_STORE_PATH: string = VECTOR_STORE_DEFAULTS.path;

  /** `pg` pool size (ignored by PGlite). */
  @Type(() => Number)
  @IsInt({ message: `$property must be an integer from ${POOL_MIN} to ${POOL_MAX}` })
  @Min(POOL_MIN, { message: `$property must be an integer from ${POOL_MIN} to ${POOL_MAX}` })
  @Max(POOL_MAX, { message: `$property must be an integer from ${POOL_MIN} to ${POOL_MAX}` })
  VECTOR_STORE_POOL_SIZE: number = VECTOR_STORE_DEFAULTS.poolSize;

  /** Largest chunk, in characters. */
  @Type(() => Number)
  @IsInt({ message: `$property must be an integer from ${CHUNK_MIN} to ${CHUNK_MAX}` })
  @Min(CHUNK_MIN, { message: `$property must be an integer from ${CHUNK_MIN} to ${CHUNK_MAX}` })
  @Max(CHUNK_MAX, { message: `$property must be an integer from ${CHUNK_MIN} to ${CHUNK_MAX}` })
  CHUNK_SIZE: number = VECTOR_STORE_DEFAULTS.chunkSize;

  /** Largest overlap of consecutive chunks, in characters; must also be less than `CHUNK_SIZE`. */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer ≥ 0 and less than CHUNK_SIZE' })
  @Min(0, { message: '$property must be an integer ≥ 0 and less than CHUNK_SIZE' })
  CHUNK_OVERLAP: number = VECTOR_STORE_DEFAULTS.chunkOverlap;
}
