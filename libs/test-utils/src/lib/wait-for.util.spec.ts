import { waitFor } from './wait-for.util';

/**
 * On Jest's fake clock (timers and `performance.now`): the checks happen at exactly the times the
 * contract gives, whatever the machine's load. On real timers this spec failed under
 * `stress-ng --cpu 1` whenever a timer fired late (a 60 ms pause that ended after the 100 ms
 * deadline left 2 checks where 3 were expected).
 */
describe('waitFor', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves at once, without waiting an interval, when the condition already holds', async () => {
    const condition = jest.fn(() => true);
    await expect(waitFor(condition, { intervalMs: 1_000 })).resolves.toBe(0);
    expect(condition).toHaveBeenCalledTimes(1);
  });

  it('checks again every interval until the condition holds, sync or async, and resolves the time it took', async () => {
    const readyAt = performance.now() + 120;
    const checkedAt: number[] = [];
    const started = performance.now();
    const waiting = waitFor(async () => (checkedAt.push(performance.now() - started), performance.now() >= readyAt), { intervalMs: 10, timeoutMs: 2_000 });
    await jest.advanceTimersByTimeAsync(120);
    await expect(waiting).resolves.toBe(120);
    expect(checkedAt).toEqual(Array.from({ length: 13 }, (_, i) => i * 10));
  });

  it('rejects after the timeout with the description, having checked one last time at the deadline', async () => {
    const started = performance.now();
    const checkedAt: number[] = [];
    const condition = (): boolean => (checkedAt.push(performance.now() - started), false);
    const waiting = waitFor(condition, { timeoutMs: 100, intervalMs: 60, description: 'the lock to be released' });
    const rejected = expect(waiting).rejects.toThrow('the lock to be released not met within 100 ms');
    await jest.advanceTimersByTimeAsync(100);
    await rejected;
    // At 0 and 60 ms, then at the deadline: the last pause is shortened to it.
    expect(checkedAt).toEqual([0, 60, 100]);
  });

  it('a condition that becomes true only at the deadline still resolves', async () => {
    const readyAt = performance.now() + 100;
    const waiting = waitFor(() => performance.now() >= readyAt, { timeoutMs: 100, intervalMs: 1_000 });
    await jest.advanceTimersByTimeAsync(100);
    await expect(waiting).resolves.toBe(100);
  });

  it('passes on an error thrown by the condition at once instead of retrying', async () => {
    const condition = jest.fn(async () => {
      throw new Error('redis-cli failed');
    });
    await expect(waitFor(condition, { timeoutMs: 1_000 })).rejects.toThrow('redis-cli failed');
    expect(condition).toHaveBeenCalledTimes(1);
  });
});
