import { IsOptional, Matches } from 'class-validator';
import { IntegerIn, UrlWithScheme } from '@rag/config-kit';
import { OPENAI_EMBEDDING_DEFAULTS, OPENAI_OPTION_RANGES } from './openai-embedding.constants';

/**
 * The variables of the `openai` provider, validated with class-validator. Every message starts
 * with the variable's name, so a boot error says what to fix.
 */
export class OpenAIEmbeddingsEnv {
  /** OpenAI (or gateway) API key; when set and `EMBEDDING_PROVIDER` is not, the provider is `openai`. */
  @IsOptional()
  @Matches(/^\S+$/, { message: '$property must not contain whitespace (check for a trailing newline)' })
  OPENAI_API_KEY?: string = undefined;

  /** Base URL of an OpenAI-compatible API, e.g. `http://127.0.0.1:11434/v1` for Ollama. */
  @IsOptional()
  @UrlWithScheme(['http', 'https'])
  OPENAI_BASE_URL?: string = undefined;

  /** Retries per request on 408/409/429/5xx, timeouts and connection errors. */
  @IntegerIn(...OPENAI_OPTION_RANGES.maxRetries)
  OPENAI_MAX_RETRIES: number = OPENAI_EMBEDDING_DEFAULTS.maxRetries;

  /** Time limit of one attempt of one request, in milliseconds. */
  @IntegerIn(...OPENAI_OPTION_RANGES.timeoutMs)
  OPENAI_TIMEOUT_MS: number = OPENAI_EMBEDDING_DEFAULTS.timeoutMs;
}
