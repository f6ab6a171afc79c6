import { integerProblems, isUrlWithScheme, redactUrl, stripUndefined } from '@rag/config-kit';
import { InvalidEmbeddingsConfigError } from '../../errors/invalid-embeddings-config.error';
import { OPENAI_EMBEDDING_DEFAULTS, OPENAI_OPTION_RANGES } from './openai-embedding.constants';
import type { OpenAIEmbeddingProviderOptions } from './openai-embedding-provider-options.interface';

/** `OpenAIEmbeddingProviderOptions` with every default filled in (`dimensions` stays optional). */
export type ResolvedOpenAIOptions = Required<Omit<OpenAIEmbeddingProviderOptions, 'dimensions'>> &
  Pick<OpenAIEmbeddingProviderOptions, 'dimensions'>;

/**
 * Merges the defaults once and checks the options given in code, so that a bad value fails at
 * construction with the option's name. Messages never repeat the API key.
 */
export function resolveOpenAIOptions(options: OpenAIEmbeddingProviderOptions): ResolvedOpenAIOptions {
  const resolved: ResolvedOpenAIOptions = { ...OPENAI_EMBEDDING_DEFAULTS, ...stripUndefined(options) } as ResolvedOpenAIOptions;
  const problems: string[] = [];
  if (typeof resolved.apiKey !== 'string' || resolved.apiKey.length === 0 || /\s/.test(resolved.apiKey)) {
    problems.push('apiKey must be a non-empty string without whitespace');
  }
  if (!isUrlWithScheme(resolved.baseURL, ['http', 'https'])) {
    const shown = typeof resolved.baseURL === 'string' ? redactUrl(resolved.baseURL) : String(resolved.baseURL);
    problems.push(`baseURL must be an http:// or https:// URL (got "${shown}")`);
  }
  if (typeof resolved.model !== 'string' || resolved.model.trim().length === 0) {
    problems.push(`model must be a non-empty string (got ${JSON.stringify(resolved.model)})`);
  }
  problems.push(...integerProblems(resolved, OPENAI_OPTION_RANGES, { optional: ['dimensions'] }));
  if (problems.length > 0) throw new InvalidEmbeddingsConfigError(problems);
  return resolved;
}
