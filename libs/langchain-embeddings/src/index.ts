export { RedisCacheBackedEmbeddings } from './lib/redis-cache-backed.embeddings';
export { InvalidCacheBackedEmbeddingsOptionsError } from './lib/errors/invalid-cache-backed-embeddings-options.error';
export type {
  EmbeddingCacheLike,
  RedisCacheBackedEmbeddingsOptions,
} from './lib/interfaces/redis-cache-backed-embeddings-options.interface';
