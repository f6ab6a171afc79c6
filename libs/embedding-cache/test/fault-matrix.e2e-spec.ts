import { Logger } from '@nestjs/common';
import { answersPing, redisCli, startRedisServer, startTcpProxy, waitFor } from '@rag/test-utils';
import type { TcpProxy, TestRedisServer } from '@rag/test-utils';
import type { EmbeddingCacheService } from '../src/lib/embedding-cache.service';
import { createCache } from './support/create-cache';
import type { CacheInstance } from './support/create-cache';
import { sleep, timed, UnhandledRejections } from './support/fault-helpers';

/**
 * The fault matrix of docs/operations.md: for each fault, every cache call keeps resolving (a
 * miss or a skipped write, never an exception), the worst time to that miss is bounded, and
 * the time to recover once the fault ends is measured. The table is printed at the end.
 * Over 250 lines on purpose: the matrix is one table of faults; split, its gaps would not show.
 */

const MODEL = 'fault-model';
const KEY_TEXT = 'written before the fault';
const VECTOR = [0.25, -0.5, 0.125];
const TIMEOUT_MS = 50;
/** Generous bounds for a busy 2-core CI machine; the measured figures are far lower. */
const WORST_MISS_BOUND_MS = 300;
const RECOVERY_BOUND_MS = 5_000;

interface Row {
  fault: string;
  worstMissMs: number;
  worstComputeMs: number;
  calls: number;
  recoverMs: number;
  note: string;
}

const rows: Row[] = [];
const unhandled = new UnhandledRejections();

/** Cache options of every row: the defaults apps run with, a fast probe. */
const CACHE_OPTIONS = { prefix: 'fm', timeoutMs: TIMEOUT_MS, breakerThreshold: 3, probeIntervalMs: 100 };

/**
 * Calls the cache for `durationMs` while the fault lasts: `op` (a lookup by default) and a
 * `getOrCompute` of a fresh text, recording the worst latency of each. Every call must resolve.
 */
async function underFault(
  cache: EmbeddingCacheService,
  durationMs: number,
  op: () => Promise<unknown> = () => cache.get(MODEL, KEY_TEXT),
): Promise<{ worstMissMs: number; worstComputeMs: number; calls: number; results: unknown[] }> {
  const compute = async (texts: string[]) => texts.map(() => [1, 2, 3]);
  const started = performance.now();
  const results: unknown[] = [];
  let worstMissMs = 0;
  let worstComputeMs = 0;
  let calls = 0;
  while (performance.now() - started < durationMs) {
    const lookup = await timed(op);
    results.push(lookup.value);
    worstMissMs = Math.max(worstMissMs, lookup.ms);
    const computed = await timed(() => cache.getOrCompute(MODEL, [`fresh ${calls} ${started}`], compute));
    expect(computed.value).toEqual([new Float32Array([1, 2, 3])]);
    worstComputeMs = Math.max(worstComputeMs, computed.ms);
    calls += 2;
    // Pacing, not synchronisation: a steady stream of calls for as long as the fault lasts.
    await sleep(10);
  }
  return { worstMissMs, worstComputeMs, calls, results };
}

/** Milliseconds until `check` holds, polling every 20 ms (recovery time after a fault ends). */
function recovery(check: () => Promise<boolean>, boundMs = RECOVERY_BOUND_MS * 2): Promise<number> {
  return waitFor(check, { timeoutMs: boundMs });
}

const hitAgain = (cache: EmbeddingCacheService) => async () => (await cache.get(MODEL, KEY_TEXT)) !== null;

function record(row: Row): void {
  rows.push(row);
  expect(row.worstMissMs).toBeLessThan(WORST_MISS_BOUND_MS);
  expect(row.worstComputeMs).toBeLessThan(WORST_MISS_BOUND_MS);
}

describe('fault matrix: every fault costs a miss, never an error or a stall', () => {
  let server: TestRedisServer | undefined;
  let proxy: TcpProxy | undefined;
  let instance: CacheInstance | undefined;
  let warn: jest.SpyInstance;

  /** A fresh server (AOF fsync always, so entries survive kill/restart) and cache per fault. */
  async function setUp(args: string[] = [], viaProxy = false): Promise<CacheInstance> {
    server = await startRedisServer({ args: ['--appendonly', 'yes', '--appendfsync', 'always', ...args] });
    if (viaProxy) proxy = await startTcpProxy(server.port);
    instance = await createCache(proxy?.url ?? server.url, CACHE_OPTIONS);
    // The set-up write is not under test: on a loaded machine one SET can miss the 50 ms budget
    // (seen once in ~965 tests: it resolved false), so it is retried until stored, within 5 s.
    const { cache } = instance;
    await waitFor(() => cache.set(MODEL, KEY_TEXT, VECTOR), { timeoutMs: 5_000, intervalMs: 50, description: 'the set-up write stored' });
    warn.mockClear();
    return instance;
  }

  beforeAll(() => unhandled.install());

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    await instance?.close();
    await proxy?.close();
    await server?.stop();
    instance = undefined;
    proxy = undefined;
    server = undefined;
    warn.mockRestore();
    unhandled.assertNone();
  });

  afterAll(() => {
    unhandled.uninstall();
    const lines = rows.map(
      (r) =>
        `| ${r.fault} | ${Math.round(r.worstMissMs)} | ${Math.round(r.worstComputeMs)} | ${r.calls} | ${Math.round(r.recoverMs)} | ${r.note} |`,
    );
    console.log(
      [
        `Fault matrix (timeout ${TIMEOUT_MS} ms, breaker after 3 failures, probe every 100 ms):`,
        '| fault | worst time to a miss (ms) | worst getOrCompute (ms) | calls during fault | time to recover (ms) | notes |',
        '|---|---|---|---|---|---|',
        ...lines,
      ].join('\n'),
    );
  });

  it('frozen server (SIGSTOP)', async () => {
    const { cache } = await setUp();
    server!.freeze();
    const during = await underFault(cache, 1_000);
    expect(during.results.every((r) => r === null)).toBe(true);
    expect(cache.stats().state).toBe('circuit_open');
    server!.resume();
    const recoverMs = await recovery(hitAgain(cache));
    record({ fault: 'frozen server (SIGSTOP)', ...during, recoverMs, note: 'timeouts open the breaker; the probe closes it' });
  });

  it('killed server (SIGKILL), restarted on the same port', async () => {
    const { cache } = await setUp();
    await server!.kill();
    const during = await underFault(cache, 1_000);
    expect(during.results.every((r) => r === null)).toBe(true);
    await server!.restart();
    const recoverMs = await recovery(hitAgain(cache));
    record({ fault: 'killed server (SIGKILL) + restart', ...during, recoverMs, note: 'recovery counted from the restart' });
  });

  it('restart (SHUTDOWN, then start again)', async () => {
    const { cache } = await setUp();
    await redisCli(server!.port, ['SHUTDOWN']).catch(() => undefined);
    const during = await underFault(cache, 500);
    expect(during.results.every((r) => r === null)).toBe(true);
    await server!.restart();
    const recoverMs = await recovery(hitAgain(cache));
    record({ fault: 'graceful restart (SHUTDOWN + start)', ...during, recoverMs, note: 'entries kept (AOF)' });
  });

  it('slow server (DEBUG SLEEP 1.5)', async () => {
    const { cache } = await setUp();
    const sleeping = redisCli(server!.port, ['DEBUG', 'SLEEP', '1.5']);
    // The fault starts when the server stops answering (it answers a PING in well under 1 ms otherwise).
    await waitFor(async () => !(await answersPing(server!.port, 100)), { timeoutMs: 1_000, intervalMs: 0, description: 'the server to fall asleep' });
    const during = await underFault(cache, 1_000);
    expect(during.results.every((r) => r === null)).toBe(true);
    await sleeping;
    const recoverMs = await recovery(hitAgain(cache));
    record({ fault: 'slow server (DEBUG SLEEP 1.5 s)', ...during, recoverMs, note: 'like a freeze, ends on its own' });
  });

  it('paused clients (CLIENT PAUSE 1500 ALL)', async () => {
    const { cache } = await setUp();
    await redisCli(server!.port, ['CLIENT', 'PAUSE', '1500', 'ALL']);
    const pausedAt = performance.now();
    const during = await underFault(cache, 1_000);
    expect(during.results.every((r) => r === null)).toBe(true);
    // Holding the fault to its end is the behaviour under test: recovery is counted from there.
    await sleep(Math.max(0, 1_500 - (performance.now() - pausedAt)));
    const recoverMs = await recovery(hitAgain(cache));
    record({ fault: 'paused server (CLIENT PAUSE 1500 ALL)', ...during, recoverMs, note: 'recovery counted from the pause end' });
  });

  it('TCP proxy adding 200 ms of latency (above the 50 ms timeout)', async () => {
    const { cache } = await setUp([], true);
    proxy!.setLatency(200);
    const during = await underFault(cache, 1_000);
    expect(during.results.every((r) => r === null)).toBe(true);
    proxy!.setLatency(0);
    const recoverMs = await recovery(hitAgain(cache));
    record({ fault: 'network latency 200 ms (proxy)', ...during, recoverMs, note: 'replies arrive too late: treated as a freeze' });
  });

  it('connection cut by the proxy (server still up)', async () => {
    const { cache } = await setUp([], true);
    proxy!.cut();
    const during = await underFault(cache, 300);
    const recoverMs = await recovery(hitAgain(cache));
    record({ fault: 'connection cut (reconnect allowed)', ...during, recoverMs, note: 'misses only until the reconnect' });
  });

  it('connection cut and refused (proxy stops listening)', async () => {
    const { cache } = await setUp([], true);
    await proxy!.refuse();
    const during = await underFault(cache, 1_000);
    expect(during.results.every((r) => r === null)).toBe(true);
    await proxy!.accept();
    const recoverMs = await recovery(hitAgain(cache));
    record({ fault: 'connection cut + refused', ...during, recoverMs, note: 'reconnect backoff ≤ 500 ms' });
  });

  it('a peer that accepts TCP but never answers', async () => {
    const { cache } = await setUp([], true);
    proxy!.setMode('blackhole');
    proxy!.cut();
    const during = await underFault(cache, 1_500);
    expect(during.results.every((r) => r === null)).toBe(true);
    expect(cache.enabled()).toBe(false);
    proxy!.setMode('forward');
    const recoverMs = await recovery(hitAgain(cache));
    record({
      fault: 'accepts TCP, never answers (proxy black hole)',
      ...during,
      recoverMs,
      note: 'never ready, so calls skip Redis; a connection not ready within 1 s is recycled',
    });
    expect(recoverMs).toBeLessThan(RECOVERY_BOUND_MS);
  });

  it('error replies: OOM under maxmemory + noeviction', async () => {
    const { cache } = await setUp(['--maxmemory', '4mb', '--maxmemory-policy', 'noeviction']);
    await redisCli(server!.port, ['DEBUG', 'POPULATE', '5000', 'filler', '1000']);
    const during = await underFault(cache, 500, () => cache.set(MODEL, 'rejected write', VECTOR));
    expect(during.results.every((r) => r === false)).toBe(true);
    // Reads still work, and error replies never open the breaker: the server answers promptly.
    await expect(cache.get(MODEL, KEY_TEXT)).resolves.toEqual(new Float32Array(VECTOR));
    expect(cache.stats().state).toBe('ready');
    const oomLines = warn.mock.calls.map(([m]) => String(m)).filter((m) => m.includes('OOM'));
    expect(oomLines.length).toBeGreaterThanOrEqual(1);
    expect(oomLines.length).toBeLessThanOrEqual(3);
    await redisCli(server!.port, ['CONFIG', 'SET', 'maxmemory', '0']);
    const recoverMs = await recovery(async () => cache.set(MODEL, 'accepted write', VECTOR));
    record({ fault: 'error replies: OOM (noeviction, full)', ...during, recoverMs, note: 'writes skipped, reads served; one log line per error code' });
  });

  it('error replies: ACL without permission for the commands (NOPERM)', async () => {
    const acl = ['--user', 'cache', 'on', '>pw', '~*', '+ping', '+info', '--user', 'admin', 'on', '>admin', '~*', '&*', '+@all'];
    server = await startRedisServer({ args: [...acl, '--user', 'default', 'off'] });
    const admin = ['--no-auth-warning', '--user', 'admin', '--pass', 'admin'];
    instance = await createCache(`redis://cache:pw@127.0.0.1:${server.port}`, CACHE_OPTIONS);
    const { cache } = instance;
    await waitFor(async () => cache.enabled(), { timeoutMs: 3_000 });
    warn.mockClear();
    const during = await underFault(cache, 500);
    expect(during.results.every((r) => r === null)).toBe(true);
    expect(cache.stats().state).toBe('ready');
    expect(warn.mock.calls.map(([m]) => String(m)).filter((m) => m.includes('NOPERM')).length).toBeGreaterThanOrEqual(1);
    await redisCli(server.port, [...admin, 'ACL', 'SETUSER', 'cache', '+@all']);
    const recoverMs = await recovery(async () => cache.set(MODEL, KEY_TEXT, VECTOR));
    record({ fault: 'error replies: NOPERM (ACL denies GET/SET)', ...during, recoverMs, note: 'recovery counted from ACL SETUSER' });
  });

  it('error replies: wrong ACL password (WRONGPASS) — one log line, no password in it', async () => {
    const acl = ['--user', 'cache', 'on', '>right-password', '~*', '&*', '+@all', '--user', 'default', 'off'];
    server = await startRedisServer({ args: acl });
    const writer = await createCache(`redis://cache:right-password@127.0.0.1:${server.port}`, CACHE_OPTIONS);
    await expect(writer.cache.set(MODEL, KEY_TEXT, VECTOR)).resolves.toBe(true);
    await writer.close();
    warn.mockClear();
    instance = await createCache(`redis://cache:not-the-password@127.0.0.1:${server.port}`, CACHE_OPTIONS);
    const { cache } = instance;
    const during = await underFault(cache, 1_000);
    expect(during.results.every((r) => r === null)).toBe(true);
    expect(cache.enabled()).toBe(false);
    const lines = warn.mock.calls.map(([m]) => String(m));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/WRONGPASS/);
    expect(lines[0]).not.toContain('not-the-password');
    await redisCli(server.port, ['--no-auth-warning', '--user', 'cache', '--pass', 'right-password', 'ACL', 'SETUSER', 'cache', '>not-the-password']);
    const recoverMs = await recovery(hitAgain(cache));
    record({ fault: 'wrong ACL password (WRONGPASS)', ...during, recoverMs, note: 'cache disabled, one warning; recovery from ACL SETUSER' });
  });
});
