import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { PGliteDriver } from '../src/lib/drivers/pglite.driver';
import { DataDirLockedError } from '../src/lib/errors/data-dir-locked.error';
import { VectorStore } from '../src/lib/vector-store.service';
import { describeVectorStoreContract } from './support/vector-store-contract';
import { axis } from './support/vectors';

describeVectorStoreContract('PGliteDriver in-process (in memory)', {
  open: () => PGliteDriver.create({ dataDir: 'memory://' }),
  close: (driver) => driver.close(),
});

describe('PGliteDriver with a data directory', () => {
  let root: string;

  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    root = mkdtempSync(join(tmpdir(), 'vector-store-pglite-'));
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    jest.restoreAllMocks();
  });

  it('creates a missing directory and keeps the data across close and reopen', async () => {
    const dataDir = join(root, 'nested', 'pglite');
    const first = await PGliteDriver.create({ dataDir });
    expect(first).toMatchObject({ dataDir, location: dataDir, kind: 'pglite' });
    const store = new VectorStore(first, { dimensions: 4 });
    await store.upsertDocument({ id: 'persisted', contentHash: 'h', metadata: { a: 1 }, chunks: [{ text: 'still here', embedding: axis(4, 1) }] });
    await first.close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);

    const second = await PGliteDriver.create({ dataDir });
    try {
      const reopened = new VectorStore(second, { dimensions: 4 });
      await expect(reopened.getDocument({ id: 'persisted' })).resolves.toMatchObject({ contentHash: 'h', chunkCount: 1, metadata: { a: 1 } });
      await expect(reopened.search({ embedding: axis(4, 1) })).resolves.toEqual([
        expect.objectContaining({ documentId: 'persisted', text: 'still here', score: expect.closeTo(1, 5) }),
      ]);
    } finally {
      await second.close();
    }
  });

  it('refuses to open a data directory that is already open, until it is closed', async () => {
    const dataDir = join(root, 'locked');
    const first = await PGliteDriver.create({ dataDir });
    await expect(PGliteDriver.create({ dataDir })).rejects.toThrow(DataDirLockedError);
    await first.close();
    await first.close();
    const second = await PGliteDriver.create({ dataDir });
    await second.close();
  });
});
