import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { CacheCounters } from '../cache-counters';
import { EmbeddingCacheMetrics } from '../embedding-cache.metrics';
import type { CacheClient } from '../interfaces/cache-client.interface';
import { encodeVector } from '../utils/encode-vector.util';
import { CacheConnection } from './cache-connection';
import { VectorCommands } from './vector-commands';

/** A standalone ioredis stand-in: ready, with jest.fn commands and a recording pipeline. */
class MockRedis extends EventEmitter {
  status = 'ready';
  mgetBuffer = jest.fn();
  scan = jest.fn();
  unlink = jest.fn();
  pipelineSet = jest.fn();
  pipeline = jest.fn(() => {
    const pipeline = {
      set: (...args: unknown[]) => (this.pipelineSet(...args), pipeline),
      exec: async () => this.pipelineSet.mock.calls.map(() => [null, 'OK']),
    };
    return pipeline;
  });
}

function setUp() {
  const client = new MockRedis();
  const logger = new Logger('EmbeddingCache');
  const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  const metrics = new EmbeddingCacheMetrics({ registry: new Registry() });
  const settings = { prefix: 'p', ttlSeconds: 60, timeoutMs: 50, breakerThreshold: 100, probeIntervalMs: 100, readyTimeoutMs: 1_000 };
  const connection = new CacheConnection(client as unknown as CacheClient, settings, logger, metrics);
  const counters = new CacheCounters(metrics);
  return { client, warn, counters, connection, vectors: new VectorCommands(connection, counters, settings, logger) };
}

describe('VectorCommands on a standalone Redis (mocked client)', () => {
  it('reads a batch with one MGET and counts hits, misses and corrupt values', async () => {
    const { client, counters, vectors, connection } = setUp();
    client.mgetBuffer.mockResolvedValue([encodeVector([1, 2]), null, Buffer.from('junk')]);

    const read = await vectors.read(['p:a', 'p:b', 'p:c']);

    expect(client.mgetBuffer).toHaveBeenCalledWith('p:a', 'p:b', 'p:c');
    expect(read).toEqual({ vectors: [new Float32Array([1, 2]), null, null], faulted: false });
    expect(counters.snapshot()).toMatchObject({ hits: 1, misses: 1, corrupt: 1, errors: 0 });
    connection.dispose();
  });

  it('writes each value under its own key with SET … EX, also when a key repeats', async () => {
    const { client, vectors, counters, connection } = setUp();
    const [first, second] = [encodeVector([1]), encodeVector([2])];

    await expect(vectors.write(['p:a', 'p:b', 'p:a'], [first, second, second])).resolves.toBe(3);

    expect(client.pipeline).toHaveBeenCalledTimes(1);
    expect(client.pipelineSet.mock.calls).toEqual([
      ['p:a', first, 'EX', 60],
      ['p:b', second, 'EX', 60],
      ['p:a', second, 'EX', 60],
    ]);
    expect(counters.snapshot().sets).toBe(3);
    connection.dispose();
  });

  it('clear pages through SCAN of the prefix and UNLINKs each page in one command', async () => {
    const { client, vectors, connection } = setUp();
    client.scan.mockResolvedValueOnce(['7', ['p:1', 'p:2']]).mockResolvedValueOnce(['0', ['p:3']]);
    client.unlink.mockResolvedValueOnce(2).mockResolvedValueOnce(1);

    await expect(vectors.clear()).resolves.toBe(3);

    expect(client.scan.mock.calls).toEqual([
      ['0', 'MATCH', 'p:*', 'COUNT', 1000],
      ['7', 'MATCH', 'p:*', 'COUNT', 1000],
    ]);
    expect(client.unlink.mock.calls).toEqual([['p:1', 'p:2'], ['p:3']]);
    connection.dispose();
  });

  it('clear stops at the first Redis fault, resolves what it deleted and says so once', async () => {
    const { client, vectors, warn, connection } = setUp();
    client.scan.mockResolvedValueOnce(['7', ['p:1']]).mockRejectedValueOnce(new Error('Connection is closed.'));
    client.unlink.mockResolvedValueOnce(1);

    await expect(vectors.clear()).resolves.toBe(1);

    expect(warn.mock.calls).toEqual([['Embedding cache clear interrupted by a Redis fault after deleting 1 keys']]);
    connection.dispose();
  });
});
