import { ProviderBusyError } from './provider-busy.error';
import { ProviderLimiter } from './provider-limiter';
import { loadProviderLimits } from './load-provider-limits.util';

/** A call that runs until `release()` is called. */
function gate() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { call: async () => done, release };
}

const cost = (chars = 10) => ({ texts: 1, chars });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ProviderLimiter', () => {
  afterEach(() => jest.useRealTimers());

  it('runs at most maxConcurrency calls at once and starts the waiting ones in order as slots free up', async () => {
    const limiter = new ProviderLimiter({ maxConcurrency: 2, maxQueue: 10, maxPendingChars: 1_000, maxWaitMs: 10_000 });
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) => limiter.run(cost(), async () => (started.push(i), g.call()), 'reject'));
    await tick();
    expect(started).toEqual([0, 1]);
    expect([limiter.running, limiter.waiting, limiter.pendingChars]).toEqual([2, 2, 40]);

    gates[1].release();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0].release();
    gates[2].release();
    gates[3].release();
    await Promise.all(runs);
    expect(started).toEqual([0, 1, 2, 3]);
    expect([limiter.running, limiter.waiting, limiter.pendingChars]).toEqual([0, 0, 0]);
  });

  it('refuses a request beyond the wait queue at once, without calling the provider, and advises Retry-After ≥ 1 s', async () => {
    const limiter = new ProviderLimiter({ maxConcurrency: 1, maxQueue: 1, maxPendingChars: 1_000, maxWaitMs: 10_000 });
    const g = gate();
    const running = limiter.run(cost(), g.call, 'reject');
    const queued = limiter.run(cost(), async () => 'second', 'reject');
    const call = jest.fn();

    const refused = limiter.run(cost(), call, 'reject');

    await expect(refused).rejects.toThrow(ProviderBusyError);
    await expect(refused).rejects.toMatchObject({ code: 'EMBEDDING_PROVIDER_BUSY', retryAfterSeconds: 1 });
    expect(call).not.toHaveBeenCalled();
    g.release();
    await expect(queued).resolves.toBe('second');
    await running;
  });

  it("refuses a request whose characters would exceed the pending bound, but runs a lone call larger than the bound", async () => {
    const limiter = new ProviderLimiter({ maxConcurrency: 4, maxQueue: 4, maxPendingChars: 100, maxWaitMs: 10_000 });
    const g = gate();
    const big = limiter.run(cost(150), g.call, 'reject');
    expect(limiter.pendingChars).toBe(150);

    await expect(limiter.run(cost(10), async () => 'x', 'reject')).rejects.toThrow(/100 characters/);
    g.release();
    await big;
    await expect(limiter.run(cost(60), async () => 'ok', 'reject')).resolves.toBe('ok');
    expect(limiter.pendingChars).toBe(0);
  });

  it('refuses a request that waited maxWaitMs for a slot, and frees its place', async () => {
    jest.useFakeTimers();
    const limiter = new ProviderLimiter({ maxConcurrency: 1, maxQueue: 5, maxPendingChars: 1_000, maxWaitMs: 500 });
    const g = gate();
    const running = limiter.run(cost(), g.call, 'reject');
    const waiting = limiter.run(cost(), async () => 'never', 'reject');
    const assertion = expect(waiting).rejects.toThrow(/within 500 ms/);

    jest.advanceTimersByTime(500);

    await assertion;
    expect([limiter.waiting, limiter.pendingChars]).toEqual([0, 10]);
    g.release();
    await running;
  });

  it('lets a job wait beyond every bound (never refused, never timed out) and still counts it against requests', async () => {
    jest.useFakeTimers();
    const limiter = new ProviderLimiter({ maxConcurrency: 1, maxQueue: 0, maxPendingChars: 1_000, maxWaitMs: 100 });
    const g = gate();
    const running = limiter.run(cost(), g.call, 'wait');
    const job = limiter.run(cost(5_000), async () => 'job done', 'wait');
    jest.advanceTimersByTime(60_000);
    expect(limiter.waiting).toBe(1);

    await expect(limiter.run(cost(), async () => 'request', 'reject')).rejects.toThrow(ProviderBusyError);
    g.release();
    await expect(job).resolves.toBe('job done');
    await running;
  });

  it('releases the slot and the characters when the call fails', async () => {
    const limiter = new ProviderLimiter({ maxConcurrency: 1, maxQueue: 0, maxPendingChars: 1_000, maxWaitMs: 100 });
    await expect(limiter.run(cost(), async () => Promise.reject(new Error('provider down')), 'reject')).rejects.toThrow('provider down');
    expect([limiter.running, limiter.pendingChars]).toEqual([0, 0]);
    await expect(limiter.run(cost(), async () => 'ok', 'reject')).resolves.toBe('ok');
  });

  it('advises a Retry-After from the queue ahead and the average call duration, at most 60 s', async () => {
    const limiter = new ProviderLimiter({ maxConcurrency: 1, maxQueue: 100, maxPendingChars: 1e9, maxWaitMs: 1e6 });
    const now = jest.spyOn(Date, 'now');
    now.mockReturnValue(0);
    const g = gate();
    const first = limiter.run(cost(), g.call, 'reject');
    await tick();
    now.mockReturnValue(4_000);
    g.release();
    await first;
    now.mockRestore();
    // One 4 s call on average, one slot: a refused call waits for itself alone → 4 s.
    expect(limiter.retryAfterSeconds()).toBe(4);
    const gates = Array.from({ length: 30 }, gate);
    const runs = gates.map((each) => limiter.run(cost(), each.call, 'reject'));
    expect(limiter.retryAfterSeconds()).toBe(60);
    gates.forEach((each) => each.release());
    await Promise.all(runs);
  });
});

describe('loadProviderLimits', () => {
  it('has documented defaults', () => {
    expect(loadProviderLimits({})).toEqual({ maxConcurrency: 8, maxQueue: 64, maxPendingChars: 48_000_000, maxWaitMs: 10_000 });
  });

  it('reads the variables', () => {
    expect(
      loadProviderLimits({
        EMBEDDING_PROVIDER_MAX_CONCURRENCY: '2',
        EMBEDDING_PROVIDER_MAX_QUEUE: '0',
        EMBEDDING_PROVIDER_MAX_PENDING_CHARS: '5000',
        EMBEDDING_PROVIDER_MAX_WAIT_MS: '250',
      }),
    ).toEqual({ maxConcurrency: 2, maxQueue: 0, maxPendingChars: 5_000, maxWaitMs: 250 });
  });

  it('fails naming every bad variable', () => {
    expect(() => loadProviderLimits({ EMBEDDING_PROVIDER_MAX_CONCURRENCY: '0', EMBEDDING_PROVIDER_MAX_WAIT_MS: 'soon' })).toThrow(
      /EMBEDDING_PROVIDER_MAX_CONCURRENCY must be an integer from 1 to 1024 \(got "0"\).*EMBEDDING_PROVIDER_MAX_WAIT_MS must be an integer/,
    );
  });
});
