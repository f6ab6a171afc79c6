import { randomUUID } from 'node:crypto';
import type { SqlDriver } from '../interfaces/sql-driver.interface';

/** Advisory lock key serialising the creation of the store id between processes booting at once ('vsid'). */
const STORE_ID_LOCK_KEY = 0x76_73_69_64;

/**
 * The store's id: a random UUID created once, with its table `"<schema>".store_info`, the first
 * time a process opens the store, and read back ever after. Every process on one database reads
 * the same id (a rag-api and its workers on one PostgreSQL), two embedded PGlite directories never
 * do, and a PGlite directory keeps its id across restarts. `schema` must exist and be a validated
 * identifier (the store's own, created by `VectorStore.init`).
 */
export async function readStoreId(driver: SqlDriver, schema: string): Promise<string> {
  const table = `"${schema}".store_info`;
  return driver.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${STORE_ID_LOCK_KEY})`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${table} (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        store_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    await tx.query(`INSERT INTO ${table} (store_id) VALUES ($1) ON CONFLICT (singleton) DO NOTHING`, [randomUUID()]);
    const { rows } = await tx.query<{ store_id: string }>(`SELECT store_id::text AS store_id FROM ${table}`);
    return rows[0].store_id;
  });
}
