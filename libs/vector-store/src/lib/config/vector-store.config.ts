import { registerAs } from '@nestjs/config';
import { loadEnv } from '@rag/config-kit';
import { InvalidVectorStoreConfigError } from '../errors/invalid-vector-store-config.error';
import type { VectorStoreConfig } from '../interfaces/vector-store-config.interface';
import { VectorStoreEnv } from './vector-store.env';

/**
 * Reads and validates the vector store's environment variables (see docs/vector-store.md,
 * "Configuration"). Throws `InvalidVectorStoreConfigError` naming every bad variable; empty values
 * count as unset; a password in `DATABASE_URL` is never repeated.
 */
export function loadVectorStoreConfig(env: NodeJS.ProcessEnv = process.env): VectorStoreConfig {
  const parsed = loadEnv(VectorStoreEnv, env, {
    onInvalid: (problems) => new InvalidVectorStoreConfigError(problems),
    check: ({ CHUNK_SIZE, CHUNK_OVERLAP }, problems) =>
      // The overlap is compared with the size only when both are valid integers.
      !problems.some((problem) => problem.startsWith('CHUNK_')) && CHUNK_OVERLAP >= CHUNK_SIZE
        ? [`CHUNK_OVERLAP must be less than CHUNK_SIZE (got CHUNK_OVERLAP=${CHUNK_OVERLAP}, CHUNK_SIZE=${CHUNK_SIZE})`]
        : [],
  });
  return {
    databaseUrl: parsed.DATABASE_URL,
    path: parsed.VECTOR_STORE_PATH,
    poolSize: parsed.VECTOR_STORE_POOL_SIZE,
    chunkSize: parsed.CHUNK_SIZE,
    chunkOverlap: parsed.CHUNK_OVERLAP,
  };
}

/**
 * The `vectorStore` configuration namespace. It has no `dimensions`: the app adds its embedding
 * provider's, e.g. `VectorStoreModule.forRootAsync({ inject: [vectorStoreConfig.KEY, EMBEDDING_PROVIDER],
 * useFactory: (config, provider) => ({ ...config, dimensions: provider.dimensions }) })`.
 */
export const vectorStoreConfig = registerAs('vectorStore', (): VectorStoreConfig => loadVectorStoreConfig());
