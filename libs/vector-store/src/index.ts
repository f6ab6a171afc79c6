export { VectorStoreModule } from './lib/vector-store.module';
export { VectorStore } from './lib/vector-store.service';
export { VectorStoreHealthIndicator } from './lib/vector-store.health';
export { registerVectorStore } from './lib/register-vector-store.util';
export {
  VECTOR_STORE_OPTIONS,
  VECTOR_STORE_DRIVER,
  VECTOR_STORE_ID,
  VECTOR_STORE_DEFAULTS,
  DEFAULT_VECTOR_STORE_PATH,
  IN_MEMORY_PATH,
  DEFAULT_TOP_K,
} from './lib/vector-store.constants';
export { vectorStoreConfig, loadVectorStoreConfig } from './lib/config/vector-store.config';
export { VectorStoreEnv } from './lib/config/vector-store.env';
export { PgDriver } from './lib/drivers/pg.driver';
export { PGliteDriver } from './lib/drivers/pglite.driver';
export { readStoreId } from './lib/store-id/read-store-id.util';
export { createSqlDriver } from './lib/drivers/create-sql-driver.util';
export { chunkText } from './lib/chunking/chunk-text.util';
export { computeContentHash } from './lib/utils/compute-content-hash.util';
export { toVectorLiteral } from './lib/utils/to-vector-literal.util';
export { VectorStoreError } from './lib/errors/vector-store.error';
export { InvalidVectorStoreConfigError } from './lib/errors/invalid-vector-store-config.error';
export { InvalidArgumentError } from './lib/errors/invalid-argument.error';
export { DimensionMismatchError } from './lib/errors/dimension-mismatch.error';
export { DataDirLockedError } from './lib/errors/data-dir-locked.error';
export { VectorStoreQueryError } from './lib/errors/vector-store-query.error';
export type { VectorStoreErrorCode } from './lib/errors/vector-store.error';
export type { VectorStoreModuleOptions } from './lib/interfaces/vector-store-module-options.interface';
export type { VectorStoreConfig } from './lib/interfaces/vector-store-config.interface';
export type { VectorModel } from './lib/interfaces/vector-model.interface';
export type { HnswOptions } from './lib/interfaces/hnsw-options.interface';
export type { SqlDriver } from './lib/interfaces/sql-driver.interface';
export type { SqlDriverKind } from './lib/interfaces/sql-driver-kind.interface';
export type { SqlExecutor } from './lib/interfaces/sql-executor.interface';
export type { SqlQueryResult } from './lib/interfaces/sql-query-result.interface';
export type { PgDriverOptions } from './lib/interfaces/pg-driver-options.interface';
export type { PGliteDriverOptions } from './lib/interfaces/pglite-driver-options.interface';
export type { UpsertDocumentInput } from './lib/interfaces/upsert-document-input.interface';
export type { ChunkInput } from './lib/interfaces/chunk-input.interface';
export type { DocumentKey } from './lib/interfaces/document-key.interface';
export type { DocumentRecord } from './lib/interfaces/document-record.interface';
export type { DocumentState } from './lib/interfaces/document-state.interface';
export type { DocumentMetadata } from './lib/interfaces/document-metadata.interface';
export type { SetDocumentStateInput } from './lib/interfaces/set-document-state-input.interface';
export type { SearchInput } from './lib/interfaces/search-input.interface';
export type { SearchResult } from './lib/interfaces/search-result.interface';
export type { MetadataFilter } from './lib/interfaces/metadata-filter.interface';
export type { ChunkingOptions } from './lib/interfaces/chunking-options.interface';
export type { ContentHashParams } from './lib/interfaces/content-hash-params.interface';
