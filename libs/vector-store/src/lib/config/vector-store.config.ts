import { registerAs } from '@nestjs/config';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { ValidationError } from 'class-validator';
import { InvalidVectorStoreConfigError } from '../errors/invalid-vector-store-config.error';
import type { VectorStoreConfig } from '../interfaces/vector-store-config.interface';
import { redactDatabaseUrl } from '../utils/redact-database-url.util';
import { VectorStoreEnv } from './vector-store.env';

const ENV_NAMES = Object.keys(new VectorStoreEnv());

/**
 * Reads and validates the vector store's environment variables (see docs/vector-store.md,
 * "Configuration"). Throws `InvalidVectorStoreConfigError` naming every bad variable; empty values
 * count as unset; a password in `DATABASE_URL` is never repeated.
 */
export function loadVectorStoreConfig(env: NodeJS.ProcessEnv = process.env): VectorStoreConfig {
  const present = Object.fromEntries(
    ENV_NAMES.map((name) => [name, env[name]]).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = plainToInstance(VectorStoreEnv, present, { enableImplicitConversion: true });
  const problems = validateSync(parsed, { skipMissingProperties: false, forbidUnknownValues: false }).map(describeError);
  const chunkingIsValid = !problems.some((problem) => problem.startsWith('CHUNK_'));
  if (chunkingIsValid && parsed.CHUNK_OVERLAP >= parsed.CHUNK_SIZE) {
    problems.push(`CHUNK_OVERLAP must be less than CHUNK_SIZE (got CHUNK_OVERLAP=${parsed.CHUNK_OVERLAP}, CHUNK_SIZE=${parsed.CHUNK_SIZE})`);
  }
  if (problems.length > 0) throw new InvalidVectorStoreConfigError(problems);
  return {
    databaseUrl: parsed.DATABASE_URL,
    path: parsed.VECTOR_STORE_PATH,
    poolSize: parsed.VECTOR_STORE_POOL_SIZE,
    chunkSize: parsed.CHUNK_SIZE,
    chunkOverlap: parsed.CHUNK_OVERLAP,
  };
}

function describeError(error: ValidationError): string {
  const messages = Object.values(error.constraints ?? {}).join(', ');
  const raw = String(error.value);
  const shown = error.property.endsWith('_URL') ? redactDatabaseUrl(raw) : raw;
  return `${messages} (got "${shown}")`;
}

/**
 * The `vectorStore` configuration namespace. It has no `dimensions`: the app adds its embedding
 * provider's, e.g. `VectorStoreModule.forRootAsync({ inject: [vectorStoreConfig.KEY, EMBEDDING_PROVIDER],
 * useFactory: (config, provider) => ({ ...config, dimensions: provider.dimensions }) })`.
 */
export const vectorStoreConfig = registerAs('vectorStore', (): VectorStoreConfig => loadVectorStoreConfig());
