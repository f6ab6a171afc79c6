import { Logger } from '@nestjs/common';
import { registerAs } from '@nestjs/config';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { ValidationError } from 'class-validator';
import { DEFAULT_OPENAI_BASE_URL, LOCAL_EMBEDDING_DIMENSIONS, LOCAL_EMBEDDING_MODEL, OPENAI_EMBEDDING_DEFAULTS } from '../embeddings.constants';
import { InvalidEmbeddingsConfigError } from '../errors/invalid-embeddings-config.error';
import type { EmbeddingsModuleOptions } from '../interfaces/embeddings-module-options.interface';
import { redactUrl } from '../utils/redact-url.util';
import { EmbeddingsEnv } from './embeddings.env';

const ENV_NAMES = Object.keys(new EmbeddingsEnv());

/** Logger of the configuration warnings; replaceable in tests. */
type ConfigLogger = Pick<Logger, 'log' | 'warn'>;

/**
 * Reads and validates the embeddings environment variables (see README, "Configuration") and
 * returns the options of the chosen provider. Throws `InvalidEmbeddingsConfigError` naming every bad
 * variable; empty values count as unset; the API key is never repeated in a message.
 */
export function loadEmbeddingsOptions(
  env: NodeJS.ProcessEnv = process.env,
  logger: ConfigLogger = new Logger('Embeddings'),
): EmbeddingsModuleOptions {
  const present = Object.fromEntries(
    ENV_NAMES.map((name) => [name, env[name]]).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = plainToInstance(EmbeddingsEnv, present, { enableImplicitConversion: true });
  const errors = validateSync(parsed, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new InvalidEmbeddingsConfigError(errors.map(describeError));

  const provider = parsed.EMBEDDING_PROVIDER ?? (parsed.OPENAI_API_KEY ? 'openai' : 'local');
  switch (provider) {
    case 'openai':
      if (!parsed.OPENAI_API_KEY && !parsed.OPENAI_BASE_URL) {
        throw new InvalidEmbeddingsConfigError([
          'OPENAI_API_KEY is required when EMBEDDING_PROVIDER=openai, unless OPENAI_BASE_URL points to a gateway that needs no key',
        ]);
      }
      return {
        provider,
        apiKey: parsed.OPENAI_API_KEY,
        baseURL: parsed.OPENAI_BASE_URL ?? DEFAULT_OPENAI_BASE_URL,
        model: parsed.EMBEDDING_MODEL ?? OPENAI_EMBEDDING_DEFAULTS.model,
        dimensions: parsed.EMBEDDING_DIMENSIONS,
        maxRetries: parsed.OPENAI_MAX_RETRIES,
        timeoutMs: parsed.OPENAI_TIMEOUT_MS,
      };
    case 'local':
      if (parsed.EMBEDDING_DIMENSIONS !== undefined && parsed.EMBEDDING_DIMENSIONS !== LOCAL_EMBEDDING_DIMENSIONS) {
        // A missing secret in production would otherwise switch silently to vectors of another size.
        throw new InvalidEmbeddingsConfigError([
          `EMBEDDING_DIMENSIONS=${parsed.EMBEDDING_DIMENSIONS} cannot be served by the local provider ` +
            `(${LOCAL_EMBEDDING_MODEL} has ${LOCAL_EMBEDDING_DIMENSIONS} dimensions); set OPENAI_API_KEY or unset EMBEDDING_DIMENSIONS`,
        ]);
      }
      warnIgnoredForLocal(parsed, logger);
      logger.log(`Using the local lexical embedder ${LOCAL_EMBEDDING_MODEL} (not semantic); set OPENAI_API_KEY for OpenAI embeddings`);
      return { provider };
    default: {
      const unexpected: never = provider;
      throw new InvalidEmbeddingsConfigError([`EMBEDDING_PROVIDER must be openai or local (got "${String(unexpected)}")`]);
    }
  }
}

function warnIgnoredForLocal(parsed: EmbeddingsEnv, logger: ConfigLogger): void {
  if (parsed.EMBEDDING_MODEL !== undefined) {
    logger.warn(`EMBEDDING_MODEL=${parsed.EMBEDDING_MODEL} is ignored: the local provider's model is always ${LOCAL_EMBEDDING_MODEL}`);
  }
  if (parsed.OPENAI_BASE_URL !== undefined && parsed.EMBEDDING_PROVIDER === undefined) {
    logger.warn('OPENAI_BASE_URL is set but OPENAI_API_KEY is not; set EMBEDDING_PROVIDER=openai to use a gateway that needs no key');
  }
}

function describeError(error: ValidationError): string {
  const messages = Object.values(error.constraints ?? {}).join(', ');
  if (error.property === 'OPENAI_API_KEY') return messages;
  const raw = String(error.value);
  const shown = error.property.endsWith('_URL') ? redactUrl(raw) : raw;
  return `${messages} (got "${shown}")`;
}

/**
 * The `embeddings` configuration namespace. Apps wire the module with
 * `EmbeddingsModule.forRootAsync(embeddingsConfig.asProvider())`.
 */
export const embeddingsConfig = registerAs('embeddings', (): EmbeddingsModuleOptions => loadEmbeddingsOptions());
