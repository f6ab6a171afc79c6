// Over 250 lines on purpose: the unit spec of the cache facade's whole public API, one describe
// per method, over one mocked client.
import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { RedisService } from '@liaoliaots/nestjs-redis';
import { Registry } from 'prom-client';
import { EMBEDDING_CACHE_OPTIONS } from './embedding-cache.constants';
import { EmbeddingCacheMetrics } from './embedding-cache.metrics';
import { EmbeddingCacheService } from './embedding-cache.service';
import { InvalidArgumentError } from './errors/invalid-argument.error';
import { InvalidVectorError } from './errors/invalid-vector.error';
import { RedisClientMissingError } from './errors/redis-client-missing.error';
import type { EmbeddingCacheModuleOptions } from './interfaces/embedding-cache-options.interface';
import { encodeVector } from './utils/encode-vector.util';

/** A stand-in for the ioredis client: an EventEmitter with a status and jest.fn commands. */
class MockRedis extends EventEmitter {
  status = 'ready';
  getBuffer = jest.fn();
  mgetBuffer = jest.fn();
  set = jest.fn();
  expire = jest.fn();
  scan = jest.fn();
  unlink = jest.fn();
  ping = jest.fn();
  eval = jest.fn();
  pipelineSet = jest.fn();
  pipelineExec = jest.fn();
  pipeline = jest.fn(() => {
    const pipeline = { set: (...args: unknown[]) => (this.pipelineSet(...args), pipeline), exec: () => this.pipelineExec() };
    return pipeline;
  });
}

async function createService(client: MockRedis | undefined, options: EmbeddingCacheModuleOptions = {}) {
  const redisService = { getOrThrow: jest.fn(() => client) };
  const moduleRef = await Test.createTestingModule({
    providers: [
      EmbeddingCacheService,
      EmbeddingCacheMetrics,
      { provide: EMBEDDING_CACHE_OPTIONS, useValue: { registry: new Registry(), connectWaitMs: 0, l1MaxMb: 0, ...options } },
      { provide: RedisService, useValue: redisService },
    ],
  }).compile();
  return { service: moduleRef.get(EmbeddingCacheService), redisService, moduleRef };
}

describe('EmbeddingCacheService (unit, mocked Redis)', () => {
  let client: MockRedis;

  beforeEach(() => {
    client = new MockRedis();
  });

  describe('connection failures', () => {
    it('is disabled and serves misses without calling Redis when the connection fails', async () => {
      client.status = 'connecting';
      const { service } = await createService(client);
      client.status = 'reconnecting';
      client.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6390'));
      client.emit('close');

      expect(service.enabled()).toBe(false);
      await expect(service.get('m', 'hello')).resolves.toBeNull();
      await expect(service.set('m', 'hello', [1, 2])).resolves.toBe(false);
      expect(client.getBuffer).not.toHaveBeenCalled();
      expect(client.set).not.toHaveBeenCalled();
      expect(service.stats()).toMatchObject({ state: 'connecting', errors: 2 });
    });

    it('names the credential settings, never the password, when Redis rejects them', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      try {
        client.status = 'connecting';
        await createService(client);
        client.emit('error', new Error('WRONGPASS invalid username-password pair or user is disabled.'));
        client.emit('close');
        client.emit('error', new Error('WRONGPASS invalid username-password pair or user is disabled.'));
        const lines = warn.mock.calls.map(([message]) => String(message));
        expect(lines).toEqual([expect.stringMatching(/^Embedding cache unavailable \(WRONGPASS .*REDIS_EMBEDDING_CACHE_PASSWORD/)]);
      } finally {
        warn.mockRestore();
      }
    });

    it('recycles a connection that never becomes ready (a peer that accepts and never answers)', async () => {
      const disconnect = jest.fn();
      Object.assign(client, { disconnect, status: 'connecting' });
      await createService(client, { timeoutMs: 50 });
      jest.useFakeTimers();
      try {
        client.status = 'connect';
        client.emit('connect');
        jest.advanceTimersByTime(999);
        expect(disconnect).not.toHaveBeenCalled();
        jest.advanceTimersByTime(1);
        expect(disconnect).toHaveBeenCalledWith(true);

        client.emit('connect');
        client.status = 'ready';
        client.emit('ready');
        jest.advanceTimersByTime(5_000);
        expect(disconnect).toHaveBeenCalledTimes(1);
      } finally {
        jest.useRealTimers();
      }
    });

    it('is enabled again once the client emits ready', async () => {
      client.status = 'reconnecting';
      const { service } = await createService(client);
      expect(service.enabled()).toBe(false);
      client.status = 'ready';
      client.emit('ready');
      expect(service.enabled()).toBe(true);
    });

    it('needs no client when disabled by configuration', async () => {
      const { service, redisService } = await createService(undefined, { enabled: false });
      expect(redisService.getOrThrow).not.toHaveBeenCalled();
      expect(service.enabled()).toBe(false);
      expect(service.stats().state).toBe('disabled');
      await expect(service.getOrCompute('m', ['a'], async () => [[1]])).resolves.toEqual([new Float32Array([1])]);
    });

    it('fails at boot, naming the namespace, when enabled without a registered client', async () => {
      const create = Test.createTestingModule({
        providers: [
          EmbeddingCacheService,
          EmbeddingCacheMetrics,
          { provide: EMBEDDING_CACHE_OPTIONS, useValue: { registry: new Registry() } },
          {
            provide: RedisService,
            useValue: { getOrThrow: () => { throw new Error('not found'); } },
          },
        ],
      }).compile();
      await expect(create).rejects.toThrow(RedisClientMissingError);
      await expect(create).rejects.toThrow(/"embedding-cache"/);
    });
  });

  describe('writes', () => {
    it('set sends one SET key value EX <days·86400> and no EXPIRE', async () => {
      client.set.mockResolvedValue('OK');
      const { service } = await createService(client, { ttlSeconds: 7 * 86_400 });

      await expect(service.set('m', 'hello', [0.5, 0.25])).resolves.toBe(true);

      expect(client.set).toHaveBeenCalledTimes(1);
      const [key, value, ex, ttl] = client.set.mock.calls[0];
      expect(key).toBe(service.makeKey('m', 'hello'));
      expect(value).toEqual(encodeVector([0.5, 0.25]));
      expect([ex, ttl]).toEqual(['EX', 604_800]);
      expect(client.expire).not.toHaveBeenCalled();
    });

    it('setMany sends one pipeline of SET … EX', async () => {
      client.pipelineExec.mockResolvedValue([[null, 'OK'], [null, 'OK']]);
      const { service } = await createService(client);
      await expect(service.setMany('m', [{ text: 'a', vector: [1] }, { text: 'b', vector: [2] }])).resolves.toBe(2);
      expect(client.pipeline).toHaveBeenCalledTimes(1);
      expect(client.pipelineSet.mock.calls.map((call) => call.slice(2))).toEqual([['EX', 2_592_000], ['EX', 2_592_000]]);
      expect(client.expire).not.toHaveBeenCalled();
    });

    it('rejects invalid vectors with a message naming the field', async () => {
      const { service } = await createService(client);
      await expect(service.set('m', 't', [])).rejects.toThrow(InvalidVectorError);
      await expect(service.set('m', 't', [1, Number.NaN])).rejects.toThrow('vector[1] must be a finite number');
      await expect(service.setMany('m', [{ text: 'a', vector: [1, Infinity] }])).rejects.toThrow(
        'entries[0].vector[1] must be a finite number',
      );
      await expect(service.get('m', 42 as unknown as string)).rejects.toThrow(InvalidArgumentError);
    });
  });

  describe('graceful degradation', () => {
    it('every method resolves, and nothing throws, when every Redis call rejects', async () => {
      const failure = new Error('READONLY or worse');
      for (const fn of [client.getBuffer, client.mgetBuffer, client.set, client.scan, client.unlink, client.ping, client.pipelineExec]) {
        fn.mockRejectedValue(failure);
      }
      const { service } = await createService(client, { breakerThreshold: 1_000 });
      const compute = jest.fn(async (texts: string[]) => texts.map(() => [1, 2, 3]));

      await expect(service.get('m', 'a')).resolves.toBeNull();
      await expect(service.set('m', 'a', [1])).resolves.toBe(false);
      await expect(service.getMany('m', ['a', 'b'])).resolves.toEqual([null, null]);
      await expect(service.setMany('m', [{ text: 'a', vector: [1] }])).resolves.toBe(0);
      await expect(service.getOrCompute('m', ['a', 'b'], compute)).resolves.toHaveLength(2);
      await expect(service.clear()).resolves.toBe(0);
      await expect(service.ping()).resolves.toMatchObject({ ok: false, reason: 'READONLY or worse' });
      expect(service.stats()).toMatchObject({ hits: 0, sets: 0 });
      expect(service.stats().errors).toBeGreaterThan(0);
      expect(compute).toHaveBeenCalledTimes(1);
    });

    it('opens the circuit after consecutive failures and then skips Redis entirely', async () => {
      client.getBuffer.mockRejectedValue(new Error('Connection is closed.'));
      const { service } = await createService(client, { breakerThreshold: 3 });
      for (let i = 0; i < 3; i += 1) await service.get('m', 'a');
      expect(service.stats().state).toBe('circuit_open');
      expect(service.enabled()).toBe(false);
      await service.get('m', 'a');
      expect(client.getBuffer).toHaveBeenCalledTimes(3);
    });

    it('a timed-out call resolves as a miss after the timeout', async () => {
      client.getBuffer.mockReturnValue(new Promise(() => undefined));
      const { service } = await createService(client, { timeoutMs: 20 });
      const started = Date.now();
      await expect(service.get('m', 'a')).resolves.toBeNull();
      expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    });
  });

  describe('reads', () => {
    it('counts a value in a foreign format as corrupt and returns null', async () => {
      client.getBuffer.mockResolvedValue(Buffer.from('[0.1, 0.2]'));
      const { service } = await createService(client);
      await expect(service.get('m', 'a')).resolves.toBeNull();
      expect(service.stats()).toMatchObject({ corrupt: 1, hits: 0 });
    });

    it('getMany treats a value whose dims differ from the rest of the batch as corrupt', async () => {
      client.mgetBuffer.mockResolvedValue([encodeVector([1, 2]), encodeVector([3]), encodeVector([5, 6]), null]);
      const { service } = await createService(client);
      const result = await service.getMany('m', ['a', 'b', 'c', 'd']);
      expect(result.map((v) => (v ? Array.from(v) : null))).toEqual([[1, 2], null, [5, 6], null]);
      expect(service.stats()).toMatchObject({ hits: 2, corrupt: 1, misses: 1 });
    });
  });

  describe('getOrCompute', () => {
    it('passes compute errors to the caller and caches nothing', async () => {
      client.mgetBuffer.mockResolvedValue([null]);
      const { service } = await createService(client);
      await expect(service.getOrCompute('m', ['a'], async () => Promise.reject(new Error('provider 500')))).rejects.toThrow(
        'provider 500',
      );
      const writes = client.pipelineSet.mock.calls.filter((call) => call.includes('EX'));
      expect(writes).toEqual([]);
      expect(client.set).not.toHaveBeenCalled();
    });

    it('after a lookup that timed out, the caller pays no second deadline: no fleet lock, write-back behind it', async () => {
      client.mgetBuffer.mockReturnValue(new Promise(() => undefined));
      client.pipelineExec.mockReturnValue(new Promise(() => undefined));
      const { service } = await createService(client, { timeoutMs: 100, breakerThreshold: 100 });
      const compute = jest.fn(async (texts: string[]) => texts.map(() => [1]));

      const started = performance.now();
      await expect(service.getOrCompute('m', ['a', 'b'], compute)).resolves.toEqual([new Float32Array([1]), new Float32Array([1])]);
      const elapsed = performance.now() - started;

      expect(elapsed).toBeGreaterThanOrEqual(90);
      // One deadline (100 ms), not three (lookup, lock, write): generous for a busy machine.
      expect(elapsed).toBeLessThan(250);
      expect(client.pipelineSet.mock.calls.filter((call) => call.includes('NX'))).toEqual([]);
      expect(client.pipelineSet.mock.calls.filter((call) => call.includes('EX'))).toHaveLength(2);
    });

    it('computes nothing when the value arrived between the lookup and taking the lock (double-checked locking)', async () => {
      // The lookup misses; another process then writes the value and releases its lock; our SET NX succeeds.
      client.mgetBuffer.mockResolvedValueOnce([null]).mockResolvedValueOnce([encodeVector([7, 8])]);
      client.pipelineExec.mockResolvedValue([[null, 'OK']]);
      client.eval.mockResolvedValue(1);
      const { service } = await createService(client);
      const compute = jest.fn(async (texts: string[]) => texts.map(() => [1, 1]));

      const result = await service.getOrComputeDetailed('m', ['arrived'], compute);

      expect(compute).not.toHaveBeenCalled();
      expect(result.vectors).toEqual([new Float32Array([7, 8])]);
      expect(result.computed).toBe(0);
      expect(client.pipelineSet.mock.calls.filter((call) => call.includes('NX'))).toHaveLength(1);
      expect(client.eval).toHaveBeenCalledTimes(1); // the lock is released all the same
    });

    it('rejects a compute result of the wrong length or mixed dims', async () => {
      client.mgetBuffer.mockResolvedValue([null, null]);
      const { service } = await createService(client);
      await expect(service.getOrCompute('m', ['a', 'b'], async () => [[1]])).rejects.toThrow(
        'compute must return one vector per text: expected 2, got 1',
      );
      await expect(service.getOrCompute('m', ['a', 'b'], async () => [[1], [1, 2]])).rejects.toThrow(
        'compute()[1] has 2 dimensions, expected 1',
      );
    });
  });
});
