import type { ResolvedVectorStoreOptions } from '../config/resolve-options.util';
import type { SqlDriver } from '../interfaces/sql-driver.interface';
import { PgDriver } from './pg.driver';
import { PGliteDriver } from './pglite.driver';

/**
 * The driver the options ask for: `PgDriver` when `databaseUrl` is set, else `PGliteDriver` at
 * `path`. The caller owns it and must `close()` it.
 */
export async function createSqlDriver(options: Pick<ResolvedVectorStoreOptions, 'databaseUrl' | 'path' | 'poolSize'>): Promise<SqlDriver> {
  if (options.databaseUrl !== undefined) {
    return new PgDriver({ connectionString: options.databaseUrl, poolSize: options.poolSize });
  }
  return PGliteDriver.create({ dataDir: options.path });
}
