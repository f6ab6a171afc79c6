import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { startRedisServer } from '@rag/test-utils';
import type { TestRedisServer } from '@rag/test-utils';
import { decodeVector } from '../src/lib/utils/decode-vector.util';
import { vectorFor } from './support/create-cache';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');
const CLIENT = join(__dirname, 'fixtures', 'concurrent-client.ts');

interface ClientCounts {
  id: number;
  reads: number;
  hits: number;
  mismatches: number;
  computed: number;
  corrupt: number;
  errors: number;
}

describe('concurrent get/set from several OS processes', () => {
  let server: TestRedisServer;

  beforeAll(async () => {
    server = await startRedisServer();
  });

  afterAll(async () => {
    await server.stop();
  });

  it('4 processes with their own connections on overlapping keys read no corrupt or mixed-up vectors', async () => {
    const children = [0, 1, 2, 3].map((id) =>
      run(process.execPath, ['-r', '@swc-node/register', CLIENT], {
        cwd: ROOT,
        env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json'), REDIS_URL: server.url, CLIENT_ID: String(id), ROUNDS: '200' },
        timeout: 60_000,
      }),
    );
    const outputs = await Promise.all(children);
    const counts = outputs.map(({ stdout }) => JSON.parse(stdout.trim().split('\n').pop() as string) as ClientCounts);

    expect(counts.map((c) => c.id).sort()).toEqual([0, 1, 2, 3]);
    for (const c of counts) {
      expect(c).toMatchObject({ mismatches: 0, corrupt: 0, errors: 0 });
      expect(c.reads).toBeGreaterThan(1_000);
      expect(c.hits).toBeGreaterThan(c.reads / 2);
    }

    const raw = new Redis(server.url);
    try {
      const keys = await raw.keys('concurrent:*');
      expect(keys).toHaveLength(64);
      for (const key of keys) {
        const vector = decodeVector((await raw.getBuffer(key)) as Buffer);
        expect(vector).not.toBeNull();
        expect(vector).toHaveLength(256);
      }
      const sample = decodeVector((await raw.getBuffer(keys[0])) as Buffer) as Float32Array;
      const owners = Array.from({ length: 64 }, (_, i) => `shared text ${i}`).filter((text) => {
        const want = Float32Array.from(vectorFor(text, 256));
        return want.every((x, i) => x === sample[i]);
      });
      expect(owners).toHaveLength(1);
    } finally {
      raw.disconnect();
    }
  }, 90_000);
});
