import { SingleFlight } from './single-flight';

describe('SingleFlight', () => {
  it('lets a later call share a key being computed, and forgets the key once resolved', async () => {
    const flights = new SingleFlight<number>();
    const flight = flights.start([{ key: 'a' }, { key: 'b' }]);
    const into: Array<number | undefined> = [];
    const waits: Array<Promise<void>> = [];

    const own = flights.share(['a', 'b', 'c'], [0, 1, 2], into, waits);
    flight.resolve('a', 1);
    flight.resolve('b', 2);
    await Promise.all(waits);

    expect(own).toEqual([2]);
    expect(into).toEqual([1, 2]);
    expect(flights.pending('a')).toBeUndefined();
  });

  it('passes a compute error to the calls sharing the keys it had not resolved', async () => {
    const flights = new SingleFlight<number>();
    const flight = flights.start([{ key: 'done' }, { key: 'failed' }]);
    const done = flights.pending('done');
    const failed = flights.pending('failed');

    flight.resolve('done', 7);
    flight.reject(new Error('provider 500'));

    await expect(done).resolves.toBe(7);
    await expect(failed).rejects.toThrow('provider 500');
    expect(flights.pending('failed')).toBeUndefined();
  });

  it('leaves alone a later call computing a key this flight already resolved', async () => {
    const flights = new SingleFlight<number>();
    const first = flights.start([{ key: 'k' }, { key: 'other' }]);
    first.resolve('k', 1);
    const second = flights.start([{ key: 'k' }]);
    const secondResult = flights.pending('k');

    first.reject(new Error('first call failed on another key'));
    expect(flights.pending('k')).toBe(secondResult);
    second.resolve('k', 2);

    await expect(secondResult).resolves.toBe(2);
  });

  it('never reports an unshared rejection as unhandled', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      new SingleFlight<number>().start([{ key: 'alone' }]).reject(new Error('nobody waits'));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
