export { InMemoryEmbeddingCache } from './testing/in-memory-embedding-cache';
