import { OPENAI_EMBEDDING_DEFAULTS, OPTION_RANGES } from '../embeddings.constants';
import { InvalidEmbeddingsConfigError } from '../errors/invalid-embeddings-config.error';
import type { OpenAIEmbeddingProviderOptions } from '../interfaces/openai-embedding-provider-options.interface';
import { isHttpUrl } from '../utils/is-http-url.util';
import { redactUrl } from '../utils/redact-url.util';

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
  const integerIn = (name: keyof typeof OPTION_RANGES): void => {
    const value: unknown = resolved[name];
    const [min, max] = OPTION_RANGES[name];
    if (name === 'dimensions' && value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`);
    }
  };
  if (typeof resolved.apiKey !== 'string' || resolved.apiKey.length === 0 || /\s/.test(resolved.apiKey)) {
    problems.push('apiKey must be a non-empty string without whitespace');
  }
  if (!isHttpUrl(resolved.baseURL)) {
    const shown = typeof resolved.baseURL === 'string' ? redactUrl(resolved.baseURL) : String(resolved.baseURL);
    problems.push(`baseURL must be an http:// or https:// URL (got "${shown}")`);
  }
  if (typeof resolved.model !== 'string' || resolved.model.trim().length === 0) {
    problems.push(`model must be a non-empty string (got ${JSON.stringify(resolved.model)})`);
  }
  for (const name of Object.keys(OPTION_RANGES) as (keyof typeof OPTION_RANGES)[]) integerIn(name);
  if (problems.length > 0) throw new InvalidEmbeddingsConfigError(problems);
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
