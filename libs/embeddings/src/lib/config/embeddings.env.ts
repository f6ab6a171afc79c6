import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, Validate } from 'class-validator';
import { OPENAI_EMBEDDING_DEFAULTS, OPTION_RANGES } from '../embeddings.constants';
import type { EmbeddingProviderName } from '../interfaces/embedding-provider-name.interface';
import { HttpUrlConstraint } from './http-url.constraint';

/** Values of `EMBEDDING_PROVIDER`. */
export const EMBEDDING_PROVIDER_NAMES: readonly EmbeddingProviderName[] = ['openai', 'local'];

const [DIM_MIN, DIM_MAX] = OPTION_RANGES.dimensions;
const [RETRIES_MIN, RETRIES_MAX] = OPTION_RANGES.maxRetries;
const [TIMEOUT_MIN, TIMEOUT_MAX] = OPTION_RANGES.timeoutMs;

/**
 * The environment variables of the embeddings library, validated with class-validator. Every
 * message starts with the variable's name, so a boot error says what to fix.
 */
export class EmbeddingsEnv {
  /** OpenAI (or gateway) API key; when set and `EMBEDDING_PROVIDER` is not, the provider is `openai`. */
  @IsOptional()
  @Matches(/^\S+$/, { message: '$property must not contain whitespace (check for a trailing newline)' })
  OPENAI_API_KEY?: string = undefined;

  /** Base URL of an OpenAI-compatible API, e.g. `http://127.0.0.1:11434/v1` for Ollama. */
  @IsOptional()
  @Validate(HttpUrlConstraint)
  OPENAI_BASE_URL?: string = undefined;

  /** Forces the provider; unset means `openai` when `OPENAI_API_KEY` is set, else `local`. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsIn(EMBEDDING_PROVIDER_NAMES, { message: '$property must be openai or local' })
  EMBEDDING_PROVIDER?: EmbeddingProviderName = undefined;

  /** Model of the `openai` provider (ignored by `local`). */
  @IsOptional()
  @IsString()
  @Length(1, 256, { message: '$property must be 1-256 characters' })
  EMBEDDING_MODEL?: string = undefined;

  /** Output dimensions sent to the API; unset means the model's native size. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `$property must be an integer from ${DIM_MIN} to ${DIM_MAX}` })
  @Min(DIM_MIN, { message: `$property must be an integer from ${DIM_MIN} to ${DIM_MAX}` })
  @Max(DIM_MAX, { message: `$property must be an integer from ${DIM_MIN} to ${DIM_MAX}` })
  EMBEDDING_DIMENSIONS?: number = undefined;

  /** Retries per request on 408/409/429/5xx, timeouts and connection errors. */
  @Type(() => Number)
  @IsInt({ message: `$property must be an integer from ${RETRIES_MIN} to ${RETRIES_MAX}` })
  @Min(RETRIES_MIN, { message: `$property must be an integer from ${RETRIES_MIN} to ${RETRIES_MAX}` })
  @Max(RETRIES_MAX, { message: `$property must be an integer from ${RETRIES_MIN} to ${RETRIES_MAX}` })
  OPENAI_MAX_RETRIES: number = OPENAI_EMBEDDING_DEFAULTS.maxRetries;

  /** Time limit of one attempt of one request, in milliseconds. */
  @Type(() => Number)
  @IsInt({ message: `$property must be an integer from ${TIMEOUT_MIN} to ${TIMEOUT_MAX}` })
  @Min(TIMEOUT_MIN, { message: `$property must be an integer from ${TIMEOUT_MIN} to ${TIMEOUT_MAX}` })
  @Max(TIMEOUT_MAX, { message: `$property must be an integer from ${TIMEOUT_MIN} to ${TIMEOUT_MAX}` })
  OPENAI_TIMEOUT_MS: number = OPENAI_EMBEDDING_DEFAULTS.timeoutMs;
}
