import { DimensionMismatchError } from '../errors/dimension-mismatch.error';
import { InvalidArgumentError } from '../errors/invalid-argument.error';
import type { SearchInput } from '../interfaces/search-input.interface';
import type { SearchResult } from '../interfaces/search-result.interface';
import type { SearchRow } from '../interfaces/search-row.interface';
import type { VectorStoreContext } from '../interfaces/vector-store-context.interface';
import { resolveCollection } from '../utils/resolve-collection.util';
import { runQuery } from '../utils/run-query.util';
import { toJsonbFilter } from '../utils/to-jsonb-filter.util';
import { toVectorLiteral } from '../utils/to-vector-literal.util';
import { DEFAULT_TOP_K, OPTION_RANGES } from '../vector-store.constants';
import type { SchemaMigrator } from './schema-migrator';

/**
 * k-nearest-neighbour search by cosine distance (`VectorStore.search`), through the HNSW index
 * when the schema has one, in one statement that sets `ef_search` and iterative scans for itself. @internal
 */
export class VectorSearch {
  readonly #context: VectorStoreContext;
  readonly #schema: SchemaMigrator;

  constructor(context: VectorStoreContext, schema: SchemaMigrator) {
    this.#context = context;
    this.#schema = schema;
  }

  /** The `topK` chunks nearest to `input.embedding`, highest score first; `[]` for an unknown collection. */
  async search(input: SearchInput): Promise<SearchResult[]> {
    const { driver, sql, options, collections } = this.#context;
    const collection = resolveCollection(input.collection, options.defaultCollection);
    const topK = input.topK ?? DEFAULT_TOP_K;
    const [minK, maxK] = OPTION_RANGES.topK;
    if (!Number.isInteger(topK) || topK < minK || topK > maxK) {
      throw new InvalidArgumentError(`topK must be an integer from ${minK} to ${maxK} (got ${JSON.stringify(topK)})`);
    }
    const literal = toVectorLiteral(input.embedding, 'embedding');
    const filter = toJsonbFilter(input.filter);
    collections.check(collection, input.embedding.length, 'search');
    if (input.embedding.length !== options.dimensions) {
      throw new DimensionMismatchError(collection, options.dimensions, input.embedding.length, 'search');
    }
    await this.#context.ready();
    return runQuery('search', async () => {
      if (!(await collections.exists(driver, collection))) return [];
      collections.check(collection, options.dimensions, 'search');
      const { index, iterativeScan } = this.#schema;
      const statement = sql.search(index, filter !== undefined, iterativeScan, options.hnsw.exactScanMaxChunks);
      const params: unknown[] = filter === undefined ? [collection, literal, topK] : [collection, literal, topK, filter];
      // ef_search below k caps the result at ef_search rows (pgvector < 0.8 has no iterative scan to go on).
      if (index !== 'none') params.push(String(Math.max(options.hnsw.efSearch, topK)));
      const { rows } = await driver.query<SearchRow>(statement, params);
      return rows.map((row) => ({
        documentId: row.document_id,
        chunkId: `${row.document_id}#${row.ordinal}`,
        text: row.text,
        score: 1 - Number(row.distance),
        metadata: row.metadata,
      }));
    });
  }
}
