import { Logger } from '@nestjs/common';
import { registerAs } from '@nestjs/config';
import { loadEnv } from '@rag/config-kit';
import { createEmbeddingProvider } from '../create-embedding-provider.util';
import { MODEL_ALIASES_ENV } from '../embeddings.constants';
import { InvalidEmbeddingsConfigError } from '../errors/invalid-embeddings-config.error';
import type { ConfigLogger } from '../interfaces/config-logger.interface';
import type { EmbeddingProviderDefinition } from '../interfaces/embedding-provider-definition.interface';
import type { EmbeddingsModuleOptions } from '../interfaces/embeddings-module-options.interface';
import { EMBEDDING_PROVIDERS } from '../providers/embedding-providers.registry';
import { selectEmbeddingProvider } from '../providers/select-embedding-provider.util';
import { EmbeddingsEnv } from './embeddings.env';

/**
 * Reads and validates the embeddings environment variables (see README, "Configuration") and
 * returns the options of the chosen provider. Throws `InvalidEmbeddingsConfigError` naming every bad
 * variable, of every provider; empty values count as unset; secrets are never repeated in a message.
 */
export function loadEmbeddingsOptions(
  env: NodeJS.ProcessEnv = process.env,
  logger: ConfigLogger = new Logger('Embeddings'),
): EmbeddingsModuleOptions {
  const problems: string[] = [];
  const common = collect(EmbeddingsEnv, env, problems);
  const rows: readonly EmbeddingProviderDefinition[] = EMBEDDING_PROVIDERS;
  const own = new Map(rows.map((row) => [row, row.env ? collect(row.env, env, problems) : {}]));
  if (problems.length > 0) throw new InvalidEmbeddingsConfigError(problems);

  const envOf = (row: EmbeddingProviderDefinition): object => own.get(row) ?? {};
  const chosen = selectEmbeddingProvider(common.EMBEDDING_PROVIDER, (selector, row) =>
    Boolean((envOf(row) as Record<string, unknown>)[selector.env]),
  );
  // Unreachable: EMBEDDING_PROVIDER was validated against the same registry.
  if (!chosen) throw new InvalidEmbeddingsConfigError(['EMBEDDING_PROVIDER must be set: no registered provider is chosen by default']);
  for (const row of rows) if (row !== chosen) row.warnUnused?.(envOf(row), common, logger);
  const options = { provider: chosen.name, ...chosen.fromEnv(envOf(chosen), common, logger) } as EmbeddingsModuleOptions;
  return withModelAliases(options, common.EMBEDDING_MODEL_ALIASES, env[MODEL_ALIASES_ENV]);
}

/**
 * `options` with `modelAliases` when some are set. An alias equal to the served model is refused:
 * it says the list was written for another model. The served model comes from the provider itself
 * (building it makes no request), so that the rule holds whatever provider was chosen.
 */
function withModelAliases(options: EmbeddingsModuleOptions, aliases: readonly string[] | undefined, raw: string | undefined): EmbeddingsModuleOptions {
  if (!aliases?.length) return options;
  const served = createEmbeddingProvider(options).model;
  if (aliases.includes(served)) {
    throw new InvalidEmbeddingsConfigError([`${MODEL_ALIASES_ENV} must not list the served model ${JSON.stringify(served)} (got ${JSON.stringify(raw)})`]);
  }
  return { ...options, modelAliases: aliases };
}

/** `loadEnv` of one class, its problems added to `problems` so that every bad variable is listed at once. */
function collect<T extends object>(envClass: new () => T, env: NodeJS.ProcessEnv, problems: string[]): T {
  try {
    return loadEnv(envClass, env, { onInvalid: (found) => new InvalidEmbeddingsConfigError(found) });
  } catch (error) {
    if (!(error instanceof InvalidEmbeddingsConfigError)) throw error;
    problems.push(...error.problems);
    return new envClass();
  }
}

/**
 * The `embeddings` configuration namespace. Apps wire the module with
 * `EmbeddingsModule.forRootAsync(embeddingsConfig.asProvider())`.
 */
export const embeddingsConfig = registerAs('embeddings', (): EmbeddingsModuleOptions => loadEmbeddingsOptions());
