import { waitFor } from './wait-for.util';

describe('waitFor', () => {
  it('resolves at once, without waiting an interval, when the condition already holds', async () => {
    const condition = jest.fn(() => true);
    const elapsed = await waitFor(condition, { intervalMs: 1_000 });
    expect(condition).toHaveBeenCalledTimes(1);
    expect(elapsed).toBeLessThan(500);
  });

  it('checks again every interval until the condition holds, sync or async, and resolves the time it took', async () => {
    const readyAt = performance.now() + 120;
    let checks = 0;
    const elapsed = await waitFor(async () => (checks += 1) > 0 && performance.now() >= readyAt, { intervalMs: 10, timeoutMs: 2_000 });
    expect(elapsed).toBeGreaterThanOrEqual(115);
    expect(elapsed).toBeLessThan(1_000);
    // About one check per 10 ms over 120 ms; timers may fire late, never early.
    expect(checks).toBeGreaterThanOrEqual(3);
    expect(checks).toBeLessThanOrEqual(14);
  });

  it('rejects after the timeout with the description, having checked one last time at the deadline', async () => {
    const started = performance.now();
    const checkedAt: number[] = [];
    const condition = (): boolean => (checkedAt.push(performance.now() - started), false);
    await expect(waitFor(condition, { timeoutMs: 100, intervalMs: 60, description: 'the lock to be released' })).rejects.toThrow(
      'the lock to be released not met within 100 ms',
    );
    // At 0, 60 and 100 ms: the last pause is shortened to the deadline (one more if a timer fires a hair early).
    expect(checkedAt.length).toBeGreaterThanOrEqual(3);
    expect(checkedAt.length).toBeLessThanOrEqual(4);
    expect(checkedAt[checkedAt.length - 1]).toBeGreaterThanOrEqual(95);
  });

  it('a condition that becomes true only at the deadline still resolves', async () => {
    const readyAt = performance.now() + 100;
    await expect(waitFor(() => performance.now() >= readyAt, { timeoutMs: 100, intervalMs: 1_000 })).resolves.toBeGreaterThanOrEqual(95);
  });

  it('passes on an error thrown by the condition at once instead of retrying', async () => {
    const condition = jest.fn(async () => {
      throw new Error('redis-cli failed');
    });
    await expect(waitFor(condition, { timeoutMs: 1_000 })).rejects.toThrow('redis-cli failed');
    expect(condition).toHaveBeenCalledTimes(1);
  });
});
