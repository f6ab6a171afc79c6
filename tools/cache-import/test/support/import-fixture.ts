import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLegacyFixture } from './legacy-file';
import type { LegacyFixture } from './legacy-file';

/** Key prefix the cache:import e2e specs import under. */
export const PREFIX = 'legacy_e2e';

/** `REDIS_EMBEDDING_CACHE_TTL_DAYS` of the cache:import e2e specs. */
export const TTL_DAYS = 2;

/** A temporary directory holding the small legacy fixture as `llamaindex_cache.json`. */
export interface ImportFixture {
  /** The directory; other files of a spec (truncated copies, certificates) go here too. */
  readonly dir: string;
  /** What the fixture file holds. */
  readonly fixture: LegacyFixture;
  /** Path of the fixture file. */
  readonly fixturePath: string;
  /** `<prefix>:<key>` of every valid entry, sorted: the keys a complete import writes. */
  expectedKeys(): string[];
  /** Deletes the directory. */
  remove(): void;
}

/** Writes the legacy fixture into a new temporary directory. */
export function createImportFixture(): ImportFixture {
  const dir = mkdtempSync(join(tmpdir(), 'cache-import-e2e-'));
  const fixture = buildLegacyFixture();
  const fixturePath = join(dir, 'llamaindex_cache.json');
  writeFileSync(fixturePath, fixture.json);
  return {
    dir,
    fixture,
    fixturePath,
    expectedKeys: () => fixture.valid.map((v) => `${PREFIX}:${v.key}`).sort(),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
