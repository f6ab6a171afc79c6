import { mapWithConcurrency } from './map-with-concurrency.util';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapWithConcurrency', () => {
  it('keeps input order whatever the completion order', async () => {
    const result = await mapWithConcurrency([30, 5, 20, 1], 4, async (ms, i) => {
      await tick(ms);
      return i * 10;
    });
    expect(result).toEqual([0, 10, 20, 30]);
  });

  it('never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    await mapWithConcurrency(Array.from({ length: 12 }, (_, i) => i), 3, async () => {
      running++;
      peak = Math.max(peak, running);
      await tick(2);
      running--;
    });
    expect(peak).toBe(3);
  });

  it('rejects with the first error and starts nothing after it', async () => {
    const started: number[] = [];
    const failure = new Error('boom');
    await expect(
      mapWithConcurrency([0, 1, 2, 3, 4, 5], 2, async (item) => {
        started.push(item);
        await tick(1);
        if (item === 1) throw failure;
        return item;
      }),
    ).rejects.toBe(failure);
    await tick(10);
    expect(started.length).toBeLessThanOrEqual(3);
  });

  it('resolves an empty list to an empty list', async () => {
    await expect(mapWithConcurrency([], 4, async () => 1)).resolves.toEqual([]);
  });
});
