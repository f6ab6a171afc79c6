import { Registry } from 'prom-client';
import { EmbeddingCacheMetrics } from '../embedding-cache.metrics';
import { L1Tier } from './l1-tier';

/** An L1 with a clock the test moves, vouched for at time 0 by a healthy invalidation channel. */
function l1With(options: { maxMb?: number; maxStaleMs?: number } = {}): { l1: L1Tier; registry: Registry; clock: { now: number } } {
  const registry = new Registry();
  const clock = { now: 0 };
  const l1 = new L1Tier(
    { maxMb: options.maxMb ?? 1, ttlSeconds: 60, maxStaleMs: options.maxStaleMs ?? 1_000, now: () => clock.now },
    new EmbeddingCacheMetrics({ registry }),
  );
  l1.vouch(0);
  return { l1, registry, clock };
}

/** Fills `key` as a read from Redis would: begin, keep, end. */
function fill(l1: L1Tier, key: string, vector: Float32Array): void {
  const read = l1.beginRead();
  l1.keep(read, key, vector);
  l1.endRead(read);
}

describe('L1Tier', () => {
  it('keeps a private copy: neither the reader of Redis nor a reader of L1 can alter what others read', () => {
    const { l1 } = l1With();
    const fromRedis = new Float32Array([1, 2, 3]);
    fill(l1, 'k', fromRedis);
    fromRedis[0] = 99;

    const read = l1.read('k') as Float32Array;
    read[1] = 99;

    expect(Array.from(l1.read('k') as Float32Array)).toEqual([1, 2, 3]);
    expect(l1.read('missing')).toBeUndefined();
  });

  it('is bounded by bytes (vector + key + ~150 bytes per entry), evicting the least recently used', () => {
    const { l1 } = l1With();
    const vector = new Float32Array(1024); // 4 KiB: about 250 entries fit in 1 MiB
    for (let i = 0; i < 300; i += 1) fill(l1, `key-${i}`, vector);

    expect(l1.bytes).toBeLessThanOrEqual(1024 * 1024);
    // 1 MiB / (4096 + 7 + 150) bytes per entry ≈ 246 entries.
    expect(l1.entries).toBeGreaterThanOrEqual(245);
    expect(l1.entries).toBeLessThanOrEqual(247);
    expect(l1.read('key-0')).toBeUndefined();
    expect(l1.read('key-299')).toBeDefined();
  });

  describe('coherence with Redis', () => {
    it('an invalidation that arrives while a read of the key is in flight: the stale reply is not kept', () => {
      const { l1 } = l1With();
      const read = l1.beginRead();
      l1.invalidate(['k']);
      l1.keep(read, 'k', new Float32Array([1]));
      l1.endRead(read);

      expect(l1.read('k')).toBeUndefined();
      expect(l1.entries).toBe(0);
    });

    it('the other keys of that read are kept, and a read begun after the invalidation is kept', () => {
      const { l1 } = l1With();
      const read = l1.beginRead();
      l1.invalidate(['k']);
      const later = l1.beginRead();
      l1.keep(read, 'other', new Float32Array([2]));
      l1.keep(later, 'k', new Float32Array([3]));
      l1.endRead(read);
      l1.endRead(later);

      expect(l1.read('other')).toEqual(new Float32Array([2]));
      expect(l1.read('k')).toEqual(new Float32Array([3]));
    });

    it('a flush while a read is in flight: nothing of that read is kept', () => {
      const { l1 } = l1With();
      fill(l1, 'old', new Float32Array([1]));
      const read = l1.beginRead();
      l1.flush('reconnect');
      l1.keep(read, 'k', new Float32Array([1]));
      l1.endRead(read);

      expect([l1.entries, l1.bytes]).toEqual([0, 0]);
    });

    it('invalidate drops the named keys only; flush drops everything; both are counted', async () => {
      const { l1, registry } = l1With();
      fill(l1, 'a', new Float32Array([1]));
      fill(l1, 'b', new Float32Array([2]));

      l1.invalidate(['a', 'not cached']);
      expect(l1.read('a')).toBeUndefined();
      expect(l1.read('b')).toEqual(new Float32Array([2]));

      l1.flush('redis_flush');
      l1.flush('clear');
      expect(l1.entries).toBe(0);
      const text = await registry.metrics();
      expect(text).toMatch(/embedding_cache_l1_invalidations_total 2/);
      expect(text).toMatch(/embedding_cache_l1_flushes_total\{reason="redis_flush"} 1/);
      expect(text).toMatch(/embedding_cache_l1_flushes_total\{reason="clear"} 1/);
    });

    it("forget (this process's own write) drops the key and refuses a read of it in flight, without counting an invalidation", async () => {
      const { l1, registry } = l1With();
      fill(l1, 'k', new Float32Array([1]));
      const read = l1.beginRead();
      l1.forget(['k']);
      l1.keep(read, 'k', new Float32Array([1]));
      l1.endRead(read);

      expect(l1.read('k')).toBeUndefined();
      expect(await registry.metrics()).toMatch(/embedding_cache_l1_invalidations_total 0/);
    });
  });

  describe('while the invalidation channel does not vouch for it', () => {
    it('serves an entry as long as the channel vouched for it within maxStaleMs', () => {
      const { l1, clock } = l1With({ maxStaleMs: 1_000 });
      fill(l1, 'k', new Float32Array([1]));
      clock.now = 60_000;
      l1.vouch(59_500);

      expect(l1.read('k')).toEqual(new Float32Array([1]));
    });

    it('serves no entry older than maxStaleMs once the channel stops vouching, and serves it again when it vouches', () => {
      const { l1, clock } = l1With({ maxStaleMs: 1_000 });
      fill(l1, 'k', new Float32Array([1]));

      clock.now = 1_000;
      expect(l1.read('k')).toEqual(new Float32Array([1]));
      clock.now = 1_001;
      expect(l1.read('k')).toBeUndefined();

      l1.vouch(1_001);
      expect(l1.read('k')).toEqual(new Float32Array([1]));
    });

    it("an entry's age counts from the start of the read that fetched it, not from its reply", () => {
      const { l1, clock } = l1With({ maxStaleMs: 1_000 });
      l1.vouch(-Infinity);
      clock.now = 5_000;
      const read = l1.beginRead();
      clock.now = 5_300;
      l1.keep(read, 'k', new Float32Array([1]));
      l1.endRead(read);

      clock.now = 6_000;
      expect(l1.read('k')).toBeDefined();
      clock.now = 6_001;
      expect(l1.read('k')).toBeUndefined();
    });
  });
});
